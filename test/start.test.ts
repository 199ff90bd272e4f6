// Starting an emulator in-process (the package root's startEmulator): its own world on a free
// port, fixtures as values or paths, a starting clock, a bound admin client, and a close() that
// leaves nothing behind. The README's examples run as processes in process/start.test.ts.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startEmulator } from '../src/start.js'
import { FixtureError } from '../src/seed/files.js'
import { ConfigError } from '../src/options.js'
import { ROOT } from './helpers.js'
import { everyProblem } from './every-problem.js'

const qa = (TrackId: string, Status: 'Scheduled' | 'New' = 'New') => ({
  Brand: 'QA', TrackId, OwnerUserId: 'tester', Status,
  ...(Status === 'Scheduled' ? { ScheduledDate: '2030-01-01 09:00:00' } : {}),
})
const document = { apps: [{ AppId: 'qa-app', Brands: ['QA'] }], deployments: [qa('QA1', 'Scheduled'), qa('QA2')] }
const cancel = (url: string, TrackId: string, appId = 'qa-app') => fetch(`${url}/QA/omail/deployment/cancel/*`, {
  method: 'POST', headers: { 'x-omeda-appid': appId, 'content-type': 'application/json' }, body: JSON.stringify({
    UserId: 'tester',
    TrackId
  }),
})

t.test('fixtures as a document or as paths; each emulator has its own world', async (t) => {
  const a = await startEmulator({ fixtures: document })
  t.teardown(() => a.close())
  const dir = t.testdir({ 'qa.json': JSON.stringify(document) })
  const b = await startEmulator({ fixtures: join(dir, 'qa.json') })
  t.teardown(() => b.close())
  t.equal((await cancel(a.url, 'QA1')).status, 200)
  t.equal((await a.admin.deployment('QA', 'QA1'))?.Status, 'Cancelled')
  t.equal((await b.admin.deployment('QA', 'QA1'))?.Status, 'Scheduled', 'another emulator did not see it')
  const c = await startEmulator({ fixtures: [join(dir, 'qa.json')] })
  t.teardown(() => c.close())
  t.equal((await c.admin.fixtures()).deployments.length, 2)
})

t.test('invalid fixture documents are refused with every problem, as files are', async (t) => {
  const refusal = (fixtures: unknown) =>
    startEmulator({ fixtures: fixtures as never }).then(() => undefined, (error: unknown) => error)
  const bad = await refusal({ apps: [], deployments: [{ ...qa('QA1'), Status: 'Done' }, qa('QA1')] })
  t.type(bad, FixtureError)
  t.match(bad, { problems: [/^fixtures: \/deployments\/0\/Status: must be one of/] })
  const unreachable = await refusal({ apps: [], deployments: [qa('QA1')] })
  t.type(unreachable, FixtureError)
  t.match(unreachable, { problems: ["fixtures: /deployments/0/Brand: no app in the fixtures is granted brand 'QA'"] })
})

t.test('fixture files are refused with every problem of every file, in one pass', async (t) => {
  const dir = t.testdir(everyProblem.files)
  const fixtures = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f))
  const error = await startEmulator({ fixtures }).then(() => undefined, (e: unknown) => e)
  t.type(error, FixtureError)
  const expected = everyProblem.expected((name) => join(dir, name))
  t.equal((error as FixtureError).problems.length, expected.length, (error as FixtureError).message)
  expected.forEach((line, i) => t.match((error as FixtureError).problems[i], line))
})

