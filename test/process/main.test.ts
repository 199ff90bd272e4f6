// The entry point as users run it: a real process, real socket, real signals, real log output.
import t from 'tap'
import { chmodSync, readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { once } from 'node:events'
import { join } from 'node:path'
import { APP_ID, postJson, ROOT, runMain, SHIPPED_FIXTURES, spawnEmulator, TEST_WORLD } from '../helpers.js'
import { everyProblem } from '../every-problem.js'

t.test('starts on the default fixtures, serves a cancel over ' +
  'a socket, logs JSON without secrets, exits 0 on SIGTERM', async (t) => {
  const emulator = await spawnEmulator([], { ...SHIPPED_FIXTURES, OMEDA_ADMIN_TOKEN: 'admin-secret' })
  t.teardown(() => emulator.stop('SIGKILL'))
  const ok = await postJson(
    `${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`,
    { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  )
  t.equal(ok.status, 200)
  t.equal(
    (ok.body.ResponseInfo as { Url: string }[])[0]?.Url,
    `${emulator.url}/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*`
  )
  const refused = await postJson(
    `${emulator.url}/FOO/omail/deployment/cancel/*`,
    {},
    { 'x-omeda-appid': 'secret-looking-app-id' }
  )
  t.equal(refused.status, 403)
  const visit = await fetch(`${emulator.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' })
  t.same([visit.status, visit.headers.get('location')], [302, '/__admin/ui/'], 'a page asked for at / is the dashboard')
  t.equal(await emulator.stop('SIGTERM'), 0, 'exit code 0 after SIGTERM')

  const records = emulator.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  t.ok(records.some((r) => r.msg === 'emulator ready'), 'logs a ready line')
  t.equal(
    records.find((r) => r.msg === 'emulator ready')?.dashboard,
    `${emulator.url}/__admin/ui/`,
    'which says where the dashboard is'
  )
  t.ok(records.some((r) => r.reqId === ok.body.SubmissionId), 'request logs carry the SubmissionId as reqId')
  const all = emulator.lines.join('\n')
  t.notMatch(all, APP_ID, 'the app id is not logged')
  t.notMatch(all, 'secret-looking-app-id', 'nor a refused one')
  t.notMatch(all, 'admin-secret', 'nor the admin token')
})

t.test('SIGINT also closes cleanly', async (t) => {
  const emulator = await spawnEmulator()
  t.equal(await emulator.stop('SIGINT'), 0)
})

t.test('bad configuration exits 2 with one clear line', async (t) => {
  const res = await runMain([], { PORT: 'abc' })
  t.equal(res.code, 2)
  t.equal(res.stderr, "omeda-emulator: port must be a whole number from 0 to 65535, not 'abc'\n")
  const flag = await runMain(['--nope'])
  t.equal(flag.code, 2)
  t.equal(flag.stderr, "omeda-emulator: unknown option '--nope' (see --help)\n")
  // Values that look like options are checked as values, not explained over Node's three lines.
  for (const [argv, line] of [
    [['--port', '-1'], "port must be a whole number from 0 to 65535, not '-1'"],
    [['--journal-limit', '-5'], "journal-limit must be a whole number from 1 to 10000000, not '-5'"],
  ] as const) {
    const negative = await runMain([...argv])
    t.same([negative.code, negative.stderr], [2, `omeda-emulator: ${line}\n`], argv.join(' '))
  }
})

t.test('invalid fixtures exit 1 naming file, path and problem; nothing listens', async (t) => {
  const dir = t.testdir({ 'qa.json': JSON.stringify({
    apps: [],
    deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'Sent' }]
  }) })
  const res = await runMain(['--port', '0'], { OMEDA_FIXTURES: join(dir, 'qa.json') })
  t.equal(res.code, 1)
  t.match(res.stderr, /^omeda-emulator: invalid fixtures:\n/)
  t.match(
    res.stderr,
    `${join(dir, 'qa.json')}: /deployments/0/SentDate: a deployment with Status 'Sent' needs a SentDate`
  )
  t.notMatch(res.stdout, /Server listening/)
})

t.test('--help and --version print and exit 0', async (t) => {
  const help = await runMain(['--help'])
  t.equal(help.code, 0)
  t.match(
    help.stdout,
    new RegExp(/^omeda-emulator: a local, stateful emulator of Omeda's Email Deployment API /.source +
      /\(also installed as omeda-cancel-emulator\)\n\nUsage: omeda-emulator \[options\] /.source)
  )
  t.notMatch(help.stdout, /Cancel API/, 'the emulator serves more than the Cancel API')
  for (const command of ['healthcheck', 'validate-fixtures', 'openapi', 'ca']) {
    t.match(help.stdout, `\n       omeda-emulator ${command} `, command)
  }
  t.match(help.stdout, 'OMEDA_FIXTURES')
  const version = await runMain(['--version'])
  t.equal(version.code, 0)
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  t.equal(version.stdout, `${pkg.version}\n`)
})

t.test('a port in use is a clear failure, not a hang', async (t) => {
  const first = await spawnEmulator()
  t.teardown(() => first.stop('SIGKILL'))
  const port = new URL(first.url).port
  const second = await runMain(['--port', port], { LOG_LEVEL: 'warn' })
  t.equal(second.code, 2, 'a configuration mistake')
  t.equal(
    second.stderr,
    `omeda-emulator: cannot listen on 127.0.0.1:${port}: the ` +
      'port is already in use (pick another with --port or PORT)\n'
  )
  t.equal(second.stdout, '', 'no stack trace, no log line at LOG_LEVEL=warn')
  const info = await runMain(['--port', port])
  t.notMatch(info.stdout, /"err"|stack/, 'no stack trace at info either')
})

t.test('an unknown host is one clear line and exit 2', async (t) => {
  const res = await runMain(['--port', '0', '--host', 'no-such-host.invalid'], {}, { built: true })
  t.equal(res.code, 2)
  t.equal(res.stderr, 'omeda-emulator: cannot listen on no-such-host.invalid:0: the host name does not resolve\n')
  t.notMatch(res.stdout, /"err"|stack/)
})

t.test('a database that cannot be opened exits 2, naming the path and the reason', async (t) => {
  const dir = t.testdir({ 'notes.db': 'plain text, not SQLite\n'.repeat(100), folder: {}, locked: {} })
  const cases: [string, string][] = [
    [join(dir, 'folder'), 'it is a directory'],
    [join(dir, 'notes.db'), 'the file is not an SQLite database'],
    [join(dir, 'missing', 'x.db'), `the folder ${join(dir, 'missing')} does not exist`],
  ]
  for (const [db, reason] of cases) {
    const res = await runMain(['--port', '0', '--db', db], {}, { built: true })
    t.same(res, { code: 2, stdout: '', stderr: `omeda-emulator: cannot open the database ${db}: ${reason}\n` }, reason)
  }
  // A read-only folder: root writes anywhere, so as root the emulator runs as nobody for this case.
  chmodSync(join(dir, 'locked'), 0o555)
  const asNobody = process.getuid?.() === 0 ? { uid: 65534 } : {}
  const db = join(dir, 'locked', 'x.db')
  const res = await runMain(['--port', '0', '--db', db], {}, { built: true, ...asNobody })
  t.same(
    res,
    {
      code: 2,
      stdout: '',
      stderr: `omeda-emulator: cannot open the database ${db}: the folder ${join(dir, 'locked')} is not writable\n`
    }
  )
})

t.test('a file database says at start which world it serves, and that other fixtures were not applied', async (t) => {
  const deployment = (TrackId: string) => ({ Brand: 'QA', TrackId, OwnerUserId: 'tester', Status: 'New' })
  const fixture = (...ids: string[]) => JSON.stringify({
    apps: [{ AppId: 'qa-app', Brands: ['QA', 'QB'] }],
    deployments: ids.map(deployment)
  })
  const dir = t.testdir({ 'a.json': fixture('QA1', 'QA2'), 'b.json': fixture('QB1', 'QB2', 'QB3') })
  const db = join(dir, 'state.db')
  const run = async (fixtures: string, ...args: string[]) => {
    const emulator = await spawnEmulator(['--db', db, '--fixtures', join(dir, fixtures), ...args], {}, { built: true })
    t.equal(await emulator.stop(), 0)
    const records = emulator.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    return {
      ready: records.find((r) => r.msg === 'emulator ready'),
      world: records.find((r) => String(r.msg).startsWith('serving the world stored'))
    }
  }
  const first = await run('a.json')
  t.match(first.ready, { deployments: 2, apps: 1 }, 'a new file is seeded from the fixtures')
  t.equal(first.world, undefined, 'nothing to say about a stored world')

  const other = await run('b.json')
  t.match(other.ready, { deployments: 2, apps: 1 }, 'the counts are those of the world served')
  t.match(
    other.world,
    { level: 40, db, deployments: 2, msg: /the fixtures given differ .* were NOT applied \(start with --reseed/ }
  )

  const same = await run('a.json')
  t.match(
    same.world,
    { level: 30, deployments: 2, msg: /built from the same fixtures/ },
    'the same fixtures again: a plain note'
  )

  const reseeded = await run('b.json', '--reseed')
  t.match(reseeded.ready, { deployments: 3 })
  t.equal(reseeded.world, undefined)
  t.equal((await run('b.json')).world?.level, 30, 'after a reseed, the stored world is the one the fixtures built')
})

t.test('the ready line counts app ids, as validate-fixtures does', async (t) => {
  const emulator = await spawnEmulator([], {}, { built: true })
  t.equal(await emulator.stop(), 0)
  const ready = emulator.lines.map(
    (line) => JSON.parse(line) as Record<string, unknown>
  ).find((r) => r.msg === 'emulator ready')
  const validated = await runMain(['validate-fixtures', TEST_WORLD], {}, { built: true })
  t.match(validated.stdout, `valid: ${ready?.apps} apps, ${ready?.deployments} deployments`)
  t.equal(ready?.apps, 3)
})

t.test('healthcheck exits 0 against a running emulator and 1 when none answers', async (t) => {
  const emulator = await spawnEmulator()
  t.teardown(() => emulator.stop('SIGKILL'))
  const port = new URL(emulator.url).port
  const healthy = await runMain(['healthcheck', '--port', port])
  t.equal(healthy.code, 0)
  await emulator.stop()
  const gone = await runMain(['healthcheck'], { PORT: port })
  t.equal(gone.code, 1)
  t.equal(gone.stderr, `omeda-emulator: unhealthy: nothing listens at http://127.0.0.1:${port}/__admin/health (connection refused)\n`)
})

t.test('healthcheck says why in one line: an error status, a wrong answer, no answer in time', async (t) => {
  let answer: (res: ServerResponse) => unknown = (res) => res.writeHead(503).end('{"status":"starting"}')
  const server = createServer((_req, res) => answer(res))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const port = String((server.address() as AddressInfo).port)
  const url = `http://127.0.0.1:${port}/__admin/health`
  const check = () => runMain(['healthcheck', '--port', port], {}, { built: true })
  t.same(await check(), { code: 1, stdout: '', stderr: `omeda-emulator: unhealthy: ${url} answered HTTP 503\n` })
  answer = (res) => res.writeHead(200).end('{"status":"degraded"}')
  t.same(
    await check(),
    { code: 1, stdout: '', stderr: `omeda-emulator: unhealthy: ${url} answered {"status":"degraded"}\n` }
  )
  answer = () => {}
  t.same(
    await check(),
    { code: 1, stdout: '', stderr: `omeda-emulator: unhealthy: no answer from ${url} within 2000 ms\n` }
  )
})

t.test('healthcheck bounds the body by the timeout too, and a broken body is one line', async (t) => {
  // 200 headers at once, then a body that trickles a byte every 100 ms and never ends, or one that
  // is cut off half-way: the command must still answer within its 2 s, in one line, exit 1.
  let answer: (res: ServerResponse) => unknown = () => {}
  const server = createServer((_req, res) => answer(res))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const timers = new Set<NodeJS.Timeout>()
  t.teardown(() => { for (const timer of timers) clearInterval(timer); server.closeAllConnections(); server.close() })
  const port = String((server.address() as AddressInfo).port)
  const url = `http://127.0.0.1:${port}/__admin/health`

  // What the command takes when the answer is at once (its start-up), to time the trickle against.
  answer = (res) => res.writeHead(503).end()
  let started = Date.now()
  t.equal((await runMain(['healthcheck', '--port', port])).code, 1)
  const startup = Date.now() - started

  answer = (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{')
    const timer = setInterval(() => res.write(' '), 100)
    timers.add(timer)
    res.once('close', () => clearInterval(timer))
  }
  started = Date.now()
  const trickled = await runMain(['healthcheck', '--port', port])
  const took = Date.now() - started
  t.same(
    trickled,
    { code: 1, stdout: '', stderr: `omeda-emulator: unhealthy: ${url} did not finish its answer within 2000 ms\n` }
  )
  // The 2 s timeout on top of the start-up (with room for a busy machine); a body left unbounded
  // would run on for ever.
  t.ok(took < startup + 2000 + 2500, `promptly (${took} ms, start-up ${startup} ms)`)

  answer = (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
    res.write('{"status":')
    setTimeout(() => res.destroy(), 50)
  }
  const cut = await runMain(['healthcheck', '--port', port])
  t.equal(cut.code, 1)
  t.match(
    cut.stderr,
    new RegExp(`^omeda-emulator: unhealthy: ${url.replace(/[.]/g, '\\.')} broke off its answer: [^\n]+\n$`),
    'one line saying so'
  )
})

t.test('listening beyond loopback without an admin token logs a warning; with one, it does not', async (t) => {
  const open = await spawnEmulator(['--host', '0.0.0.0'], { OMEDA_ADMIN_TOKEN: '' })
  t.teardown(() => open.stop('SIGKILL'))
  t.equal(await open.stop(), 0)
  t.ok(open.lines.some((l) => l.includes('set OMEDA_ADMIN_TOKEN')), 'warned')
  const closed = await spawnEmulator(['--host', '0.0.0.0'], { OMEDA_ADMIN_TOKEN: 'tok' })
  t.teardown(() => closed.stop('SIGKILL'))
  t.equal(await closed.stop(), 0)
  t.notOk(closed.lines.some((l) => l.includes('set OMEDA_ADMIN_TOKEN')), 'no warning with a token')
  t.notOk(closed.lines.some((l) => l.includes('"tok"')), 'the token is not logged')
})

t.test('validate-fixtures checks files for QA without starting anything', async (t) => {
  const dir = t.testdir({
    'good.json': JSON.stringify({
      apps: [{ AppId: 'a', Brands: ['QA'] }],
      deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'New' }]
    }),
    'bad.json': JSON.stringify({
      apps: [],
      deployments: [{ Brand: 'QA', TrackId: 'T1', OwnerUserId: 'u', Status: 'Nope' }]
    }),
  })
  const good = await runMain(['validate-fixtures', join(dir, 'good.json')])
  t.same([good.code, good.stdout], [0, 'valid: 1 apps, 1 deployments\n'])
  const bad = await runMain(['validate-fixtures', join(dir, 'good.json'), join(dir, 'bad.json')])
  t.equal(bad.code, 1)
  t.match(
    bad.stderr,
    `omeda-emulator: invalid fixtures:\n  ${join(dir, 'bad.json')}: /deployments/0/Status: must be one of`
  )
  const listed = await runMain(['validate-fixtures', `${join(dir, 'good.json')},${join(dir, 'bad.json')}`])
  t.equal(listed.code, 1, 'a comma-separated list, as --fixtures takes it')
  t.match(listed.stderr, `${join(dir, 'bad.json')}: /deployments/0/Status: must be one of`)
  const spaced = await runMain(['validate-fixtures', ` ${join(dir, 'good.json')} , `])
  t.same([spaced.code, spaced.stdout], [0, 'valid: 1 apps, 1 deployments\n'])
  const none = await runMain(['validate-fixtures'])
  t.same([none.code, none.stderr], [2, 'omeda-emulator: validate-fixtures needs at least one file or directory\n'])
})

t.test('validate-fixtures lists every problem of every ' +
  'file in one pass, each with its file and JSON path', async (t) => {
  const dir = t.testdir(everyProblem.files)
  const res = await runMain(['validate-fixtures', ...['a.json', 'b.json', 'c.json'].map((f) => join(dir, f))])
  t.equal(res.code, 1)
  const [head, ...lines] = res.stderr.trimEnd().split('\n')
  t.equal(head, 'omeda-emulator: invalid fixtures:')
  const expected = everyProblem.expected((name) => join(dir, name))
  t.equal(lines.length, expected.length, res.stderr)
  expected.forEach((line, i) => t.match(
    lines[i],
    typeof line === 'string' ? `  ${line}` : new RegExp(`^  ${line.source.slice(1)}`)
  ))
})

t.test('openapi prints the same document as the committed copy', async (t) => {
  const res = await runMain(['openapi'])
  t.equal(res.code, 0)
  t.same(JSON.parse(res.stdout), JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')))
})
