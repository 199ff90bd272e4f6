// Races in one process, over a real socket: concurrent creates (and clones) never share a TrackId;
// updates racing a schedule or a cancel of the same deployment: the schedule or cancel always
// succeeds, each update either came before it (its change is in the history, before it) or is
// refused as the final state explains (`cannot be edited`). In one process the handlers never
// overlap (each runs to its end in one turn of the event loop), so these check the outcomes of each
// order; test/process/deployment-races.test.ts races two processes on one file for real.
import t from 'tap'
import { AdminClient } from '../src/client.js'
import type { LookupView } from '../src/contract/omeda.js'
import { postJson, listening } from './helpers.js'

const HEADERS = { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' }
const CANNOT_BE_EDITED = (trackId: string) =>
  `Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.`

const createBody = (i: number) => ({
  DeploymentName: `Racer ${i}`, DeploymentDate: '2031-04-01 09:00', DeploymentTypeId: 12,
  OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1,
})

async function put(url: string, body: unknown) {
  const res = await fetch(`${url}/webservices/rest/brand/FOO/omail/deployment/*`,
    { method: 'PUT', headers: HEADERS, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const errorOf = (body: Record<string, unknown>) => (body.Errors as { Error: string }[] | undefined)?.[0]?.Error

async function view(url: string, trackId: string): Promise<LookupView> {
  const res = await fetch(`${url}/FOO/omail/deployment/lookup/${trackId}/*`, { headers: HEADERS })
  return (await res.json()) as LookupView
}

t.test('concurrent creates and clones in one process never share a TrackId', async (t) => {
  const { url } = await listening(t)
  await new AdminClient({ baseUrl: url }).setClock({ now: '2031-02-10 09:00:00' })
  const base = `${url}/webservices/rest/brand/FOO/omail/deployment`
  const results = await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 3 === 2
    ? postJson(`${base}/clone/*`, { CloneTrackId: 'FOO261127005', DeploymentDate: '2031-04-01 09:00' })
    : postJson(`${base}/*`, createBody(i)))))
  t.same(new Set(results.map((r) => r.status)), new Set([200]), 'every one succeeds')
  const trackIds = results.map((r) => r.body.TrackId as string)
  t.equal(new Set(trackIds).size, 150, 'no TrackId twice')
  const expected = Array.from({ length: 150 }, (_, i) => `FOO310210${String(i + 1).padStart(3, '0')}`)
  t.same([...trackIds].sort(), expected, 'the day numbered 001 to 150 without a gap')
  for (const [i, r] of results.entries()) {
    const info = (r.body.ResponseInfo as { TrackId: string }[])[0]
    t.equal(info?.TrackId, r.body.TrackId, `answer ${i}: ResponseInfo and the top level agree`)
  }
  // Each answer's TrackId is the deployment that request made.
  const names = await Promise.all(trackIds.map(async (id) => (await view(url, id)).DeploymentName))
  t.same(names, results.map((_, i) => (i % 3 === 2 ? 'Copy of Ready to schedule' : `Racer ${i}`)))
})

/** Updates of one deployment (each with its own Notes) sent at once with one rival call in their middle. */
async function race(url: string, trackId: string, rival: { endpoint: string; body: Record<string, unknown> }) {
  const n = 40
  const calls = Array.from({ length: n + 1 }, (_, i) => (i === n / 2
    ? postJson(`${url}/FOO/omail/deployment/${rival.endpoint}/*`, { TrackId: trackId, ...rival.body })
      .then((r) => ({ kind: 'rival', notes: '', ...r }))
    : put(url, { TrackId: trackId, OwnerUserId: 'omailAccount1', Notes: `note ${i}` })
      .then((r) => ({ kind: 'update', notes: `note ${i}`, ...r }))))
  const results = await Promise.all(calls)
  const updates = results.filter((r) => r.kind === 'update')
  return {
    rival: results.find((r) => r.kind === 'rival')!,
    won: updates.filter((r) => r.status === 200).map((r) => r.notes),
    lost: updates.filter((r) => r.status !== 200),
    final: await view(url, trackId),
  }
}

t.test('updates racing a cancel: the cancel succeeds; an update before it shows, one after it is refused',
  async (t) => {
    const { url } = await listening(t)
    const trackId = 'FOO261127001'
    const { rival, won, lost, final } = await race(url, trackId, {
      endpoint: 'cancel', body: { UserId: 'omailAccount1' },
    })
    t.comment(`${won.length} updates before the cancel, ${lost.length} after it`)
    t.equal(rival.status, 200, 'the cancel succeeds whatever came before it')
    t.equal(final.Status, 'Cancelled')
    t.same(new Set(lost.map((r) => `${r.status} ${errorOf(r.body)}`)),
      new Set(lost.length === 0 ? [] : [`400 ${CANNOT_BE_EDITED(trackId)}`]), 'each loser is refused as Cancelled')
    t.equal(won.length + lost.length, 40)
    const descriptions = final.ModificationHistory.map((e) => e.ChangeDescription)
    const noted = descriptions.filter((d) => d.startsWith('Notes changed'))
    t.equal(noted.length, won.length, 'every update that won is in the history, and no other')
    t.equal(descriptions.at(-1), 'Deployment cancelled', 'after every update that won')
    for (const notes of won) t.ok(noted.some((d) => d.endsWith(`to: '${notes}'`)), `${notes} is in the history`)
  })

t.test('updates racing a schedule: the schedule succeeds; an update before it shows, one after it is refused',
  async (t) => {
    const { url } = await listening(t)
    const trackId = 'FOO261127005'
    const { rival, won, lost, final } = await race(url, trackId, {
      endpoint: 'schedule', body: { UserId: 'omailAccount1', ScheduledDate: '2031-05-01 08:00' },
    })
    t.comment(`${won.length} updates before the schedule, ${lost.length} after it`)
    t.equal(rival.status, 200, `the schedule succeeds ${JSON.stringify(rival.body)}`)
    t.match(final, { Status: 'Scheduled', ScheduledDate: '2031-05-01 08:00:00' })
    t.same(new Set(lost.map((r) => `${r.status} ${errorOf(r.body)}`)),
      new Set(lost.length === 0 ? [] : [`400 ${CANNOT_BE_EDITED(trackId)}`]), 'each loser is refused as Scheduled')
    const descriptions = final.ModificationHistory.map((e) => e.ChangeDescription)
    t.equal(descriptions.filter((d) => d.startsWith('Notes changed')).length, won.length)
    t.equal(descriptions.at(-1), 'Deployment scheduled', 'after every update that won')
  })

t.test('each order, one at a time: update then cancel both succeed; cancel then update refuses the update',
  async (t) => {
    const { url } = await listening(t)
    const cancelUrl = `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`
    const first = await put(url, { TrackId: 'FOO261127001', OwnerUserId: 'omailAccount1', Notes: 'early' })
    t.equal(first.status, 200)
    t.equal((await postJson(cancelUrl, { TrackId: 'FOO261127001', UserId: 'omailAccount1' })).status, 200,
      'update wins: the cancel still succeeds after it')
    t.equal((await postJson(cancelUrl, { TrackId: 'FOO261127005', UserId: 'omailAccount1' })).status, 200)
    const late = await put(url, { TrackId: 'FOO261127005', OwnerUserId: 'omailAccount1', Notes: 'late' })
    t.same([late.status, errorOf(late.body)], [400, CANNOT_BE_EDITED('FOO261127005')], 'cancel wins: refused')
    t.notOk((await view(url, 'FOO261127005')).ModificationHistory.some((e) => e.ChangeDescription.includes('late')),
      'and nothing of it stored')
  })
