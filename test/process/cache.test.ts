// What each process keeps in memory (app grants, whether any fault is set, each world's clock) is
// never staler than the database file it shares: once one process has acknowledged a write, the very
// next request to another process sees it. Two built servers on one file, over real sockets, each
// change made through one and checked at once through the other, again and again.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { appIdHeader, lookupPath, postJson, spawnEmulator, type RunningEmulator } from '../helpers.js'

const ROUNDS = 8
const LATE_APP = 'granted-later-app-id'

async function pair(t: Test): Promise<[RunningEmulator, RunningEmulator]> {
  const db = join(t.testdir({}), 'shared.db')
  const a = await spawnEmulator(['--db', db], {}, { built: true })
  t.teardown(() => a.stop())
  const b = await spawnEmulator(['--db', db], {}, { built: true })
  t.teardown(() => b.stop())
  return [a, b]
}

const lookupStatus = async (url: string, appId: string, trackId = 'FOO261124001') =>
  (await fetch(`${url}${lookupPath(trackId)}`, { headers: appIdHeader(appId) })).status

async function admin(url: string, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${url}/__admin${path}`, {
    method, ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body)
        }),
  })
  await res.arrayBuffer()
  return res.status
}

t.test('grants: an app id granted, then revoked (by a reset), through the other process', async (t) => {
  const [a, b] = await pair(t)
  for (let i = 0; i < ROUNDS; i++) {
    t.equal(await lookupStatus(a.url, LATE_APP), 403, `round ${i}: not granted yet (and now cached as such)`)
    t.equal(await admin(b.url, 'POST', '/fixtures', { apps: [{ AppId: LATE_APP, Brands: ['FOO'] }] }), 200)
    t.equal(await lookupStatus(a.url, LATE_APP), 200, `round ${i}: the grant is seen at once`)
    t.equal(await admin(b.url, 'POST', '/reset'), 200)
    t.equal(await lookupStatus(a.url, LATE_APP), 403, `round ${i}: the revocation is seen at once`)
  }
})

t.test('faults: one set, used up and cleared, through the other process', async (t) => {
  const [a, b] = await pair(t)
  const cancel = (url: string) => postJson(
    `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`,
    { UserId: 'omailAccount1', TrackId: 'NOSUCH' }
  )
  for (let i = 0; i < ROUNDS; i++) {
    t.equal((await cancel(a.url)).status, 404, `round ${i}: no fault (and now cached as such)`)
    t.equal(await admin(b.url, 'POST', '/faults', { action: 'status', status: 503, times: 1 }), 201)
    t.equal((await cancel(a.url)).status, 503, `round ${i}: the new fault is seen at once`)
    t.equal((await cancel(b.url)).status, 404, `round ${i}: and, used up by one process, is gone for the other`)
    t.equal(await admin(b.url, 'POST', '/faults', { action: 'status', status: 502 }), 201)
    t.equal((await cancel(a.url)).status, 502, `round ${i}: a fault without a limit`)
    t.equal(await admin(b.url, 'DELETE', '/faults'), 200)
    t.equal((await cancel(a.url)).status, 404, `round ${i}: the clearing is seen at once`)
  }
})

t.test('the clock: moved and returned to real time, through the other process', async (t) => {
  const [a, b] = await pair(t)
  const now = async (url: string) => ((await (await fetch(`${url}/__admin/clock`)).json()) as { now: string }).now
  const thisYear = (await now(a.url)).slice(0, 4)
  for (let i = 0; i < ROUNDS; i++) {
    const year = String(2040 + i)
    t.equal(await admin(b.url, 'POST', '/clock', { now: `${year}-01-01 00:00:00` }), 200)
    t.equal((await now(a.url)).slice(0, 4), year, `round ${i}: the moved clock is seen at once`)
    t.equal(await admin(b.url, 'DELETE', '/clock'), 200)
    t.equal((await now(a.url)).slice(0, 4), thisYear, `round ${i}: real time again, at once`)
  }
})

t.test('the clock moved by the other process sends what is due on the next call', async (t) => {
  const [a, b] = await pair(t)
  const status = async () => ((await (await fetch(
    `${a.url}${lookupPath('FOO261124001')}`,
    { headers: appIdHeader() }
  )).json()) as { Status: string }).Status
  t.equal(await status(), 'Scheduled')
  t.equal(await admin(b.url, 'POST', '/clock', { offsetSeconds: 100 * 365 * 24 * 3600 }), 200)
  t.equal(await status(), 'Sent')
})
