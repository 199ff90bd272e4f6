// The emulator marks the database files it writes as its own (SQLite's application_id); what it
// refuses to open is in process/database-file.test.ts.
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { Database } from '../src/db/database.js'
import { APPLICATION_ID } from '../src/db/file-check.js'

t.test('files the emulator writes are marked as its own; a ' +
  'file of an earlier version (unmarked) is still opened', async (t) => {
  const dir = t.testdir({})
  const fresh = join(dir, 'fresh.db')
  new Database(fresh).close()
  const check = (file: string) => {
    const db = new BetterSqlite3(file, { readonly: true })
    try { return db.pragma('application_id', { simple: true }) } finally { db.close() }
  }
  t.equal(check(fresh), APPLICATION_ID)
  const earlier = new BetterSqlite3(fresh)
  earlier.pragma('application_id = 0')
  earlier.close()
  new Database(fresh).close()
  t.equal(check(fresh), APPLICATION_ID, 'marked once opened')
})
