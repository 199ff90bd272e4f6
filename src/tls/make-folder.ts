// mkdir -p, one level at a time. Node's recursive mkdirSync retries for ever (at full CPU) where a
// parent exists but refuses new entries with ENOENT, as /proc and /sys do: `--tls-dir /proc/x` never
// returned. A single mkdir fails once, with the reason to report.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/** Creates `dir` and any missing parents (absolute path); throws the first mkdir's error. */
export function makeFolder(dir: string, mode: number): void {
  const missing: string[] = []
  for (let at = dir; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at)
  for (const at of missing) {
    try {
      mkdirSync(at, { mode })
    } catch (error) {
      // Made meanwhile by another process (a server and `ca` started together): what was wanted.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}
