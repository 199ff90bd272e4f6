// The verify command as users run it (runCommand, the command line read by readConfig): ignores,
// known gaps, the JSON and JUnit reports, and its exit codes.
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { runCommand } from '../../src/cli.js'
import { readConfig } from '../../src/config.js'
import { TEST_WORLD } from '../helpers.js'
import { fakeUpstream, jsonMutation } from './fake-upstream.js'
import { folder, OWNER, SessionBuilder } from './session-builder.js'

/** A session of three exchanges: a clean lookup, a cancel answered 400 with a cache-control, a renamed field. */
async function mutatedSession(t: Test): Promise<string> {
  const upstream = await fakeUpstream(t)
  const builder = new SessionBuilder(t, upstream)
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261124001/*' })
  upstream.mutate((answer) => ({ ...answer, status: 400, headers: { ...answer.headers, 'cache-control': 'private' } }))
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO000000000' } })
  upstream.mutate(jsonMutation(({ DeploymentName, ...rest }) => ({ ...rest, DeploymentTitle: DeploymentName })))
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261124002/*' })
  upstream.mutate(undefined)
  return (await builder.write(t, 'mutated.har')).file
}

async function cleanSession(t: Test): Promise<string> {
  const builder = new SessionBuilder(t, await fakeUpstream(t))
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261124001/*' })
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO261124001' } })
  return (await builder.write(t, 'clean.har')).file
}

async function verify(args: string[], env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const { command, args: files, config } = readConfig(['verify', '--fixtures', TEST_WORLD, ...args], env)
  if (command !== 'verify') throw new Error(`read as ${command}`)
  const code = await runCommand(command, files, config, { out: (s) => out.push(s), err: (s) => err.push(s) })
  return { code, out: out.join(''), err: err.join('') }
}

/** The kinds and paths a JSON report lists. */
async function reported(t: Test, args: string[]) {
  const json = join(folder(t), `report-${Math.random()}.json`)
  const { code } = await verify([...args, '--json', json])
  const report = JSON.parse(readFileSync(json, 'utf8')) as {
    differences: { kind: string; path: string }[]; accepted: { kind: string; path: string; reason: string }[]
  }
  return {
    code,
    differences: report.differences.map((d) => `${d.kind} ${d.path}`),
    accepted: report.accepted.map((d) => `${d.kind} ${d.path}: ${d.reason}`),
  }
}

const ALL = ['status status', 'header header:cache-control', 'missing $.DeploymentTitle', 'extra $.DeploymentName']

t.test('exit 0 with no difference, 1 with some; the table names endpoint, kind, path and both values', async (t) => {
  const clean = await verify([await cleanSession(t)])
  t.equal(clean.code, 0, clean.out)
  t.equal(clean.err, '')
  t.match(clean.out, /^#0 GET \/webservices\/rest\/brand\/FOO\/omail\/deployment\/lookup\/FOO261124001\/\*: same\n/)
  t.match(clean.out, /\n2 exchanges, 0 differences\n$/)
  const mutated = await verify([await mutatedSession(t)])
  t.equal(mutated.code, 1)
  t.match(mutated.out, '#1 POST /webservices/rest/brand/FOO/omail/deployment/cancel/*: 2 differences\n' +
    '  endpoint  kind    path                  recorded  emulator\n' +
    '  cancel    status  status                400       404\n' +
    '  cancel    header  header:cache-control  private   -\n')
  t.match(mutated.out, /\n3 exchanges, 4 differences\n$/)
})

t.test('--ignore silences exactly what it names: a path, a header, an endpoint', async (t) => {
  const file = await mutatedSession(t)
  t.same((await reported(t, [file])).differences, ALL)
  const without = (...left: string[]) => ALL.filter((d) => !left.includes(d))
  t.same((await reported(t, [file, '--ignore', '$.DeploymentTitle'])).differences, without('missing $.DeploymentTitle'))
  t.same((await reported(t, [file, '--ignore', 'header:Cache-Control'])).differences,
    without('header header:cache-control'))
  t.same((await reported(t, [file, '--ignore', 'cancel'])).differences, ALL.slice(2))
  t.same((await reported(t, [file, '--ignore', '$'])).differences,
    ['status status', 'header header:cache-control'], 'a path covers everything beneath it: $ is the whole body')
  const all = await reported(t, [file, '--ignore', 'cancel,$.DeploymentTitle,$.DeploymentName'])
  t.same(all, { code: 0, differences: [], accepted: [] })
})

t.test('a known-gaps file silences exactly what it lists, each with its reason', async (t) => {
  const file = await mutatedSession(t)
  const gaps = join(folder(t), 'gaps.json')
  writeFileSync(gaps, JSON.stringify({ gaps: [
    { endpoint: 'cancel', kind: 'status', reason: 'the service answers 400 for an unknown TrackId' },
    { path: '$.DeploymentTitle', reason: 'renamed on staging' },
    { endpoint: 'lookup', kind: 'header', reason: 'lists no difference here' },
  ] }))
  const result = await reported(t, [file, '--known-gaps', gaps])
  t.same(result, {
    code: 1,
    differences: ['header header:cache-control', 'extra $.DeploymentName'],
    accepted: [
      'status status: the service answers 400 for an unknown TrackId', 'missing $.DeploymentTitle: renamed on staging',
    ],
  })
  const { out } = await verify([file, '--known-gaps', gaps])
  t.match(out, '\naccepted as known gaps (2):\n')
  t.match(out, /\n3 exchanges, 2 differences, 2 accepted as known gaps\n$/)
  // A gap for one exchange: the header difference is the cancel's, at index 1.
  writeFileSync(gaps, JSON.stringify({ gaps: [
    { entry: 0, path: 'header:cache-control', reason: 'not this exchange' },
    { entry: 1, kind: 'header', reason: 'a proxy on the day of the recording' },
  ] }))
  t.same((await reported(t, [file, '--known-gaps', gaps])).accepted,
    ['header header:cache-control: a proxy on the day of the recording'], 'only the exchange it names')
})

t.test('a bad session file, known-gaps file or option: exit 2 and one line', async (t) => {
  const file = await cleanSession(t)
  const dir = folder(t)
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }
  const cases: [string[], RegExp][] = [
    [[write('not.har', '{"log":{}}')],
      /^the session file .*not\.har is not a HAR file the emulator can read: \/log\/entries/],
    [[write('text.har', 'hello')], /is not JSON/],
    [[write('method.har', JSON.stringify({ log: { entries: [{ startedDateTime: '2026-12-06T10:00:00Z',
      request: { method: 'FOO', url: 'https://ows.omedastaging.com/x', headers: [] },
      response: { status: 200, headers: [], content: { mimeType: 'application/json' } } }] } }))],
    /entry 0 has no HTTP method \('FOO'\)\n$/],
    [[join(dir, 'absent.har')], /^cannot read the session file/],
    [[file, file], /^verify takes one session file, not 2/],
    [[file, '--ignore', 'nonsense'], /^ignore: 'nonsense' is not an endpoint \(endpoints: cancel, /],
    [[file, '--ignore', 'Errors[0]'], /^ignore: 'Errors\[0\]' is not an endpoint/],
    [[file, '--known-gaps', write('reasonless.json', '{"gaps":[{"kind":"status"}]}')], /\/gaps\/0\/reason/],
    [[file, '--known-gaps', write('kind.json', '{"gaps":[{"kind":"colour","reason":"x"}]}')], /\/gaps\/0\/kind/],
    [[file, '--known-gaps', write('endpoint.json', '{"gaps":[{"endpoint":"fetch","reason":"x"}]}')],
      /gap 0: 'fetch' is not an endpoint/],
    [[file, '--known-gaps', write('broken.json', '{')], /^cannot read the known-gaps file/],
    [[file, '--known-gaps', join(dir, 'absent.json')], /^cannot read the known-gaps file/],
    [[file, '--fixtures', write('fixtures.json', '{"apps":3}')], /^invalid fixtures: /],
    [[file, '--json', join(dir, 'no-such-dir', 'out.json')], /^cannot write the JSON report/],
  ]
  for (const [args, message] of cases) {
    const { code, out, err } = await verify(args)
    t.equal(code, 2, args.join(' '))
    t.match(err, message, args.join(' '))
    t.equal(err.trimEnd().split('\n').length, 1, `${args.join(' ')}: one line`)
    if (!args.includes('--json')) t.equal(out, '', `${args.join(' ')}: no report`)
  }
})

t.test('--json and --junit write what they say', async (t) => {
  const file = await mutatedSession(t)
  const [json, junit] = [join(folder(t), 'out.json'), join(folder(t), 'out.xml')]
  const gaps = join(folder(t), 'gaps.json')
  writeFileSync(gaps, JSON.stringify({ gaps: [{ path: 'header:cache-control', reason: 'a proxy adds it' }] }))
  t.equal((await verify([file, '--json', json, '--junit', junit, '--known-gaps', gaps])).code, 1)
  const report = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>
  t.same(report, {
    exchanges: 3,
    differences: [
      { index: 1, endpoint: 'cancel', kind: 'status', path: 'status', recorded: 400, emulator: 404 },
      { index: 2, endpoint: 'lookup', kind: 'missing', path: '$.DeploymentTitle', recorded: 'string', emulator: null },
      { index: 2, endpoint: 'lookup', kind: 'extra', path: '$.DeploymentName', recorded: null, emulator: 'string' },
    ],
    accepted: [{
      index: 1, endpoint: 'cancel', kind: 'header', path: 'header:cache-control', recorded: 'private', emulator: null,
      reason: 'a proxy adds it',
    }],
    notes: [],
  })
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' })
    .parse(readFileSync(junit, 'utf8')) as {
    testsuites: { '@_tests': string; '@_failures': string; testsuite: {
      '@_name': string
      testcase: { '@_name': string; '@_classname': string; failure?: { '#text': string; '@_message': string } }[]
    } }
  }
  t.equal(parsed.testsuites['@_tests'], '3')
  t.equal(parsed.testsuites['@_failures'], '2')
  const suite = parsed.testsuites.testsuite
  t.equal(suite['@_name'], 'mutated.har')
  t.same(suite.testcase.map((c) => c['@_classname']),
    ['omeda-emulator.verify.lookup', 'omeda-emulator.verify.cancel', 'omeda-emulator.verify.lookup'])
  t.equal(suite.testcase[0]!.failure, undefined, 'the clean exchange passes')
  t.equal(suite.testcase[1]!.failure?.['#text'], 'status at status: recorded 400, emulator 404')
  t.equal(suite.testcase[2]!.failure?.['#text'], 'missing at $.DeploymentTitle: recorded "string", emulator null\n' +
    'extra at $.DeploymentName: recorded null, emulator "string"')
  t.equal(suite.testcase[2]!.failure?.['@_message'], '2 differences from the recorded answer')
})
