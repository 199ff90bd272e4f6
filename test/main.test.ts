// The entry point as users run it: a real process, real socket, real signals, real log output.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ID, postJson, ROOT, runMain, startEmulator } from './helpers.js'

t.test('starts on the default fixtures, serves a cancel over a socket, logs JSON without secrets, exits 0 on SIGTERM', async (t) => {
  const emulator = await startEmulator([], { OMEDA_ADMIN_TOKEN: 'admin-secret' })
  t.teardown(() => emulator.stop('SIGKILL'))
  const ok = await postJson(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(ok.status, 200)
  t.equal((ok.body.ResponseInfo as { Url: string }[])[0]?.Url, `${emulator.url}/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*`)
  const refused = await postJson(`${emulator.url}/FOO/omail/deployment/cancel/*`, {}, { 'x-omeda-appid': 'secret-looking-app-id' })
  t.equal(refused.status, 403)
  t.equal(await emulator.stop('SIGTERM'), 0, 'exit code 0 after SIGTERM')

  const records = emulator.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  t.ok(records.some((r) => r.msg === 'emulator ready'), 'logs a ready line')
  t.ok(records.some((r) => r.reqId === ok.body.SubmissionId), 'request logs carry the SubmissionId as reqId')
  const all = emulator.lines.join('\n')
  t.notMatch(all, APP_ID, 'the app id is not logged')
  t.notMatch(all, 'secret-looking-app-id', 'nor a refused one')
  t.notMatch(all, 'admin-secret', 'nor the admin token')
})

t.test('SIGINT also closes cleanly', async (t) => {
  const emulator = await startEmulator()
  t.equal(await emulator.stop('SIGINT'), 0)
})

t.test('bad configuration exits 2 with one clear line', async (t) => {
  const res = await runMain([], { PORT: 'abc' })
  t.equal(res.code, 2)
  t.equal(res.stderr, "omeda-cancel-emulator: port must be a whole number from 0 to 65535, not 'abc'\n")
  const flag = await runMain(['--nope'])
  t.equal(flag.code, 2)
  t.equal(flag.stderr, "omeda-cancel-emulator: unknown option '--nope' (see --help)\n")
})

t.test('invalid fixtures exit 1 naming file, path and problem; nothing listens', async (t) => {
  const dir = t.testdir({ 'qa.json': JSON.stringify({ apps: [], deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'Sent' }] }) })
  const res = await runMain(['--port', '0'], { OMEDA_FIXTURES: join(dir, 'qa.json') })
  t.equal(res.code, 1)
  t.match(res.stderr, /^omeda-cancel-emulator: invalid fixtures:\n/)
  t.match(res.stderr, `${join(dir, 'qa.json')}: /deployments/0/SentDate: a deployment with Status 'Sent' needs a SentDate`)
  t.notMatch(res.stdout, /Server listening/)
})

t.test('--help and --version print and exit 0', async (t) => {
  const help = await runMain(['--help'])
  t.equal(help.code, 0)
  t.match(help.stdout, /^Usage: omeda-cancel-emulator/)
  t.match(help.stdout, 'OMEDA_FIXTURES')
  const version = await runMain(['--version'])
  t.equal(version.code, 0)
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  t.equal(version.stdout, `${pkg.version}\n`)
})

t.test('a port in use is a clear failure, not a hang', async (t) => {
  const first = await startEmulator()
  t.teardown(() => first.stop('SIGKILL'))
  const port = new URL(first.url).port
  const second = await runMain(['--port', port])
  t.equal(second.code, 1)
  t.match(second.stderr, `omeda-cancel-emulator: cannot listen on 127.0.0.1:${port}`)
})

t.test('healthcheck exits 0 against a running emulator and 1 when none answers', async (t) => {
  const emulator = await startEmulator()
  t.teardown(() => emulator.stop('SIGKILL'))
  const port = new URL(emulator.url).port
  const healthy = await runMain(['healthcheck', '--port', port])
  t.equal(healthy.code, 0)
  await emulator.stop()
  const gone = await runMain(['healthcheck'], { PORT: port })
  t.equal(gone.code, 1)
})

t.test('listening beyond loopback without an admin token logs a warning; with one, it does not', async (t) => {
  const open = await startEmulator(['--host', '0.0.0.0'], { OMEDA_ADMIN_TOKEN: '' })
  t.teardown(() => open.stop('SIGKILL'))
  t.equal(await open.stop(), 0)
  t.ok(open.lines.some((l) => l.includes('set OMEDA_ADMIN_TOKEN')), 'warned')
  const closed = await startEmulator(['--host', '0.0.0.0'], { OMEDA_ADMIN_TOKEN: 'tok' })
  t.teardown(() => closed.stop('SIGKILL'))
  t.equal(await closed.stop(), 0)
  t.notOk(closed.lines.some((l) => l.includes('set OMEDA_ADMIN_TOKEN')), 'no warning with a token')
  t.notOk(closed.lines.some((l) => l.includes('"tok"')), 'the token is not logged')
})

t.test('validate-fixtures checks files for QA without starting anything', async (t) => {
  const dir = t.testdir({
    'good.json': JSON.stringify({ apps: [{ AppId: 'a', Brands: ['QA'] }], deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'New' }] }),
    'bad.json': JSON.stringify({ apps: [], deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'Nope' }] }),
  })
  const good = await runMain(['validate-fixtures', join(dir, 'good.json')])
  t.same([good.code, good.stdout], [0, 'valid: 1 apps, 1 deployments\n'])
  const bad = await runMain(['validate-fixtures', join(dir, 'good.json'), join(dir, 'bad.json')])
  t.equal(bad.code, 1)
  t.match(bad.stderr, `omeda-cancel-emulator: invalid fixtures:\n  ${join(dir, 'bad.json')}: /deployments/0/Status: must be one of`)
  const none = await runMain(['validate-fixtures'])
  t.same([none.code, none.stderr], [2, 'omeda-cancel-emulator: validate-fixtures needs at least one file or directory\n'])
})

t.test('openapi prints the same document as the committed copy', async (t) => {
  const res = await runMain(['openapi'])
  t.equal(res.code, 0)
  t.same(JSON.parse(res.stdout), JSON.parse(readFileSync(join(ROOT, 'src', 'openapi.json'), 'utf8')))
})
