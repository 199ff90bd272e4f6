// The built server: `npm start`, the bin and the Docker image run dist/main.js, a bundle of the
// sources (fewer files to load, so a faster start). These tests drive that bundle as a process, so
// a bundling mistake fails here rather than in a user's CI. `npm test` builds it first.
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PACKAGE_VERSION } from '../../src/config.js'
import { ROOT, runMain, SHIPPED_FIXTURES, spawnEmulator } from '../helpers.js'

const QA_FIXTURES = join(ROOT, 'test', 'docker', 'fixtures')

t.test('the built server answers every outcome over a real socket (the Docker smoke test)', async (t) => {
  const emulator = await spawnEmulator([], { OMEDA_FIXTURES: QA_FIXTURES }, { built: true })
  t.teardown(() => emulator.stop())
  const smoke = spawn(
    process.execPath,
    [join(ROOT, 'test', 'docker', 'smoke.mjs'), emulator.url],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let output = ''
  smoke.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  smoke.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const [code] = await once(smoke, 'exit')
  if (code !== 0) t.comment(output)
  t.equal(code, 0, 'the smoke script passes')
  t.match(output, /# smoke: 19 passed, 0 failed/)
  t.equal(await emulator.stop(), 0, 'exits 0 on SIGTERM')
  t.ok(emulator.lines.some((line) => line.includes('"msg":"closing"')), 'logs its shutdown')
})

t.test('the built commands: --version, validate-fixtures, openapi, healthcheck', async (t) => {
  const version = await runMain(['--version'], {}, { built: true })
  t.equal(version.stdout.trim(), PACKAGE_VERSION)

  const valid = await runMain(['validate-fixtures', QA_FIXTURES], {}, { built: true })
  t.equal(valid.code, 0, valid.stderr)

  const openapi = await runMain(['openapi'], {}, { built: true })
  t.same(
    JSON.parse(openapi.stdout),
    JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')),
    'the committed OpenAPI document'
  )

  // No fixtures named: the bundle finds the shipped ones beside it, as `npm start` and the image do.
  const emulator = await spawnEmulator([], SHIPPED_FIXTURES, { built: true })
  t.teardown(() => emulator.stop())
  const port = new URL(emulator.url).port
  t.equal((await runMain(['healthcheck', '--port', port], {}, { built: true })).code, 0, 'healthy while it runs')
  await emulator.stop()
  t.equal((await runMain(['healthcheck', '--port', port], {}, { built: true })).code, 1, 'unhealthy once stopped')
})

t.test('a log reader that goes away stops the logging, not the server', async (t) => {
  const emulator = await spawnEmulator([], {}, { built: true })
  t.teardown(() => emulator.stop())
  emulator.child.stdout?.destroy()
  const lookup = `${emulator.url}/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*`
  // Enough lines to fill several blocks, and time for the timer's writes: both now meet a closed pipe.
  for (let i = 0; i < 300; i++) {
    await (await fetch(lookup, { headers: { 'x-omeda-appid': 'sandbox-app-id' } })).arrayBuffer()
  }
  await new Promise((resolve) => setTimeout(resolve, 300))
  const res = await fetch(lookup, { headers: { 'x-omeda-appid': 'sandbox-app-id' } })
  t.equal(res.status, 200, 'still answering')
  t.equal(await emulator.stop(), 0, 'and exits 0 on SIGTERM')
})
