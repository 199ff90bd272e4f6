// The shipped world, fixtures/default.json: what `npm start`, the image and startEmulator() serve
// when no fixtures are given, and what the README and docs/contract.md show users first. This is
// the one test file that relies on it; every other test starts from its own world (test/fixtures/).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../src/config.js'
import { loadFixtures } from '../src/seed/files.js'
import { startEmulator } from '../src/start.js'
import { appIdHeader, build, cancel, errorsOf, ROOT } from './helpers.js'

const shipped = loadFixtures([DEFAULT_FIXTURES])

/** docs/contract.md's tables: the rows of the one whose header starts with `header`, cell by cell. */
function table(header: string): string[][] {
  const lines = readFileSync(join(ROOT, 'docs', 'contract.md'), 'utf8').split('\n')
  const start = lines.findIndex((line) => line.startsWith(`| ${header}`))
  const rows: string[][] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim().replaceAll('`', '')))
  }
  return rows
}

t.test('the default fixtures load and reach every outcome', async (t) => {
  const world = loadFixtures([join(import.meta.dirname, '..', 'fixtures', 'default.json')])
  const statuses = new Set(world.deployments.map((d) => `${d.Brand}:${d.Status}`))
  for (const brand of ['FOO', 'BAR']) {
    for (const status of [
      'Scheduled',
      'Sent',
      'Sending',
      'Cancelled'
    ]) t.ok(statuses.has(`${brand}:${status}`), `${brand} has ${status}`)
  }
})

t.test('docs/contract.md lists the shipped apps and deployments as they are', async (t) => {
  const apps = table('app id').map(([appId, brands]) => ({ AppId: appId, Brands: brands!.split(', ') }))
  t.same(apps, shipped.apps.map((a) => ({ AppId: a.AppId, Brands: [...a.Brands] })), 'every app, with its brands')
  const rows = table('Brand')
  t.ok(rows.length >= 15, 'one row per outcome')
  for (const [brand, trackId, status, owner] of rows) {
    const deployment = shipped.deployments.find((d) => d.TrackId === trackId)
    if (!t.ok(deployment, `${trackId} is shipped`) || deployment === undefined) continue
    t.equal(deployment.Brand, brand, `${trackId} brand`)
    t.equal(status!.split(' ')[0], deployment.Status, `${trackId} status`)
    const authorized = deployment.AuthorizedUserIds?.length ? ` (${deployment.AuthorizedUserIds.join(', ')})` : ''
    t.equal(owner, `${deployment.OwnerUserId}${authorized}`, `${trackId} owner`)
  }
})

t.test('a cancel as the owner gives what docs/contract.md says', async (t) => {
  const app = await build(t, { fixtures: [DEFAULT_FIXTURES] })
  for (const [brand, trackId, , owner, outcome] of table('Brand')) {
    const appId = shipped.apps.find((a) => a.Brands.includes(brand!))!.AppId
    const res = await cancel(app, { UserId: owner!.split(' ')[0], TrackId: trackId }, { brand, appId })
    t.equal(res.statusCode, Number(outcome!.slice(0, 3)), `${trackId}: ${outcome}`)
  }
})

t.test('docs/contract.md lists the shipped catalogue as deployment types answers it', async (t) => {
  const app = await build(t, { fixtures: [DEFAULT_FIXTURES] })
  const brands = table('brand abbreviation')
  const types = table('deployment type')
  t.ok(brands.length >= 3 && types.length >= 9, 'a row per brand and per type')
  for (const [brand, id, description] of brands) {
    const appId = shipped.apps.find((a) => a.Brands.includes(brand!))!.AppId
    const res = await app.inject({
      method: 'GET', url: `/webservices/rest/brand/${brand}/deploymenttypes/*`, headers: { 'x-omeda-appid': appId },
    })
    t.equal(res.statusCode, 200, `${brand}: deployment types`)
    const answer = res.json<{ Id: number; Description: string; DeploymentTypes: { Id: number; Name: string;
      StatusCode: number }[] }>()
    t.same([answer.Id, answer.Description], [Number(id), description!.split(' (')[0]], `${brand}: Id and Description`)
    const rows = types.filter(([type]) => type!.startsWith(`${brand} `))
    const documented = rows.map(([type, name, status]) =>
      ({ Id: Number(type!.split(' ')[1]), Name: name, StatusCode: Number(status) }))
    const answered = answer.DeploymentTypes.map(({ Id, Name, StatusCode }) => ({ Id, Name, StatusCode }))
    t.same(documented, answered, `${brand}: every type, by Id`)
    for (const [type, , , designation] of rows) {
      const listed = shipped.deploymentTypes?.find((d) => `${d.Brand} ${d.Id}` === type)
      t.equal(listed?.DeploymentDesignation, designation, `${type}: designation`)
    }
  }
})