t.test('options are checked as strictly as the command line: one ' +
  'ConfigError naming the option, before anything is opened', async (t) => {
  const dir = t.testdir({})
  const refusal = (options: unknown) => startEmulator(options as never).then(() => undefined, (error: unknown) => error)
  const cases: [unknown, string][] = [
    [{ port: 'abc' }, "port must be a number, not 'abc'"],
    [{ port: 70000 }, "port must be a whole number from 0 to 65535, not '70000'"],
    [{ port: -1 }, "port must be a whole number from 0 to 65535, not '-1'"],
    [{ isolaton: 'app-id' }, "unknown option 'isolaton' (did you mean 'isolation'?)"],
    [{ fixture: 'x.json' }, "unknown option 'fixture' (did you mean 'fixtures'?)"],
    [{ verbose: true }, "unknown option 'verbose'"],
    [{ isolation: 'per-test' }, "isolation must be 'shared' or 'app-id', not 'per-test'"],
    [{ logLevel: 'loud' }, "logLevel must be one of fatal, error, warn, info, debug, trace, silent, not 'loud'"],
    [{ reseed: 'yes' }, "reseed must be true or false, not 'yes'"],
    [{ allowedHosts: 'dev.test' }, "allowedHosts must be an array of strings, not 'dev.test'"],
    [{ tlsNames: ['ok.test', 'not a name'] }, "tlsNames: 'not a name' is not a host name or an IP address"],
    [{ maxLength: { TrackId: 0 } }, "maxLength.TrackId must be a whole number from 1 to 100000, not '0'"],
    [{ maxLength: { trackId: 5 } }, "unknown option 'maxLength.trackId' (maxLength takes UserId and TrackId)"],
    [{ adminToken: 42 }, 'adminToken must be a string, not 42'],
    [{ metrics: null }, 'metrics must be true or false, not null'],
    [{ maxLength: 5 }, 'maxLength must be an object, not 5'],
    [
      { clock: '2031-01-01 00:00:00' },
      "clock must be { now: 'yyyy-MM-dd HH:mm:ss' } or { offsetSeconds }, not '2031-01-01 00:00:00'"
    ],
    [
      { clock: { now: '2031-01-01 00:00:00' }, isolation: 'app-id' },
      "a starting clock is the shared world's; in isolation mode, " +
        "set each world's clock with admin.forTenant(appId).setClock()"
    ],
  ]
  for (const [options, message] of cases) {
    const error = await refusal({ db: join(dir, 'x.db'), tlsPort: 0, tlsDir: join(dir, 'tls'), ...options as object })
    t.type(error, ConfigError, JSON.stringify(options))
    t.equal((error as Error).message, message, JSON.stringify(options))
  }
  t.same(readdirSync(dir), [], 'no database file and no TLS folder was made')
  t.match(await refusal(null), { name: 'ConfigError', message: 'startEmulator takes an object of options, not null' })
  const quiet = await startEmulator({ port: undefined, fixtures: document })
  t.teardown(() => quiet.close())
  t.match(
    quiet.url,
    /^http:\/\/127\.0\.0\.1:\d+$/,
    'an option given as undefined is left at its default, as one left out'
  )
})

t.test('options are set as the command line sets them: an origin is its origin, an empty token none', async (t) => {
  const emulator = await startEmulator({
    fixtures: document, origin: 'http://emulator.test:3000/any/path', adminToken: '',
  })
  t.teardown(() => emulator.close())
  const res = await fetch(`${emulator.url}/QA/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-omeda-appid': 'qa-app' },
    body: JSON.stringify({ UserId: 'tester', TrackId: 'QA1' }),
  })
  const { ResponseInfo } = await res.json() as { ResponseInfo: { Url: string }[] }
  t.equal(ResponseInfo[0]?.Url, 'http://emulator.test:3000/webservices/rest/brand/QA/omail/deployment/lookup/QA1/*')
  t.equal((await fetch(`${emulator.url}/__admin/faults`)).status, 200, 'no admin token asked for')
})

t.test('options as on the command line: a starting clock, an admin token, lengths, isolation', async (t) => {
  const emulator = await startEmulator({
    fixtures: document,
    clock: { now: '2031-01-01 00:00:00' },
    adminToken: 'secret',
    maxLength: { TrackId: 3 }
  })
  t.teardown(() => emulator.close())
  t.equal((await fetch(`${emulator.url}/__admin/fixtures`)).status, 401, 'the token is required')
  t.match((await emulator.admin.clock()).now, /^2031-01-01 /, 'the admin client carries the token')
  const sent = await cancel(emulator.url, 'QA1')
  t.equal(sent.status, 400)
  t.match(
    await sent.json(),
    { Errors: [{ Error: "Deployment 'QA1' was sent on 2030-01-01 09:00:00." }] },
    'the clock started in 2031'
  )
  t.match(
    await (await cancel(emulator.url, 'QA12')).json(),
    { Errors: [{ Error: "The value 'QA12' for field 'TrackId' exceeded a max length of 3." }] }
  )

  const isolated = await startEmulator({ fixtures: document, isolation: 'app-id' })
  t.teardown(() => isolated.close())
  t.equal((await cancel(isolated.url, 'QA2', 'qa-app+run-1')).status, 200)
  t.equal((await cancel(isolated.url, 'QA2', 'qa-app+run-2')).status, 200, 'each app id has its own world')
  await t.rejects(
    startEmulator({ isolation: 'app-id', clock: { offsetSeconds: 60 } }),
    /in isolation mode, set each world's clock/
  )
})

t.test('the testing guide shows each in-process example verbatim, and the README the node:test one', async (t) => {
  const shown = (file: string, example: string) =>
    readFileSync(join(ROOT, file), 'utf8').includes(readFileSync(
      join(ROOT, 'test', 'examples', example),
      'utf8'
    ).trimEnd())
  for (const example of [
    'in-process.node-test.mjs',
    'in-process.vitest.test.mjs',
    'in-process.tap.mjs',
    'in-process.plain.mjs'
  ]) {
    t.ok(shown(join('docs', 'testing.md'), example), example)
  }
  t.ok(shown('README.md', 'in-process.node-test.mjs'), 'README.md: in-process.node-test.mjs')
})
