// Snapshots through the admin API: a restore brings back the whole world and nothing else, only the
// changed deployments or all of them, under isolation per world, from a document, and refuses what
// it cannot restore with the reason and no change.
import t, { type Test } from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { AdminError, type AdminClient } from '../src/client.js'
import { MIGRATIONS, TABLES } from '../src/db/tables.js'
import { SNAPSHOT_TABLES } from '../src/world/snapshot-rows.js'
import { admin, APP_ID, build, cancel, errorsOf, lookup, post } from './helpers.js'
import { created } from './deployment-requests.js'
import { addAudience, SUBSCRIBERS, TRACK, USER } from './audience-requests.js'

/** Everything a test can see of a world through the admin API, but the journal's rows. */
async function worldOf(client: AdminClient) {
  const [fixtures, faults, clock, outbox, submissions, sends] = await Promise.all([
    client.fixtures(), client.faults(), client.clock(), client.outbox(), client.count(), client.sends('FOO', TRACK),
  ])
  return { fixtures, faults, offset: clock.offsetSeconds, outbox, submissions, sends }
}

const statusOf = async (app: FastifyInstance, trackId: string, appId = APP_ID) =>
  (await lookup(app, trackId, { appId })).json<{ Status?: string }>().Status

const refused = async (t: Test, work: Promise<unknown>, status: number, message: string | RegExp) => {
  const error = await work.then(() => null, (e: unknown) => e)
  t.ok(error instanceof AdminError, 'refused')
  if (!(error instanceof AdminError)) return
  t.equal(error.status, status)
  t.match(error.errors[0], message)
}

t.test('a restore brings back the whole world, and the journal as far as it went', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const client = admin(app)
  await client.setClock({ now: '2026-12-01 09:00:00' })
  await client.fault({ action: 'status', status: 503, trackId: 'FOO261118001' })
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' })).statusCode, 200)
  const before = await worldOf(client)
  const taken = await client.snapshot()
  t.match(taken, { name: 'default', schemaVersion: MIGRATIONS.length, deployments: before.fixtures.deployments.length,
    loaded: false })

  // Every kind of change the world can take: API writes, audiences, seeds, faults, the clock, the outbox.
  const first = await created(app)
  const audience = { UserId: USER, TrackId: TRACK, RecipientList: SUBSCRIBERS, SplitNumber: 1 }
  t.equal((await addAudience(app, audience)).statusCode, 200)
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })).statusCode, 200)
  await client.seed({ apps: [{ AppId: 'late-app', Brands: ['LATE'] }],
    deployments: [{ Brand: 'LATE', TrackId: 'LATE261201001', OwnerUserId: 'x', Status: 'New' }] })
  await client.fault({ action: 'status', status: 500, brand: 'FOO', times: 3 })
  await client.removeFault(before.faults[0]!.id)
  await client.setClock({ offsetSeconds: 86400 * 400 })
  t.not(JSON.stringify(await worldOf(client)), JSON.stringify(before), 'the world changed')

  t.same(await client.restoreSnapshot(), taken)
  t.same(await worldOf(client), before, 'deployments, apps, catalogue, audiences, faults, clock, outbox, journal')
  t.equal(await statusOf(app, 'FOO261124001'), 'Scheduled')
  t.equal(await created(app), first, "the day's TrackId numbers are back where they were")
  t.same((await client.submissions()).map((s) => `${s.Endpoint} ${s.TrackId}`),
    [`create ${first}`, 'lookup FOO261124001', 'cancel FOO261124002'],
    'the journal: the call before the snapshot, then those after the restore')
  t.same(await client.restoreSnapshot(), taken, 'restored again: the same snapshot, as often as needed')
  t.same(await worldOf(client), before)
})

t.test('several snapshots, a reset between: each restore gives its own world, changed rows or all', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const fresh = await worldOf(client)
  await client.snapshot('fresh')
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })).statusCode, 200)
  await client.snapshot('one-cancel')
  const oneCancel = await worldOf(client)
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' })).statusCode, 200)
  await client.restoreSnapshot('fresh')
  t.same(await worldOf(client), fresh)
  await client.restoreSnapshot('one-cancel')
  // The journal is cut back to where a snapshot stood, never filled in: the older restore cut the cancel.
  const cut = { ...oneCancel, submissions: 0 }
  t.same(await worldOf(client), cut, 'a restore of one snapshot is a change for the others')
  await client.reset()
  await client.restoreSnapshot('one-cancel')
  t.same(await worldOf(client), cut, 'after a reset every deployment is put back')
  await client.restoreSnapshot('fresh')
  t.same(await worldOf(client), fresh)
  t.same((await client.snapshots()).map((s) => s.name), ['fresh', 'one-cancel'])
  await client.deleteSnapshot('fresh')
  await refused(t, client.restoreSnapshot('fresh'), 404, "No snapshot named 'fresh' was found in this world.")
  await refused(t, client.deleteSnapshot('fresh'), 404, /No snapshot named 'fresh'/)
  await refused(t, client.snapshot('../etc'), 400, /snapshot name/)
  await refused(t, client.snapshot('bad name!'), 400, /snapshot name/)
})

t.test('search by name after a restore finds the restored names, not the undone ones', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const search = async (name: string) => (await post(app, 'search', { DeploymentName: name })).json<{
    Deployments: { TrackId: string }[]
  }>().Deployments.map((d) => d.TrackId)
  await client.setClock({ now: '2026-12-01 09:00:00' })
  t.same(await search('newsletter'), ['FOO261124001'], 'the names are indexed by a first search')
  await client.snapshot()
  const made = await created(app, { DeploymentName: 'Quokka weekly' })
  t.same(await search('quokka'), [made])
  await client.restoreSnapshot()
  t.same(await search('quokka'), [], 'the deployment made after the snapshot is gone from search')
  t.same(await search('newsletter'), ['FOO261124001'])
  await client.reset()
  await client.restoreSnapshot()
  t.same(await search('newsletter'), ['FOO261124001'], 'and after a restore of every row')
})