t.test('the accounts docs/contract.md lists, and those it says are implied, act as it says', async (t) => {
  const app = await build(t, { fixtures: [DEFAULT_FIXTURES] })
  const rows = table('account')
  t.same(rows.map(([userId]) => userId), shipped.accounts?.map((a) => a.UserId), 'every listed account, in order')
  const contract = readFileSync(join(ROOT, 'docs', 'contract.md'), 'utf8')
  const implied = /deployments name \(([^)]+)\) are\s+implied: active/.exec(contract)?.[1]?.split(', ') ?? []
  t.ok(implied.length > 0, 'the implied accounts are named')
  const create = (owner: string, recommendations: boolean) => app.inject({
    method: 'POST',
    url: '/webservices/rest/brand/FOO/omail/deployment/*',
    headers: { 'content-type': 'application/json', ...appIdHeader() },
    payload: {
      DeploymentName: 'Docs check', DeploymentDate: '2031-03-02 09:00', DeploymentTypeId: 12, OwnerUserId: owner,
      Splits: 1, TrackLinks: 1, TrackOpens: 1, BillingCategoryCode: 'O1230001',
      ...(recommendations
        ? { UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 1,
            NumberOfRecommendations: 3 }
        : {}),
    },
  })
  for (const [userId, active, recommendations] of [...rows, ...implied.map((id) => [id, 'true', 'false'])]) {
    const plain = await create(userId!, false)
    t.equal(plain.statusCode, active === 'true' ? 200 : 400, `${userId} may ${active === 'true' ? '' : 'not '}own one`)
    if (active !== 'true') {
      t.same(errorsOf(plain), [`'OwnerUserId' ${userId} is not active.`])
      continue
    }
    const withRight = await create(userId!, true)
    t.equal(withRight.statusCode, recommendations === 'true' ? 200 : 403, `${userId}: content recommendations`)
  }
})

t.test('listens on a free loopback port with the default fixtures; close() frees the port', async (t) => {
  const emulator = await startEmulator()
  t.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(await emulator.admin.ready(), true, 'the admin client is bound to it')
  t.equal((await emulator.admin.fixtures()).deployments.length, shipped.deployments.length, 'the built-in world')
  await emulator.close()
  const port = Number(new URL(emulator.url).port)
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  await new Promise((resolve) => server.close(resolve))
  t.pass('the port can be taken again')
})

t.test('docs/contract.md lists the shipped audiences, and adding each gives what it says', async (t) => {
  const rows = table('audience')
  const names = (shipped.audiences ?? []).map((a) => a.RecipientList ?? a.QueryName ?? a.OmailOutput)
  t.same(rows.map(([name]) => name!.replace(' (query)', '')), names, 'every audience, in order')
  const app = await build(t, { fixtures: [DEFAULT_FIXTURES], audienceLoadSeconds: 0 })
  // A New deployment of each brand to add them to, one list each.
  const made = async (brand: string, owner: string) => {
    const res = await app.inject({
      method: 'POST', url: `/webservices/rest/brand/${brand}/omail/deployment/*`,
      headers: { 'content-type': 'application/json', ...appIdHeader() },
      payload: { DeploymentName: 'Docs check', DeploymentDate: '2031-03-02 09:00', DeploymentTypeId: 12,
        OwnerUserId: owner, Splits: 1, TrackLinks: 1, TrackOpens: 1 },
    })
    return (res.json() as { TrackId: string }).TrackId
  }
  for (const [name, brand, , gives] of rows) {
    const trackId = await made(brand!, brand === 'FOO' ? 'omailAccount1' : 'barEditor')
    const query = name!.endsWith(' (query)')
    const res = await app.inject({
      method: 'POST', url: `/webservices/rest/brand/${brand}/omail/deployment/audience/add/*`,
      headers: { 'content-type': 'application/json', ...appIdHeader() },
      payload: { UserId: brand === 'FOO' ? 'omailAccount1' : 'barEditor', TrackId: trackId, SplitNumber: 1,
        ...(query ? { QueryName: name!.replace(' (query)', '') } : { RecipientList: name }) },
    })
    const outcome = /^(DONE|WARNING), (\d+) recipients$/.exec(gives!)
    if (!outcome) {
      t.equal(`${res.statusCode}`, gives!.slice(0, 3), `${name}: ${gives}`)
      continue
    }
    const { Url } = res.json() as { Url: string }
    const status = await app.inject({ method: 'GET', url: Url, headers: appIdHeader() })
    const expected = { AssignmentStatusCode: outcome[1], RecipientCount: Number(outcome[2]) }
    t.match(status.json(), expected, `${name}: ${gives}`)
  }
})

t.test('the shipped API triggered deployment sends on demand as docs/contract.md says', async (t) => {
  const contract = readFileSync(join(ROOT, 'docs', 'contract.md'), 'utf8')
  const trackId = /`(\w+)` is an API triggered deployment/.exec(contract)?.[1]
  t.ok(shipped.deployments.find((d) => d.TrackId === trackId)?.ApiTriggered, `${trackId} is API triggered`)
  const app = await build(t, { fixtures: [DEFAULT_FIXTURES] })
  const send = (TrackId: string) => app.inject({
    method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployemails/*',
    headers: { 'content-type': 'application/json', ...appIdHeader() },
    payload: { TrackId, EmailAddress: 'reader@example.com' },
  })
  const sent = await send(trackId!)
  t.match(sent.json(), { Status: 'Email Message submitted for delivery' })
  const outbox = await app.inject({ method: 'GET', url: '/__admin/outbox?address=reader@example.com' })
  t.match((outbox.json() as { outbox: unknown[] }).outbox,
    [{ Kind: 'on-demand', TrackId: trackId, To: 'reader@example.com', Subject: 'Reset your password' }])
  t.same(errorsOf(await send('FOO261124001')), ['Deployment is not an API triggered deployment'], 'any other')
})
