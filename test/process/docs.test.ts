// The documentation as a reader meets it: every page can be reached from the README or the docs
// index, the README stays short, its curl walkthrough and the error answers the docs show are the
// emulator's own, and the command given for the tap example passes.
import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../../src/config.js'
import { build, listening, ROOT } from '../helpers.js'
import { run } from '../spawn.mjs'

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const linkTargets = (file: string, prefix: string) =>
  [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => join(prefix, m[1]!))

t.test('every page in docs/ is linked from the README or docs/README.md', async (t) => {
  const linked = new Set([...linkTargets('README.md', '.'), ...linkTargets(join('docs', 'README.md'), 'docs')])
  const pages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md') && name !== 'README.md')
  t.ok(pages.length > 0)
  t.same(pages.filter((name) => !linked.has(join('docs', name))), [], 'pages linked from neither')
})

t.test('the error answers in docs/admin-api.md are the emulator\'s own', async (t) => {
  const app = await build(t)
  const shown = read(join('docs', 'admin-api.md'))
  const deployments = [{ Brand: 'FOO', TrackId: 'FOO1', OwnerUserId: 'x', Status: 'Done' }]
  const answers = [
    await app.inject({ method: 'POST', url: '/__admin/fixtures', payload: { deployments } }),
    await app.inject({ method: 'GET', url: '/__admin/submissions?limit=abc' }),
  ]
  for (const res of answers) {
    t.equal(res.statusCode, 400)
    const line = res.body.replace(/"SubmissionId":"[^"]+"/, '"SubmissionId":"…"')
    t.ok(shown.includes(`\n${line}\n`), line)
  }
  t.ok(shown.includes(`-d '${JSON.stringify({ deployments })}'`), 'the request shown is the one sent')
  t.ok(shown.includes("curl -s 'http://127.0.0.1:3000/__admin/submissions?limit=abc'"), 'the request shown is the one sent')
})

t.test('the command docs/testing.md gives for the tap example passes', async (t) => {
  const command = /`(npx tap [^`]*) cancel\.test\.mjs`/.exec(read(join('docs', 'testing.md')))?.[1]
  t.ok(command, 'the guide names a command for the tap example')
  if (!command) return
  // A bare environment: this run's own tap settings and coverage hooks must not leak into it. And a
  // folder outside the project: a tap run clears the .tap folder of the project it finds itself in,
  // where this run keeps the coverage of the tests done so far.
  const outside = mkdtempSync(join(tmpdir(), 'tap-example-'))
  t.teardown(() => rmSync(outside, { recursive: true, force: true }))
  writeFileSync(join(outside, 'package.json'), '{ "type": "module" }\n')
  symlinkSync(join(ROOT, 'node_modules'), join(outside, 'node_modules'))
  // `npx tap` as a user's project has it: this project's tap.
  const [npx, tap, ...flags] = command.split(' ')
  t.same([npx, tap], ['npx', 'tap'])
  const result = await run(['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`,
    join(ROOT, 'node_modules', '.bin', 'tap'), ...flags, join(ROOT, 'test', 'examples', 'in-process.tap.mjs')],
  { timeoutMs: 120_000, cwd: outside })
  t.equal(result.code, 0, result.stdout + result.stderr)
  t.match(result.stdout, /# \{ total: \d+, pass: \d+ \}/)
})

t.test('the README stays under 12 KB and in its order', async (t) => {
  const readme = read('README.md')
  t.ok(Buffer.byteLength(readme) <= 12 * 1024, `${Buffer.byteLength(readme)} bytes`)
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1])
  t.same(headings, ['Install and run', 'Use it from your tests', 'Try every outcome with curl', 'Where to go next'])
  const first = readme.indexOf('npm ci && npm start')
  t.ok(first > 0 && first < readme.indexOf('## Install and run'), 'the fresh-clone commands come first')
})

t.test('the README\'s curl walkthrough gets the answers it shows', async (t) => {
  // What `npm start` serves: the shipped fixtures, not the tests' own world.
  const { url } = await listening(t, { fixtures: [DEFAULT_FIXTURES] })
  const block = /## Try every outcome with curl[\s\S]*?```sh\n([\s\S]*?)```/.exec(read('README.md'))?.[1]
  t.ok(block, 'the README has the walkthrough')
  if (!block) return
  const shown = block.split('\n').filter((line) => line.startsWith('#> ')).map((line) => line.slice(3))
  t.ok(shown.length >= 10, `${shown.length} answers shown`)
  const script = block.split('\n').filter((line) => !line.startsWith('#')).join('\n').replaceAll('http://127.0.0.1:3000', url)
  const result = await run(['bash', '-euc', script], { timeoutMs: 60_000 })
  t.equal(result.code, 0, result.stderr)
  const got = result.stdout.trimEnd().split('\n')
    .map((line) => line.replaceAll(url, 'http://127.0.0.1:3000').replace(/"SubmissionId":"[0-9A-F-]{36}"/g, '"SubmissionId":"…"'))
  t.same(got, shown)
})