t.test('under isolation, a snapshot is of the caller\'s world, and names are per world', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const mine = admin(app, { appId: APP_ID })
  const theirs = admin(app, { appId: `${APP_ID}+other` })
  await mine.fault({ action: 'status', status: 500, trackId: 'FOO261118001', appId: APP_ID })
  await mine.snapshot()
  await mine.fault({ action: 'status', status: 502, trackId: 'FOO261118002', appId: APP_ID })
  await mine.fault({ action: 'status', status: 504, trackId: 'FOO261118003' })
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })).statusCode, 200)
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' },
    { appId: `${APP_ID}+other` })).statusCode, 200)
  await refused(t, theirs.restoreSnapshot(), 404, /No snapshot named 'default'/)
  await mine.restoreSnapshot()
  t.equal(await statusOf(app, 'FOO261124001'), 'Scheduled', 'my world is back')
  t.equal(await statusOf(app, 'FOO261124002', `${APP_ID}+other`), 'Cancelled', 'theirs is untouched')
  t.same((await mine.faults()).map((f) => f.status).sort(), [500, 504],
    'my app-scoped faults are back; a fault of every world is not mine to restore')
  await refused(t, admin(app).snapshot(), 400, /x-omeda-appid/)
})

t.test('a document moves a world into another emulator; a changed, damaged or foreign one is refused', async (t) => {
  const source = await build(t)
  t.equal((await cancel(source, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })).statusCode, 200)
  const world = await worldOf(admin(source))
  await admin(source).snapshot('golden')
  const document = await admin(source).snapshotDocument('golden')
  t.equal(document.format, 'omeda-emulator-snapshot')
  t.notOk(JSON.stringify(document).includes('"tenant"'), 'no tenant keys leave the emulator')

  const target = await build(t)
  const client = admin(target)
  t.equal((await cancel(target, { UserId: 'omailAccount1', TrackId: 'FOO261124002' })).statusCode, 200)
  const untouched = await worldOf(client)
  const tampered = structuredClone(document)
  tampered.tables.deployments!.rows[0]![0] = 'EVIL'
  await refused(t, client.loadSnapshot(tampered), 400,
    'The snapshot document cannot be loaded: its rows do not match its digest: it was changed or damaged after ' +
    'the emulator wrote it.')
  await refused(t, client.loadSnapshot({ ...document, schemaVersion: 3 }), 400, /taken with database schema 3/)
  await refused(t, client.loadSnapshot({ ...document, tables: {} }), 400, /rows do not match its digest/)
  await refused(t, client.loadSnapshot({ format: 'x' } as never, 'x'), 400, /it is not a snapshot document/)
  const raw = await target.inject({ method: 'PUT', url: '/__admin/snapshots/x/document',
    headers: { 'content-type': 'application/json' }, payload: '{"format": ' })
  t.equal(raw.statusCode, 400)
  t.ok(errorsOf(raw).length > 0, 'malformed JSON: the vendor shape')
  t.same(await client.snapshots(), [], 'nothing refused was stored')
  t.same(await worldOf(client), untouched)

  t.match(await client.loadSnapshot(document), { name: 'golden', loaded: true })
  await client.restoreSnapshot('golden')
  t.same(await worldOf(client), { ...world, submissions: 0 }, "the source's world; a loaded one's journal starts empty")
  t.equal(await statusOf(target, 'FOO261124002'), 'Scheduled')
})

t.test('a snapshot of another schema version is refused, and the world stays as it is', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'omeda-snap-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const db = join(dir, 'world.db')
  const app = await build(t, { db })
  const client = admin(app)
  await client.snapshot()
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })).statusCode, 200)
  const other = new BetterSqlite3(db)
  other.prepare('UPDATE snapshots SET schema_version = ?').run(MIGRATIONS.length - 1)
  other.close()
  await refused(t, client.restoreSnapshot(), 409,
    `Snapshot 'default' was taken with database schema ${MIGRATIONS.length - 1}; this emulator uses schema ` +
    `${MIGRATIONS.length} and restores only its own: take the snapshot again with this version.`)
  t.equal(await statusOf(app, 'FOO261124001'), 'Cancelled')
})

t.test('every table of a world is in snapshots, and each twin has its columns', async (t) => {
  const db = new BetterSqlite3(':memory:')
  t.teardown(() => db.close())
  db.function('fold', { deterministic: true }, (text: string) => text)
  db.exec(TABLES)
  for (const migration of MIGRATIONS) db.exec(migration)
  const columns = (table: string) =>
    (db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all() as string[])
  for (const { table } of SNAPSHOT_TABLES) t.same(columns(`snapshot_${table}`), ['snapshot', ...columns(table)], table)
  // Kept otherwise: the journal by position, the world list and the name index rebuilt on demand.
  const elsewhere = ['submissions', 'tenants', 'deployment_names', 'deployment_changes', 'snapshots']
  const withTenant = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'
    AND name NOT LIKE 'snapshot\\_%' ESCAPE '\\' AND name NOT LIKE 'deployment\\_names\\_%' ESCAPE '\\'`)
    .pluck().all() as string[]).filter((table) => columns(table).includes('tenant'))
  t.same(withTenant.filter((table) => !elsewhere.includes(table)).sort(),
    SNAPSHOT_TABLES.filter((s) => s.owner === 'tenant').map((s) => s.table).sort())
})
