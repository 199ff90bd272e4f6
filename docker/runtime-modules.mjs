// Copies into the image only the node_modules that dist/main.js loads at run time. The esbuild bundle
// holds everything else; it leaves better-sqlite3 (a native addon), pino and pino-pretty (loaded in
// worker threads) outside, and serves eventsource-parser's browser build to the dashboard from disk.
// Each package's own dependencies follow, found as Node's resolution finds them.
// Usage: node docker/runtime-modules.mjs FROM TO   (FROM holds node_modules after `npm ci`)
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

const ROOTS = ['better-sqlite3', 'pino', 'pino-pretty', 'eventsource-parser']
// Needed only to install better-sqlite3 (it fetches or builds the addon), never to load it.
const INSTALL_ONLY = new Set(['prebuild-install'])
const [from, to] = process.argv.slice(2).map((path) => path.replace(/\/+$/, ''))
if (!from || !to) throw new Error('usage: runtime-modules.mjs FROM TO')

// The folder Node would load `name` from, looked up from `start`.
function locate(name, start) {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === from || dir === dirname(dir)) return undefined
  }
}

const copied = new Set()
const queue = ROOTS.map((name) => ({ name, start: from, optional: false }))
while (queue.length > 0) {
  const { name, start, optional } = queue.shift()
  const dir = locate(name, start)
  if (!dir) {
    if (optional) continue
    throw new Error(`${name} (needed from ${start}) is not installed`)
  }
  if (copied.has(dir)) continue
  copied.add(dir)
  // Nested node_modules are copied when something needs them, not wholesale.
  cpSync(dir, join(to, relative(from, dir)), {
    recursive: true,
    filter: (path) => !relative(dir, path).split(sep).includes('node_modules'),
  })
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (!INSTALL_ONLY.has(dep)) queue.push({ name: dep, start: dir, optional: false })
  }
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
    queue.push({ name: dep, start: dir, optional: true })
  }
}
console.log(`${copied.size} packages kept for dist/main.js`)
