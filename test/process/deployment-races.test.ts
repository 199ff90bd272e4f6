// Races across two built server processes on one database file: concurrent creates never share a
// TrackId (each process reads and takes the next one in one transaction); updates racing a cancel
// or a schedule of one deployment lose only as its final state explains.
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { AdminClient } from '../../src/client.js'
import type { LookupView } from '../../src/contract/omeda.js'
import { postJson, spawnEmulator, type RunningEmulator } from '../helpers.js'

const HEADERS = { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' }
const CANNOT_BE_EDITED = (trackId: string) =>
  `Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.`
const deployment = (url: string, resource = '') => `${url}/webservices/rest/brand/FOO/omail/deployment/${resource}*`
const errorOf = (body: Record<string, unknown>) => (body.Errors as { Error: string }[] | undefined)?.[0]?.Error

/** Two built servers on one database file, stopped when `t` ends. */
async function twoOnOneFile(t: Test): Promise<{ urls: string[]; db: string }> {
  const db = join(t.testdir({}), 'shared.db')
  const started = await Promise.allSettled([0, 1].map(() => spawnEmulator(['--db', db], {}, { built: true })))
  const running: RunningEmulator[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  t.teardown(async () => {
    for (const s of running) await s.stop()
  })
  for (const s of started) if (s.status === 'rejected') throw new Error('a server did not start', { cause: s.reason })
  return { urls: running.map((r) => r.url), db }
}

async function put(url: string, body: unknown) {
  const res = await fetch(deployment(url), { method: 'PUT', headers: HEADERS, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

t.test('concurrent creates across two processes on one file never share a TrackId', async (t) => {
  const { urls, db } = await twoOnOneFile(t)
  // The clock lives in the file: set through one process, both number by its day.
  await new AdminClient({ baseUrl: urls[0]! }).setClock({ now: '2031-02-10 09:00:00' })
  t.equal((await new AdminClient({ baseUrl: urls[1]! }).clock()).now.slice(0, 10), '2031-02-10')
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => postJson(deployment(urls[i % 2]!), {
    DeploymentName: `Racer ${i}`, DeploymentDate: '2031-04-01 09:00', DeploymentTypeId: 12,
    OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1,
  })))
  t.same(new Set(results.map((r) => r.status)), new Set([200]), 'every create succeeds')
  const trackIds = results.map((r) => r.body.TrackId as string)
  t.equal(new Set(trackIds).size, 200, 'no TrackId twice')
  t.same([...trackIds].sort(), Array.from({ length: 200 }, (_, i) => `FOO310210${String(i + 1).padStart(3, '0')}`))

  const check = new Database(db, { readonly: true })
  t.teardown(() => check.close())
  const rows = check.prepare(
    "SELECT track_id AS id, deployment_name AS name FROM deployments WHERE track_id LIKE 'FOO310210%'"
  ).all() as { id: string; name: string }[]
  t.equal(rows.length, 200, 'two hundred rows in the file')
  const byId = new Map(rows.map((r) => [r.id, r.name]))
  t.same(trackIds.map((id) => byId.get(id)), results.map((_, i) => `Racer ${i}`),
    "each answer's TrackId is the deployment that request made")
})

/** Updates of one deployment spread over both processes, with one rival call in their middle. */
async function race(urls: string[], trackId: string, endpoint: string, body: Record<string, unknown>) {
  const n = 60
  const results = await Promise.all(Array.from({ length: n + 1 }, (_, i) => (i === n / 2
    ? postJson(deployment(urls[i % 2]!, `${endpoint}/`), { TrackId: trackId, ...body })
      .then((r) => ({ kind: 'rival', ...r }))
    : put(urls[i % 2]!, { TrackId: trackId, OwnerUserId: 'omailAccount1', Notes: `note ${i}` })
      .then((r) => ({ kind: 'update', ...r })))))
  const res = await fetch(`${urls[1]}/FOO/omail/deployment/lookup/${trackId}/*`, { headers: HEADERS })
  const updates = results.filter((r) => r.kind === 'update')
  return {
    rival: results.find((r) => r.kind === 'rival')!,
    won: updates.filter((r) => r.status === 200).length,
    lost: updates.filter((r) => r.status !== 200),
    final: (await res.json()) as LookupView,
  }
}

t.test('updates racing a cancel, then a schedule, across two processes', async (t) => {
  const { urls } = await twoOnOneFile(t)
  for (const [trackId, endpoint, body, status] of [
    ['FOO261127001', 'cancel', { UserId: 'omailAccount1' }, 'Cancelled'],
    ['FOO261127005', 'schedule', { UserId: 'omailAccount1', ScheduledDate: '2031-05-01 08:00' }, 'Scheduled'],
  ] as const) {
    const { rival, won, lost, final } = await race(urls, trackId, endpoint, body)
    t.comment(`${endpoint}: ${won} updates before it, ${lost.length} after it`)
    t.equal(rival.status, 200, `the ${endpoint} succeeds ${JSON.stringify(rival.body)}`)
    t.equal(final.Status, status)
    t.same(new Set(lost.map((r) => `${r.status} ${errorOf(r.body)}`)),
      new Set(lost.length === 0 ? [] : [`400 ${CANNOT_BE_EDITED(trackId)}`]), `each loser is refused as ${status}`)
    const descriptions = final.ModificationHistory.map((e) => e.ChangeDescription)
    t.equal(descriptions.filter((d) => d.startsWith('Notes changed')).length, won,
      'every update that won is in the history, and no other')
    t.equal(descriptions.at(-1), endpoint === 'cancel' ? 'Deployment cancelled' : 'Deployment scheduled',
      `the ${endpoint} is the last change`)
  }
})
