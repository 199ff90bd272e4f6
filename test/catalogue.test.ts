// The catalogue: each world's brands, accounts, deployment types, billing categories and
// recommendation behaviors, from fixture files and the admin API, copied into each new world, reset
// with it, exported with it, and checked like the deployments.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { FixtureError, loadFixtures } from '../src/seed/files.js'
import { MIGRATIONS, TABLES } from '../src/db/tables.js'
import { admin, appIdHeader, build, runMain } from './helpers.js'

const apps = [{ AppId: 'qa-app', Brands: ['QA'] }]
const deployment = { Brand: 'QA', TrackId: 'QA261201001', OwnerUserId: 'tester', Status: 'New' }
const type = (Id: number, StatusCode: 0 | 1 = 1) =>
  ({ Brand: 'QA', Id, Name: `Type ${Id}`, Description: `T${Id}`, StatusCode })

function problemsOf(t: Test, document: unknown): string[] {
  const dir = t.testdir({ 'qa.json': JSON.stringify(document) })
  try {
    loadFixtures([join(dir, 'qa.json')])
  } catch (error) {
    if (error instanceof FixtureError) return error.problems.map((p) => p.replaceAll(`${dir}/`, ''))
    throw error
  }
  return []
}

const createBody = (extra: Record<string, unknown> = {}) => ({
  DeploymentName: 'From the catalogue', DeploymentDate: '2099-01-01 10:00', DeploymentTypeId: 7,
  OwnerUserId: 'tester', Splits: 1, TrackLinks: 1, TrackOpens: 1, ...extra,
})

t.test('a fixture file refuses catalogue entries given twice, of a brand no app has, or unknown', async (t) => {
  t.same(problemsOf(t, {
    apps, deployments: [],
    deploymentTypes: [type(7), { ...type(7), Name: 'again' }, { ...type(8), Brand: 'ZZ' }],
    accounts: [{ UserId: 'tester' }, { UserId: 'TESTER', Active: false }],
    billingCategories: [{ Brand: 'QA', Code: 'B1', Colour: 'red' }],
    brands: [{ BrandAbbrev: 'QA', Id: 1, Description: 'QA' }, { BrandAbbrev: 'qa', Id: 2, Description: 'again' }],
  }), [
    'qa.json: /billingCategories/0/Colour: unknown property (check its spelling)',
    'qa.json: /brands/1: the same brand as qa.json: /brands/0',
    'qa.json: /accounts/1: the same UserId as qa.json: /accounts/0',
    'qa.json: /deploymentTypes/1: the same deployment type Id as qa.json: /deploymentTypes/0',
    "qa.json: /deploymentTypes/2/Brand: no app in the fixtures is granted brand 'ZZ'",
  ])
  t.same(problemsOf(t, { apps, deployments: [deployment], deploymentTypes: [type(7)] }), [], 'a valid catalogue')
  t.same(problemsOf(t, { apps, deployments: [deployment] }), [], 'a file without one stays valid')
})

t.test('validate-fixtures counts the catalogue and notes a New deployment whose owner is inactive', async (t) => {
  const dir = t.testdir({
    'qa.json': JSON.stringify({
      apps, deployments: [deployment], accounts: [{ UserId: 'tester', Active: false }], deploymentTypes: [type(7)],
    }),
  })
  const run = await runMain(['validate-fixtures', join(dir, 'qa.json')])
  t.equal(run.code, 0)
  t.equal(run.stdout, 'valid: 1 apps, 1 deployments, 1 accounts, 1 deployment types\n' +
    "note: QA QA261201001 is New and owned by 'tester', an inactive account: it stays usable, but an update or " +
    'clone cannot name that owner\n')
})

