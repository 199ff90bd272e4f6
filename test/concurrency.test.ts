// Atomic cancels: many simultaneous cancels of one TrackId give exactly one 200, within one process
// and across processes sharing one database file.
import t from 'tap'
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../src/config.js'
import { postJson, startEmulator } from './helpers.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
const path = '/webservices/rest/brand/FOO/omail/deployment/cancel/*'

function tally(results: { status: number; body: Record<string, unknown> }[]) {
  const counts: Record<number, number> = {}
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}

t.test('200 simultaneous cancels over real sockets: one 200, 199 previously cancelled', async (t) => {
  const emulator = await startEmulator()
  t.teardown(() => emulator.stop())
  const results = await Promise.all(Array.from({ length: 200 }, () => postJson(`${emulator.url}${path}`, body)))
  t.same(tally(results), { 200: 1, 400: 199 })
  const refused = results.filter((r) => r.status === 400).map((r) => (r.body.Errors as { Error: string }[])[0]?.Error)
  t.same(new Set(refused), new Set(["Deployment 'FOO261124001' has been previously cancelled."]))
})

t.test('two processes on one database file: exactly one 200 across both, every submission journaled', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'shared.db')
  const [a, b] = await Promise.all([startEmulator(['--db', db]), startEmulator(['--db', db])])
  t.teardown(async () => { await a!.stop(); await b!.stop() })
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => postJson(`${(i % 2 ? a : b)!.url}${path}`, body)))
  t.same(tally(results), { 200: 1, 400: 99 })

  const check = new Database(db, { readonly: true })
  t.teardown(() => check.close())
  const journaled = check.prepare('SELECT status_code AS code, count(*) AS n FROM submissions GROUP BY status_code ORDER BY code').all()
  t.same(journaled, [{ code: 200, n: 1 }, { code: 400, n: 99 }])
  const row = check.prepare("SELECT status, cancelled_by AS by FROM deployments WHERE track_id = 'FOO261124001'").get()
  t.same(row, { status: 'Cancelled', by: 'omailAccount1' })
  const seeded = (JSON.parse(readFileSync(DEFAULT_FIXTURES, 'utf8')) as { deployments: unknown[] }).deployments.length
  t.equal(check.prepare('SELECT count(*) FROM deployments').pluck().get(), seeded, 'the second process did not seed twice')
})
