// What importing the built package loads, seen from a child process whose module hooks record every
// URL resolved: nothing of TLS, the dashboard, the event stream, metrics or the OpenAPI maker. A
// start loads what its app registers; prom-client waits for the first scrape. And an in-process
// HTTPS start writes nothing to the user's home.
import t, { type Test } from 'tap'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ROOT, run } from '../spawn.mjs'

const DIST = pathToFileURL(join(ROOT, 'dist')).href + '/'
const INDEX = `${DIST}index.js`
/** Loaded when first used, never by the import. */
const LAZY_PACKAGES = ['selfsigned', 'prom-client', '@fastify/static', '@fastify/helmet', '@fastify/sse',
  '@fastify/swagger']
const LAZY_MODULES = ['tls/authority.js', 'tls/listener.js', 'tls/in-process.js', 'tls/pem-files.js']

/** Runs `body` (an ES module's text, after `import * as emulator from <index>`) with every resolved URL recorded. */
async function traced(t: Test, body: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'omeda-lean-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const log = join(dir, 'resolved.log')
  writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n')
  return resolved
}`)
  writeFileSync(join(dir, 'register.mjs'),
    `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})`)
  writeFileSync(join(dir, 'main.mjs'), `import * as emulator from ${JSON.stringify(INDEX)}\n${body}`)
  const result = await run([process.execPath, '--import', pathToFileURL(join(dir, 'register.mjs')).href,
    join(dir, 'main.mjs')], { env: { NODE_OPTIONS: '', ...env } })
  t.equal(result.code, 0, result.stderr)
  return { urls: readFileSync(log, 'utf8').split('\n'), stdout: result.stdout, stderr: result.stderr }
}

/**
 * The package's entry points are bundled (esbuild), so a package or module is also loaded when a
 * loaded file of dist/ holds its code: esbuild heads each module's code with its path,
 * `// node_modules/selfsigned/index.js` or `// src/tls/authority.ts`.
 */
const bundled = new Map<string, string>()
const holds = (url: string, marker: string) => {
  if (!url.startsWith(DIST)) return false
  if (!bundled.has(url)) bundled.set(url, readFileSync(fileURLToPath(url), 'utf8'))
  return bundled.get(url)!.includes(marker)
}
const loads = (urls: string[], name: string) => urls.some((url) =>
  url.includes(`/node_modules/${name}/`) || url.endsWith(`/dist/${name}`) ||
  holds(url, `// node_modules/${name}/`) || holds(url, `// src/${name.replace(/\.js$/, '.ts')}\n`))

t.test('importing the package loads none of what is loaded when first used', async (t) => {
  const { urls } = await traced(t, "if (typeof emulator.startEmulator !== 'function') process.exit(3)")
  t.ok(loads(urls, 'fastify'), 'the hooks see the packages the import loads')
  t.ok(loads(urls, 'index.js'))
  for (const name of [...LAZY_PACKAGES, ...LAZY_MODULES]) t.notOk(loads(urls, name), `${name} is not loaded`)
})

t.test('a plain start loads no TLS; prom-client waits for the first scrape, and then answers', async (t) => {
  const { urls, stdout } = await traced(t, `
const started = await emulator.startEmulator()
const metrics = await fetch(started.url + '/__admin/metrics')
console.log(metrics.status, /omeda_requests_total/.test(await metrics.text()))
await started.close()`)
  t.equal(stdout, '200 true\n')
  t.ok(loads(urls, 'prom-client'), 'the scrape loaded prom-client')
  for (const name of ['selfsigned', ...LAZY_MODULES]) t.notOk(loads(urls, name), `${name} is not loaded`)
})

t.test('startEmulator({ tlsPort: 0 }) writes nothing to the home folder; its ca verifies its HTTPS port', async (t) => {
  const home = t.testdir({ home: {}, xdg: {} })
  const { stdout, urls } = await traced(t, `
import { request } from 'node:https'
const get = (url, ca) => new Promise((resolve, reject) => {
  request(url, { ca }, (answer) => { answer.resume(); resolve(answer.statusCode) }).on('error', reject).end()
})
const first = await emulator.startEmulator({ tlsPort: 0 })
const second = await emulator.startEmulator({ tlsPort: 0 })
const health = (started) => get(started.httpsUrl + '/__admin/health', started.ca)
console.log(await health(first), await health(second), first.ca === second.ca)
await first.close()
await second.close()`, { HOME: join(home, 'home'), XDG_DATA_HOME: join(home, 'xdg') })
  t.equal(stdout, '200 200 true\n', 'each handle\'s ca verifies its HTTPS port; one CA per process')
  t.ok(loads(urls, 'selfsigned'), 'certificates were made')
  t.same(readdirSync(join(home, 'home')), [], 'nothing in HOME')
  t.same(readdirSync(join(home, 'xdg')), [], 'nothing in XDG_DATA_HOME')
})