t.test("the admin API upserts a catalogue into the caller's world only, exports it; a reset forgets it", async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const mine = admin(app, { appId: 'sandbox-app-id+a' })
  const theirs = admin(app, { appId: 'sandbox-app-id+b' })
  const types = [{ Brand: 'FOO', Id: 77, Name: 'Launch', Description: 'Launch', StatusCode: 1 as const }]
  t.same(await mine.seed({ deploymentTypes: types, accounts: [{ UserId: 'launcher' }] }),
    { apps: 0, deployments: 0, catalogue: 2 })
  const create = (appId: string) => app.inject({
    method: 'POST', url: '/FOO/omail/deployment/*',
    headers: { ...appIdHeader(appId), 'content-type': 'application/json' },
    payload: createBody({ DeploymentTypeId: 77, OwnerUserId: 'launcher' }),
  })
  t.equal((await create('sandbox-app-id+a')).statusCode, 200, 'the world that was given them uses them')
  t.same((await create('sandbox-app-id+b')).json().Errors, [
    { Error: "'OwnerUserId' launcher was not found." },
    { Error: "Invalid value '77' submitted for field 'DeploymentTypeId'. The Deployment Type was not found." },
  ], 'another world does not have them')
  const exported = await mine.fixtures()
  t.same(exported.deploymentTypes?.filter((d) => d.Id === 77), types)
  t.ok(exported.accounts?.some((a) => a.UserId === 'launcher'))
  t.notOk(exported.accounts?.some((a) => a.UserId === 'partnerDesk'), 'accounts only implied are not exported')
  t.notOk((await theirs.fixtures()).deploymentTypes?.some((d) => d.Id === 77))
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: appIdHeader('sandbox-app-id+a') })
  t.equal((await create('sandbox-app-id+a')).statusCode, 400, 'a reset takes the world back to the boot catalogue')
  const duplicate = await app.inject({
    method: 'POST', url: '/__admin/fixtures', headers: { ...appIdHeader('sandbox-app-id+a') },
    payload: { accounts: [{ UserId: 'x' }, { UserId: 'X' }], billingCategories: [{ Brand: 'NOPE', Code: 'C' }] },
  })
  t.equal(duplicate.statusCode, 400)
  t.same(duplicate.json().Errors.map((e: { Error: string }) => e.Error), [
    'body/accounts/1: the same UserId as body/accounts/0',
    "body/billingCategories/0/Brand: no app in the fixtures is granted brand 'NOPE'",
  ])
})

t.test('an older database file gains the catalogue and new columns; its deployments answer as before', async (t) => {
  const file = join(t.testdir({}), 'old.db')
  const old = new BetterSqlite3(file)
  old.function('fold', (text: unknown) => text)
  old.exec(TABLES)
  for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration)
  old.pragma('user_version = 4')
  old.prepare("INSERT INTO deployments (tenant, brand, track_id, owner_user_id, status) VALUES ('', 'FOO', 'OLD1', " +
    "'oldOwner', 'New')").run()
  old.prepare("INSERT INTO apps (app_id, brand) VALUES ('sandbox-app-id', 'FOO')").run()
  old.prepare("INSERT INTO tenants (tenant) VALUES ('')").run()
  old.close()
  const app = await build(t, { db: file })
  const res = await app.inject({ method: 'GET', url: '/FOO/omail/deployment/lookup/OLD1/*', headers: appIdHeader() })
  t.match(res.json(), { TrackId: 'OLD1', RecipientCount: 1, TrackLinks: 'true', CampaignId: '', Testers: [] })
  const types = await app.inject({ method: 'GET', url: '/FOO/deploymenttypes/*', headers: appIdHeader() })
  t.same(types.json().DeploymentTypes.map((d: { Id: number }) => d.Id), [12, 20, 99],
    "the stored world gets the fixtures' catalogue")
  const headers = { ...appIdHeader(), 'content-type': 'application/json' }
  const created = await app.inject({ method: 'POST', url: '/FOO/omail/deployment/*', headers, payload: createBody({
    DeploymentTypeId: 12, OwnerUserId: 'omailAccount1' }) })
  t.equal(created.statusCode, 200, 'and creates work in it')
  const updated = await app.inject({ method: 'PUT', url: '/FOO/omail/deployment/*', headers,
    payload: { TrackId: 'OLD1', OwnerUserId: 'oldOwner', Notes: 'n' } })
  t.equal(updated.statusCode, 200, 'an account only the stored deployments name may act')
})
