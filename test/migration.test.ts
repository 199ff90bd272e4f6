// A database file written before the lifecycle endpoints existed: opening it adds the new columns,
// derives each deployment's history and tested flag from what it holds, and keeps every row.
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { Database, DatabaseError } from '../src/db/database.js'
import { MIGRATIONS, TABLES } from '../src/db/tables.js'
import { admin, lookup, post, build } from './helpers.js'

function olderFile(path: string): void {
  const old = new BetterSqlite3(path)
  old.exec(TABLES)
  const insert = old.prepare('INSERT INTO deployments (tenant, brand, track_id, deployment_name, owner_user_id, ' +
    `created_by, created_date,
    status, scheduled_date, sent_date, cancelled_date, cancelled_by) VALUES ('', 'FOO', ?, 'Old', 'omailAccount1', ` +
      'NULL, ?, ?, ?, ?, ?, ?)')
  insert.run('OLD1', '2026-11-01 10:00:00', 'Scheduled', '2031-01-01 09:00:00', null, null, null)
  insert.run('OLD2', '2026-11-02 10:00:00', 'Cancelled', '2026-11-05 09:00:00', null, '2026-11-03 08:00:00', 'qaLead')
  insert.run('OLD3', null, 'Sent', '2026-11-04 09:00:00', '2026-11-04 09:00:00', null, null)
  old.prepare("INSERT INTO apps (app_id, brand) VALUES ('sandbox-app-id', 'FOO')").run()
  old.prepare('INSERT INTO faults (brand, spec, created_at) VALUES ' +
    '(\'FOO\', \'{"action":"drop"}\', \'2026-11-01T00:00:00Z\')').run()
  old.close()
}

t.test('an older file gains the new columns, with history and tested flags derived from its rows', async (t) => {
  const file = join(t.testdir({}), 'old.db')
  olderFile(file)
  const app = await build(t, { db: file })
  const client = admin(app)
  await client.faults().then((faults) => t.match(
    faults,
    [{ brand: 'FOO', endpoint: null, action: 'drop' }],
    'faults kept, scoped to every endpoint'
  ))
  await client.clearFaults()
  t.match(
    await client.deployment('FOO', 'OLD1'),
    { Status: 'Scheduled', TestSent: true, RecipientCount: 1, CreatedInPortal: false, ApprovalDate: null }
  )
  t.same((await lookup(app, 'OLD2')).json().ModificationHistory, [
    { ChangeDescription: 'Deployment created', ChangedBy: 'omailAccount1', ChangedDate: '2026-11-02 10:00:00' },
    { ChangeDescription: 'Deployment cancelled', ChangedBy: 'qaLead', ChangedDate: '2026-11-03 08:00:00' },
  ])
  t.same((await lookup(app, 'OLD3')).json().ModificationHistory, [
    { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: '2026-11-04 09:00:00' },
  ])
  t.equal(
    (await post(app, 'unschedule', { UserId: 'omailAccount1', TrackId: 'OLD1' })).statusCode,
    200,
    'the lifecycle works on old rows'
  )
  t.equal(
    (await post(
      app,
      'schedule',
      { UserId: 'omailAccount1', TrackId: 'OLD1', ScheduledDate: '2031-02-01 09:00' }
    )).statusCode,
    200,
    'still tested'
  )
  await app.close()
  const check = new BetterSqlite3(file, { readonly: true })
  t.teardown(() => check.close())
  t.equal(check.pragma('user_version', { simple: true }), MIGRATIONS.length, 'the file records its schema')
})

t.test('opening a migrated file again changes nothing; a ' +
  'file from a newer version is refused in one line', async (t) => {
  const file = join(t.testdir({}), 'db.sqlite')
  new Database(file).close()
  const again = new Database(file)
  again.close()
  const raw = new BetterSqlite3(file)
  raw.pragma(`user_version = ${MIGRATIONS.length + 1}`)
  raw.close()
  t.throws(() => new Database(file), new DatabaseError(
    `cannot open the database ${file}: the database was written by a newer version of the emulator (schema ` +
      `${MIGRATIONS.length + 1}; this one knows ${MIGRATIONS.length})`))
})

t.test('a schema-2 file has its name index built again with full case folding (migration 3)', async (t) => {
  const file = join(t.testdir({}), 'schema2.db')
  const old = new BetterSqlite3(file)
  // As schema 2 left it: names indexed by the fold of that version, toLowerCase.
  old.function('fold', { deterministic: true }, (text: string) => text.toLowerCase())
  old.exec(TABLES)
  old.prepare("INSERT INTO apps (app_id, brand) VALUES ('sandbox-app-id', 'FOO')").run()
  old.prepare(`INSERT INTO deployments (tenant, brand, track_id, deployment_name, owner_user_id, created_date, status)
    VALUES ('', 'FOO', 'OLD9', 'Straße ΜΕΣΟΣ', 'omailAccount1', '2026-11-01 10:00:00', 'New')`).run()
  old.exec(MIGRATIONS[0]!)
  old.exec(MIGRATIONS[1]!)
  old.pragma('user_version = 2')
  old.close()
  const app = await build(t, { db: file })
  for (const DeploymentName of ['STRASSE', 'ΜΕΣΟΣ', 'straße μεσοσ']) {
    const res = await post(app, 'search', { DeploymentName })
    t.same(res.json().Deployments.map((d: { TrackId: string }) => d.TrackId), ['OLD9'], DeploymentName)
  }
})
