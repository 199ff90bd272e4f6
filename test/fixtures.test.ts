// The fixture loader: every kind of invalid file is refused with file, JSON path and problem;
// valid files and directories merge; a file database keeps its state unless asked to reseed.
// Start-up refusing links and FIFOs, as a process: process/fixtures.test.ts.
import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, cancel } from './helpers.js'
import { everyProblem } from './every-problem.js'
import { FixtureError, loadFixtures } from '../src/seed/files.js'

const app = (AppId = 'qa-app', Brands = ['QA']) => ({ AppId, Brands })
const deployment = (extra: Record<string, unknown> = {}) => ({
  Brand: 'QA', TrackId: 'QA261201001', OwnerUserId: 'tester', Status: 'Scheduled', ScheduledDate: '2030-01-01 10:00:00',
  ...extra,
})

function problemsOf(t: Test, files: Record<string, unknown>, load: string[] = Object.keys(files)): string[] {
  const dir = t.testdir(Object.fromEntries(Object.entries(files).map(([k, v]) => [
    k,
    typeof v === 'string' ? v : JSON.stringify(v)
  ])))
  try {
    loadFixtures(load.map((f) => join(dir, f)))
  } catch (error) {
    if (error instanceof FixtureError) return error.problems.map((p) => p.replace(`${dir}/`, ''))
    throw error
  }
  return []
}

const cases: [string, unknown, RegExp][] = [
  ['not JSON', '{"apps": [', /^bad\.json: \/: not readable JSON/],
  ['no deployments key', { apps: [app()] }, /^bad\.json: \/deployments: is required$/],
  ['unknown top-level key', { apps: [app()], deployments: [], extras: 1 }, /^bad\.json: \/extras: unknown property/],
  [
    'misspelt field',
    { apps: [app()], deployments: [deployment({ TrackID: 'x' })] },
    /^bad\.json: \/deployments\/0\/TrackID: unknown property/
  ],
  ['bad Status', { apps: [app()], deployments: [deployment({ Status: 'Paused' })] },
    /^bad\.json: \/deployments\/0\/Status: must be one of 'New', 'Waiting Review', .*'Cancelled', 'Unscheduling'$/],
  ['date format', { apps: [app()], deployments: [deployment({ ScheduledDate: '2030-01-01T10:00:00Z' })] },
    /^bad\.json: \/deployments\/0\/ScheduledDate: .*yyyy-MM-dd HH:mm:ss/],
  ['impossible date', { apps: [app()], deployments: [deployment({ ScheduledDate: '2030-02-30 10:00:00' })] },
    /^bad\.json: \/deployments\/0\/ScheduledDate: '2030-02-30 10:00:00' is not a real date and time$/],
  [
    'blank owner',
    { apps: [app()], deployments: [deployment({ OwnerUserId: '  ' })] },
    /^bad\.json: \/deployments\/0\/OwnerUserId: /
  ],
  // Clients' values are trimmed, so a stored one with whitespace at an end could never be matched.
  ['padded TrackId', { apps: [app()], deployments: [deployment({ TrackId: 'QA1 ' })] },
    /^bad\.json: \/deployments\/0\/TrackId: must be non-blank, without whitespace at either end, but 'QA1 ' was given$/,
  ],
  // The vendor publishes no maximum; longer ones could not be named in an admin or Lookup URL.
  ['TrackId over 100 characters', { apps: [app()], deployments: [deployment({ TrackId: 'Q'.repeat(101) })] },
    /^bad\.json: \/deployments\/0\/TrackId: must be at most 100 characters$/],
  ['padded authorized user', { apps: [app()], deployments: [deployment({ AuthorizedUserIds: [' qaLead'] })] },
    /^bad\.json: \/deployments\/0\/AuthorizedUserIds\/0: must be non-blank/],
  ['padded app id', { apps: [app(' qa-app')], deployments: [] }, /^bad\.json: \/apps\/0\/AppId: must be non-blank/],
  ['app without brands', { apps: [app('a', [])], deployments: [] }, /^bad\.json: \/apps\/0\/Brands: /],
  ['Sent without SentDate', { apps: [app()], deployments: [deployment({ Status: 'Sent' })] },
    /^bad\.json: \/deployments\/0\/SentDate: a deployment with Status 'Sent' needs a SentDate$/],
  ['Sending without dates', { apps: [app()], deployments: [deployment({ Status: 'Sending', ScheduledDate: null })] },
    /^bad\.json: \/deployments\/0: a deployment with Status 'Sending' needs a SentDate or a ScheduledDate$/],
  ['Scheduled without ScheduledDate', { apps: [app()], deployments: [deployment({ ScheduledDate: undefined })] },
    /^bad\.json: \/deployments\/0\/ScheduledDate: a deployment with Status 'Scheduled' needs a ScheduledDate$/],
  ['duplicate', { apps: [app()], deployments: [deployment(), deployment({ TrackId: 'qa261201001' })] },
    new RegExp(/^bad\.json: \/deployments\/1: duplicate of Brand 'QA', TrackId 'qa261201001' /.source +
      /\(first at .*bad\.json: \/deployments\/0\)$/.source)],
  ['unreachable brand', { apps: [app()], deployments: [deployment({ Brand: 'ZZ' })] },
    /^bad\.json: \/deployments\/0\/Brand: no app in the fixtures is granted brand 'ZZ'$/],
]

for (const [what, content, expected] of cases) {
  t.test(`rejects: ${what}`, async (t) => {
    const problems = problemsOf(t, { 'bad.json': content })
    t.ok(problems.length >= 1, 'at least one problem')
    t.match(problems[0], expected)
  })
}

