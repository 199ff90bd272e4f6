// Atomic cancels: many simultaneous cancels of one TrackId give exactly one 200, within one process
// and across processes sharing one database file.
import t from 'tap'
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { postJson, spawnEmulator, TEST_WORLD } from '../helpers.js'

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
  const results = await Promise.all(Array.from(
    { length: 200 },
    (_, i) => postJson(`${emulators[i % 4]!.url}${path}`, body)
  ))
  t.same(tally(results), { 200: 1, 400: 199 })

  const check = new Database(db, { readonly: true })
  t.teardown(() => check.close())
  const journaled = check.prepare('SELECT status_code AS code, count(*) AS n FROM ' +
    'submissions GROUP BY status_code ORDER BY code').all()
  t.same(journaled, [{ code: 200, n: 1 }, { code: 400, n: 199 }])
  const row = check.prepare("SELECT status, cancelled_by AS by FROM deployments WHERE track_id = 'FOO261124001'").get()
  t.same(row, { status: 'Cancelled', by: 'omailAccount1' })
  const seeded = (JSON.parse(readFileSync(TEST_WORLD, 'utf8')) as { deployments: unknown[] }).deployments.length
  t.equal(
    check.prepare("SELECT count(*) FROM deployments WHERE tenant = ''").pluck().get(),
    seeded,
    'no process seeded twice'
  )
})

type History = { ChangeDescription: string }[]
const base = (url: string, endpoint: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/${endpoint}/*`

/**
 * Schedules and cancels, or unschedules and cancels, of one deployment at once (the rival sent first, so
 * that it can win); each tally and the history.
 */
async function race(urls: string[], trackId: string, rival: 'schedule' | 'unschedule', n = 120) {
  const calls = Array.from({ length: n }, (_, i) => {
    const url = urls[i % urls.length]!
    if (i % 2 === 1) {
      return postJson(
        base(url, 'cancel'),
        { UserId: 'omailAccount1', TrackId: trackId }
      ).then((r) => ({ kind: 'cancel', ...r }))
    }
    const body = rival === 'schedule'
      ? {
          UserId: 'qaLead',
          TrackId: trackId,
          ScheduledDate: '2031-05-01 08:00'
        }
      : { UserId: 'qaLead', TrackId: trackId }
    return postJson(base(url, rival), body).then((r) => ({ kind: rival, ...r }))
  })
  const results = await Promise.all(calls)
  const wins = (kind: string) => results.filter((r) => r.kind === kind && r.status === 200).length
  const res = await fetch(
    `${urls[0]}/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`,
    { headers: { 'x-omeda-appid': 'sandbox-app-id' } }
  )
  const view = (await res.json()) as { Status: string; ModificationHistory: History }
  const changes = view.ModificationHistory.map((e) => e.ChangeDescription).filter((d) => d !== 'Deployment created')
  return {
    cancels: wins('cancel'),
    rivals: wins(rival),
    status: view.Status,
    changes,
    codes: new Set(results.map((r) => r.status))
  }
}

t.test('schedule against cancel, and unschedule against cancel, ' +
  'of one deployment: never two contradicting successes', async (t) => {
  const emulator = await spawnEmulator()
  t.teardown(() => emulator.stop())
  // FOO261127005 is New and tested: a schedule may win before the cancel, never after it.
  const scheduled = await race([emulator.url], 'FOO261127005', 'schedule')
  t.equal(scheduled.cancels, 1, 'exactly one cancel succeeds')
  t.ok(scheduled.rivals <= 1, `at most one schedule succeeds (${scheduled.rivals})`)
  t.equal(scheduled.status, 'Cancelled')
  t.same(
    scheduled.changes,
    scheduled.rivals === 1 ? ['Deployment scheduled', 'Deployment cancelled'] : ['Deployment cancelled'],
    'a schedule, if any, came first'
  )
  t.same([...scheduled.codes].sort(), [200, 400], 'every other answer is a 400')
  // FOO261124001 is Scheduled: an unschedule may win before the cancel, never after it.
  const unscheduled = await race([emulator.url], 'FOO261124001', 'unschedule')
  t.equal(unscheduled.cancels, 1)
  t.ok(unscheduled.rivals <= 1, `at most one unschedule succeeds (${unscheduled.rivals})`)
  t.equal(unscheduled.status, 'Cancelled')
  t.same(
    unscheduled.changes,
    unscheduled.rivals === 1 ? ['Deployment unscheduled', 'Deployment cancelled'] : ['Deployment cancelled']
  )
})

t.test('the same races across three processes on one database file', async (t) => {
  const db = join(t.testdir({}), 'shared.db')
  const started = await Promise.allSettled(Array.from({ length: 3 }, () => spawnEmulator(['--db', db])))
  t.teardown(async () => {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop()
  })
  const urls = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.url] : []))
  t.equal(urls.length, 3, 'all three started')
  if (urls.length < 3) return
  for (const [trackId, rival] of [['FOO261127005', 'schedule'], ['FOO261124001', 'unschedule']] as const) {
    const outcome = await race(urls, trackId, rival)
    t.equal(outcome.cancels, 1, `${rival}: exactly one cancel`)
    t.ok(outcome.rivals <= 1, `${rival}: at most one ${rival} (${outcome.rivals})`)
    t.equal(outcome.status, 'Cancelled')
    t.same(outcome.changes.at(-1), 'Deployment cancelled', 'the cancel is the last change')
    t.equal(outcome.changes.length, 1 + outcome.rivals, 'the history holds exactly the successes')
  }
})
