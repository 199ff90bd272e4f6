// Atomic cancels: many simultaneous cancels of one TrackId give exactly one 200, within one process
// and across processes sharing one database file.
import t from 'tap'
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../src/config.js'
import { postJson, spawnEmulator } from './helpers.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
const path = '/webservices/rest/brand/FOO/omail/deployment/cancel/*'

function tally(results: { status: number; body: Record<string, unknown> }[]) {
  const counts: Record<number, number> = {}
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1
  return counts
}

t.test('200 simultaneous cancels over real sockets: one 200, 199 previously cancelled', async (t) => {
  const emulator = await spawnEmulator()
  t.teardown(() => emulator.stop())
  const results = await Promise.all(Array.from({ length: 200 }, () => postJson(`${emulator.url}${path}`, body)))
  t.same(tally(results), { 200: 1, 400: 199 })
  const refused = results.filter((r) => r.status === 400).map((r) => (r.body.Errors as { Error: string }[])[0]?.Error)
  t.same(new Set(refused), new Set(["Deployment 'FOO261124001' has been previously cancelled."]))
})

t.test('four processes on one database file: exactly one 200 across them, every submission journaled', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'shared.db')
  const started = await Promise.allSettled(Array.from({ length: 4 }, () => spawnEmulator(['--db', db])))
  t.teardown(async () => {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop()
  })
  for (const s of started) if (s.status === 'rejected') t.fail(`an emulator did not start: ${String(s.reason)}`)
  const emulators = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  if (emulators.length < 4) return
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => postJson(`${emulators[i % 4]!.url}${path}`, body)))
  t.same(tally(results), { 200: 1, 400: 199 })

  const check = new Database(db, { readonly: true })
  t.teardown(() => check.close())
  const journaled = check.prepare('SELECT status_code AS code, count(*) AS n FROM submissions GROUP BY status_code ORDER BY code').all()
  t.same(journaled, [{ code: 200, n: 1 }, { code: 400, n: 199 }])
  const row = check.prepare("SELECT status, cancelled_by AS by FROM deployments WHERE track_id = 'FOO261124001'").get()
  t.same(row, { status: 'Cancelled', by: 'omailAccount1' })
  const seeded = (JSON.parse(readFileSync(DEFAULT_FIXTURES, 'utf8')) as { deployments: unknown[] }).deployments.length
  t.equal(check.prepare("SELECT count(*) FROM deployments WHERE tenant = ''").pluck().get(), seeded, 'no process seeded twice')
})