t.test('reports every problem, across files, and names missing paths', async (t) => {
  const problems = problemsOf(t, {
    'a.json': {
      apps: [app()],
      deployments: [
        deployment({ Status: 'Sent' }),
        deployment({ TrackId: 'QA2', Status: 'Scheduled', ScheduledDate: null })
      ]
    },
  })
  t.equal(problems.length, 2)
  t.throws(
    () => loadFixtures(['/no/such/fixtures.json']),
    { message: '/no/such/fixtures.json: no such file or directory' }
  )
  const emptyDir = t.testdir({})
  t.throws(() => loadFixtures([emptyDir]), { message: `${emptyDir}: the directory holds no .json fixture files` })
})

t.test('every problem of every file in one pass: schema problems, the vendor\'s rules, unreadable files', async (t) => {
  const dir = t.testdir(everyProblem.files)
  const files = ['a.json', 'b.json', 'c.json', 'none.json'].map((f) => join(dir, f))
  const error = t.throws(() => loadFixtures(files)) as FixtureError
  const expected = [
    `${join(dir, 'none.json')}: no such file or directory`,
    ...everyProblem.expected((name) => join(dir, name))
  ]
  t.equal(error.problems.length, expected.length, error.problems.join('\n'))
  expected.forEach((line, i) => t.match(error.problems[i], line))
  const fixed = t.testdir({ 'a.json': everyProblem.files['a.json'] })
  t.match((t.throws(() => loadFixtures([join(fixed, 'a.json')])) as FixtureError).problems.at(-1),
    /no app in the fixtures is granted brand 'ZZ'$/, 'with every file read, the fixtures are all the apps there are')
})

t.test('files and directories merge; an app in two files ' +
  'gets both brands; duplicates across files are caught', async (t) => {
  const dir = t.testdir({
    qa: {
      '1-apps.json': JSON.stringify({ apps: [app('qa-app', ['QA'])], deployments: [] }),
      '2-more.json': JSON.stringify({
        apps: [app('qa-app', ['QB'])],
        deployments: [deployment(), deployment({ Brand: 'QB' })]
      }),
      'notes.txt': 'ignored',
    },
    'dup.json': JSON.stringify({ apps: [], deployments: [deployment()] }),
  })
  const world = loadFixtures([join(dir, 'qa')])
  t.same(world.apps, [{ AppId: 'qa-app', Brands: ['QA', 'QB'] }])
  t.equal(world.deployments.length, 2)
  t.throws(
    () => loadFixtures([join(dir, 'qa'), join(dir, 'dup.json')]),
    { message: /dup\.json: \/deployments\/0: duplicate of Brand 'QA'/ }
  )
})

t.test('a fixture directory cannot reach files outside it through links', async (t) => {
  const dir = t.testdir({
    outside: { 'secret.json': JSON.stringify({ apps: [app()], deployments: [] }) },
    qa: {
      'a.json': JSON.stringify({ apps: [app()], deployments: [] }),
      'b.json': t.fixture('symlink', '../outside/secret.json'),
    },
  })
  t.throws(() => loadFixtures([join(dir, 'qa')]), { message: /b\.json: points outside the fixture directory/ })
})

t.test('a file database keeps its state across restarts; --reseed replaces it', async (t) => {
  const dir = t.testdir({ 'qa.json': JSON.stringify({ apps: [app()], deployments: [deployment()] }) })
  const db = join(dir, 'state.db')
  const config = { db, fixtures: [join(dir, 'qa.json')] }
  const body = { UserId: 'tester', TrackId: 'QA261201001' }

  const first = await build(t, config)
  t.equal((await cancel(first, body, { brand: 'QA', appId: 'qa-app' })).statusCode, 200)
  await first.close()

  writeFileSync(
    join(dir, 'qa.json'),
    JSON.stringify({ apps: [app()], deployments: [deployment({ TrackId: 'QA261201002' })] })
  )
  const second = await build(t, config)
  t.equal(
    (await cancel(second, body, { brand: 'QA', appId: 'qa-app' })).statusCode,
    400,
    'still cancelled after a restart'
  )
  t.equal((await cancel(second, { ...body, TrackId: 'QA261201002' }, { brand: 'QA', appId: 'qa-app' })).statusCode, 404,
    'fixtures are not applied to a database that holds data')
  await second.close()

  const third = await build(t, { ...config, reseed: true })
  t.equal(
    (await cancel(third, { ...body, TrackId: 'QA261201002' }, { brand: 'QA', appId: 'qa-app' })).statusCode,
    200,
    'reseed applied the new file'
  )
  t.equal(
    (await cancel(third, body, { brand: 'QA', appId: 'qa-app' })).statusCode,
    404,
    'and removed what it no longer holds'
  )
  await third.close()
})

t.test('a file that starts with a UTF-8 byte-order mark (as some Windows editors save it) loads', async (t) => {
  const dir = t.testdir({ 'bom.json': `\uFEFF${JSON.stringify({ apps: [app()], deployments: [deployment()] })}` })
  t.same(loadFixtures([join(dir, 'bom.json')]).deployments.map((d) => d.TrackId), ['QA261201001'])
})

t.test('an invalid fixture file stops the app factory before anything is stored', async (t) => {
  const dir = t.testdir({ 'bad.json': JSON.stringify({ apps: [], deployments: [deployment()] }) })
  await t.rejects(build(t, { db: join(dir, 'x.db'), fixtures: [join(dir, 'bad.json')] }), FixtureError)
})
