// Live drift: a recorder also answers each exchange on a shadow world of its fixtures, once the
// client has the upstream's answer, and keeps what differs at /__admin/drift until it is cleared.
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import type { DriftReport } from '../../src/parity/drift-watch.js'
import { TEST_WORLD } from '../helpers.js'
import { fakeUpstream, jsonMutation } from './fake-upstream.js'
import { cancelThrough, recordThrough, send } from './recording.js'

const OWNER = 'omailAccount1'
const LOOKUP = '/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124002/*'

/** The drift report once the shadow world has answered `exchanges` (polled for up to 30 s). */
async function driftAfter(url: string, exchanges: number, headers: Record<string, string> = {}): Promise<DriftReport> {
  let report: DriftReport | undefined
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(20)) {
    report = await (await fetch(`${url}/__admin/drift`, { headers })).json() as DriftReport
    if (report.exchanges >= exchanges && report.pending === 0) return report
  }
  throw new Error(`the shadow world answered ${report?.exchanges} of ${exchanges} exchanges within 30 s`)
}

t.test('each recorded exchange is answered on the shadow world; only a real difference is kept', async (t) => {
  const upstream = await fakeUpstream(t)
  const { recorder } = await recordThrough(t, upstream, {}, { fixtures: [TEST_WORLD] })
  const appId = { 'x-omeda-appid': 'sandbox-app-id' }
  t.equal((await send(recorder.url, LOOKUP, { headers: appId })).status, 200)
  t.equal((await cancelThrough(recorder.url, { UserId: OWNER, TrackId: 'FOO261124001' })).status, 200)
  upstream.mutate(jsonMutation((body) => ({ ...body, Errors: [{ Error: "Deployment 'FOO261124001' is gone." }] })))
  t.equal((await cancelThrough(recorder.url, { UserId: OWNER, TrackId: 'FOO261124001' })).status, 400)
  upstream.mutate(undefined)
  const report = await driftAfter(recorder.url, 3)
  t.same(report.differences.map(({ index, endpoint, kind, path }) => ({ index, endpoint, kind, path })),
    [{ index: 2, endpoint: 'cancel', kind: 'rule', path: '$.Errors[0].Error' }],
    'the lookup and the first cancel agree; the reworded refusal is another rule')
  t.match(report.differences[0], { recorded: "Deployment 'FOO261124001' is gone.", method: 'POST' })

  // Cleared: a new shadow world, where FOO261124001 is scheduled again, as it is not upstream.
  t.equal((await fetch(`${recorder.url}/__admin/drift`, { method: 'DELETE' })).status, 204)
  t.same(await driftAfter(recorder.url, 0), { exchanges: 0, pending: 0, dropped: 0, differences: [] })
  await cancelThrough(recorder.url, { UserId: OWNER, TrackId: 'FOO261124001' })
  const after = await driftAfter(recorder.url, 1)
  t.same(after.differences.map(({ index, kind }) => ({ index, kind })).slice(0, 1), [{ index: 3, kind: 'status' }],
    'the new shadow world cancels what the upstream had cancelled already; the index is the session file\'s')
  const reset = await fetch(`${recorder.url}/__admin/reset`, { method: 'POST' })
  t.same(await reset.json(), { reset: 'drift' })
  t.same((await driftAfter(recorder.url, 0)).differences, [], 'a reset clears it too')
})

t.test('with an admin token the drift needs it; with drift off there is none', async (t) => {
  const upstream = await fakeUpstream(t)
  const { recorder } = await recordThrough(t, upstream, {}, { fixtures: [TEST_WORLD], adminToken: 'drift-token' })
  t.equal((await fetch(`${recorder.url}/__admin/drift`)).status, 401)
  t.equal((await fetch(`${recorder.url}/__admin/drift`, { method: 'DELETE' })).status, 401)
  t.equal((await fetch(`${recorder.url}/__admin/health`)).status, 200, 'health stays open')
  await send(recorder.url, LOOKUP, { headers: { 'x-omeda-appid': 'sandbox-app-id' } })
  const report = await driftAfter(recorder.url, 1, { authorization: 'Bearer drift-token' })
  t.same(report.differences, [])

  const off = await recordThrough(t, upstream, { drift: false, out: `${upstream.caFile}.off.har` })
  t.equal((await fetch(`${off.recorder.url}/__admin/drift`)).status, 404)
})

t.test('fixtures the shadow world cannot use stop the start, as the emulator\'s do', async (t) => {
  const upstream = await fakeUpstream(t)
  await t.rejects(recordThrough(t, upstream, {}, { fixtures: ['/nonexistent/world.json'] }),
    { name: 'FixtureError', message: /world\.json: no such file or directory/ })
})
