// Files the emulator serves as they are. This module sits one level below the package root both in
// the sources (src/assets.ts) and in the bundle (dist/main.js), so one relative URL finds them.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The dashboard's page, script and style. */
export const DASHBOARD_ROOT = fileURLToPath(new URL('../src/ui/', import.meta.url))

/** The browser build of the SSE parser the dashboard reads the event stream with. */
export const SSE_PARSER_ROOT = join(
  dirname(createRequire(import.meta.url).resolve('eventsource-parser/package.json')),
  'dist'
)
