// The live event stream (/__admin/events, server-sent events) over a real socket: submissions as
// they are journaled, admin changes, filters, resuming with Last-Event-ID, world scopes, and a
// consumer that stops reading, which must stall no request and is cut off.
import t, { type Test } from 'tap'
import type { Config } from '../src/config.js'
import { connect } from 'node:net'
import { readFileSync } from 'node:fs'
import { EVENT_QUEUE_LIMIT } from '../src/admin/event-stream.js'
import { AdminClient } from '../src/client.js'
import { listening, postJson, takeEvents } from './helpers.js'

const cancelOf = (trackId: string) => ({ UserId: 'omailAccount1', TrackId: trackId })

async function setup(t: Test, overrides: Partial<Config> = {}) {
  const { app, url } = await listening(t, overrides)
  const client = new AdminClient({ baseUrl: url })
  const cancelUrl = (brand = 'FOO') => `${url}/webservices/rest/brand/${brand}/omail/deployment/cancel/*`
  return { app, url, client, cancelUrl }
}

t.test('a cancel made over HTTP arrives within a second, in ' +
  'the journal API shape, with its journal place as id', async (t) => {
  const { client, cancelUrl } = await setup(t)
  const events = await client.events()
  const started = Date.now()
  const answer = await postJson(cancelUrl(), cancelOf('FOO261124001'))
  const [event] = await takeEvents(events, 1, 1000)
  t.ok(Date.now() - started < 1000, 'within a second')
  t.match(
    event,
    {
      type: 'submission',
      id: Number,
      submission: {
        SubmissionId: answer.body.SubmissionId,
        Endpoint: 'cancel',
        StatusCode: 200,
        TrackId: 'FOO261124001',
        Brand: 'FOO'
      }
    }
  )
  t.same(
    event?.type === 'submission' && event.submission,
    await client.submission(String(answer.body.SubmissionId)),
    'the same shape as the journal API'
  )
})

t.test('admin changes are events too: fixtures, fault added and removed, clock, reset', async (t) => {
  const { client } = await setup(t)
  const events = await client.events({ type: undefined })
  await client.seed({ deployments: [] })
  const fault = await client.fault({ action: 'drop', endpoint: 'search' })
  await client.removeFault(fault.id)
  await client.clearFaults()
  const clock = await client.setClock({ now: '2030-01-01 00:00:00' })
  await client.reset()
  t.same(await takeEvents(events, 6), [
    { type: 'fixtures', apps: 0, deployments: 0, catalogue: 0 },
    { type: 'fault-added', fault },
    { type: 'fault-removed', id: fault.id },
    { type: 'fault-removed', id: null },
    { type: 'clock', clock },
    { type: 'reset', reset: 'all' },
  ])
})

t.test('filters: trackId, brand, statusCode and type; submission filters leave admin changes out', async (t) => {
  const { client, cancelUrl } = await setup(t)
  const byTrackId = await client.events({ trackId: 'foo261124002' })
  const byBrandAndStatus = await client.events({ brand: 'bar', statusCode: 200 })
  const clocks = await client.events({ type: 'clock' })
  await client.setClock({ offsetSeconds: 60 })
  await postJson(cancelUrl(), cancelOf('FOO261124001'))
  await postJson(cancelUrl(), cancelOf('FOO261124002'))
  await postJson(cancelUrl('BAR'), { UserId: 'barEditor', TrackId: 'BAR261124001' })
  await postJson(cancelUrl('BAR'), { UserId: 'barEditor', TrackId: 'BAR261124001' })
  const [one] = await takeEvents(byTrackId, 1)
  t.match(one, { type: 'submission', submission: { TrackId: 'FOO261124002' } })
  const [bar] = await takeEvents(byBrandAndStatus, 1)
  t.match(bar, { type: 'submission', submission: { Brand: 'BAR', StatusCode: 200 } })
  t.match(await takeEvents(clocks, 1), [{ type: 'clock', clock: { offsetSeconds: 60 } }])
  // Nothing else came: the next event each stream sees is the one sent now.
  await postJson(cancelUrl(), cancelOf('FOO261124002'))
  t.match(await takeEvents(byTrackId, 1), [{ submission: { TrackId: 'FOO261124002', StatusCode: 400 } }])
  const bad = await fetch(
    `${new URL(cancelUrl()).origin}/__admin/events?type=everything`,
    { headers: { accept: 'text/event-stream' } }
  )
  t.equal(bad.status, 400)
  t.match(await bad.json(), { Errors: [{ Error: /^querystring\/type: must be one of 'submission'/ }] })
})

t.test('Last-Event-ID resumes after a reconnect with what was missed, in order, then live', async (t) => {
  const { client, cancelUrl } = await setup(t)
  const controller = new AbortController()
  const first = await client.events({ type: 'submission' }, { signal: controller.signal })
  await postJson(cancelUrl(), cancelOf('FOO261124001'))
  const [seen] = await takeEvents(first, 1)
  controller.abort()
  for (const id of ['FOO261124002', 'FOO261124003', 'FOO261124004']) await postJson(cancelUrl(), cancelOf(id))
  const resumed = await client.events(
    { type: 'submission' },
    { lastEventId: String(seen?.type === 'submission' ? seen.id : 0) }
  )
  const missed = await takeEvents(resumed, 3)
  t.same(
    missed.map((e) => e.type === 'submission' && e.submission.TrackId),
    ['FOO261124002', 'FOO261124003', 'FOO261124004']
  )
  t.same(
    missed.map((e) => e.type === 'submission' && e.id),
    [1, 2, 3].map((n) => (seen?.type === 'submission' ? seen.id : 0) + n)
  )
  await postJson(cancelUrl(), cancelOf('FOO261124005'))
  t.match(await takeEvents(resumed, 1), [{ submission: { TrackId: 'FOO261124005' } }], 'then live, with nothing twice')
})

t.test('in isolation mode, a stream with an app id sees its own world only', async (t) => {
  const { url, cancelUrl } = await setup(t, { isolation: 'app-id' })
  const mine = await new AdminClient({ baseUrl: url, appId: 'sandbox-app-id+mine' }).events()
  const everything = await new AdminClient({ baseUrl: url }).events()
  await postJson(cancelUrl(), cancelOf('FOO261124001'), { 'x-omeda-appid': 'sandbox-app-id+other' })
  await postJson(cancelUrl(), cancelOf('FOO261124001'), { 'x-omeda-appid': 'sandbox-app-id+mine' })
  t.same((await takeEvents(everything, 2)).map((e) => e.type === 'submission' && e.submission.StatusCode), [200, 200])
  const [own] = await takeEvents(mine, 1)
  t.match(own, { type: 'submission', submission: { StatusCode: 200 } })
  t.notOk(JSON.stringify(own).includes('sandbox-app-id'), 'the app id is not in the event')
})

// The journal keeps 16384 characters of a body by default; these tests raise it so that 60 kB
// bodies reach the stream whole, as they do for a user who raises it.
const WHOLE_BODIES = { journalBodyLimit: 100_000 }
const LARGE_BODIES = { journalBodyLimit: 300_000 }

/** The most a loopback connection's kernel buffers may hold (both ends), read where the system says. */
function socketBufferCeiling(): number {
  const most = (file: string) => {
    try {
      return Number(readFileSync(file, 'utf8').trim().split(/\s+/).pop())
    } catch {
      return 32 * 1024 * 1024
    }
  }
  return most('/proc/sys/net/ipv4/tcp_rmem') + most('/proc/sys/net/ipv4/tcp_wmem')
}

/** Waits for `waiting`, or fails with `what` after `ms`. */
async function within(ms: number, what: string, waiting: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      waiting,
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(what)), ms) }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

t.test('a consumer that stops reading stalls no request, ' +
  'and is cut off before its backlog grows without bound', async (t) => {
  const { url, cancelUrl } = await setup(t, LARGE_BODIES)
  const { port } = new URL(url)
  const consumers = async () =>
    Number(/^omeda_event_consumers (\d+)$/m.exec(await (await fetch(`${url}/__admin/metrics`)).text())?.[1])
  const stuck = connect(Number(port), '127.0.0.1')
  await new Promise<void>((resolve) => stuck.once('connect', resolve))
  stuck.write('GET /__admin/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  // The answer's head comes once the stream has subscribed: only then can it fall behind.
  await new Promise((resolve) => stuck.once('data', resolve))
  stuck.pause()
  const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()))
  stuck.on('error', () => undefined)
  let healthyGot = 0
  let counted = () => {}
  const stop = new AbortController()
  const healthy = await new AdminClient({ baseUrl: url }).events({ type: 'submission' }, { signal: stop.signal })
  const counting = (async () => {
    for await (const event of healthy) {
      if (event.type === 'submission') healthyGot++
      counted()
    }
  })().catch(() => undefined)
  t.equal(await consumers(), 2)
  // Events of about 200 kB, until the server drops the stuck stream. The kernel's buffers on both
  // ends take what they can first (tens of MB where the receive buffer grows), so the ceiling is the
  // stream's limit plus the most those can hold.
  const padded = { ...cancelOf('FOO000000000'), Padding: 'x'.repeat(200_000) }
  const ceiling = EVENT_QUEUE_LIMIT.bytes + socketBufferCeiling() + 8 * 1024 * 1024
  let sent = 0
  let posts = 0
  let slowest = 0
  while (sent < ceiling && await consumers() === 2) {
    const one = Date.now()
    const res = await postJson(cancelUrl(), padded)
    slowest = Math.max(slowest, Date.now() - one)
    if (res.status !== 404) t.fail(`answer ${res.status}`)
    sent += 200_000
    posts++
  }
  t.equal(await consumers(), 1, `the stuck consumer was cut off after ${posts} events (${sent} bytes)`)
  t.ok(slowest < 1000, `no request waited on the stuck consumer (slowest ${slowest} ms)`)
  const caughtUp = new Promise<void>((resolve) => {
    counted = () => { if (healthyGot >= posts) resolve() }
    counted()
  })
  await within(30_000, `the reading consumer got ${healthyGot} of ${posts} events`, caughtUp)
  t.equal(healthyGot, posts, 'a consumer that reads as they come gets every event')
  stop.abort()
  await counting
  let received = 0
  stuck.on('data', (chunk: Buffer) => { received += chunk.length })
  stuck.resume()
  await within(30_000, 'the cut-off connection never closed', closed)
  t.ok(received < sent, `what it had been sent was cut short (${received} of ${sent} bytes)`)
})

t.test('closing the server ends a stream whose consumer is stuck mid-write', async (t) => {
  const { app, url, cancelUrl } = await setup(t, WHOLE_BODIES)
  const stuck = connect(Number(new URL(url).port), '127.0.0.1')
  await new Promise<void>((resolve) => stuck.once('connect', resolve))
  stuck.write('GET /__admin/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  await new Promise((resolve) => stuck.once('data', resolve))
  stuck.pause()
  stuck.on('error', () => undefined)
  const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()))
  // About 6 MB: more than the socket buffers hold, less than the stream's limit, so the server's
  // write waits for a drain that never comes.
  const padded = { ...cancelOf('FOO000000000'), Padding: 'x'.repeat(60_000) }
  for (let i = 0; i < 100; i++) await postJson(cancelUrl(), padded)
  const metrics = await (await fetch(`${url}/__admin/metrics`)).text()
  t.match(metrics, /^omeda_event_consumers 1$/m, 'still connected, not yet cut off')
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < 3000, `the server closed in ${Date.now() - started} ms`)
  stuck.resume()
  await closed
  t.pass('and the connection was ended')
})

t.test('without the admin token, the stream is refused like every admin call', async (t) => {
  const { url } = await setup(t, { adminToken: 'stream-token' })
  const refused = await fetch(`${url}/__admin/events`, { headers: { accept: 'text/event-stream' } })
  t.equal(refused.status, 401)
  const client = new AdminClient({ baseUrl: url, token: 'stream-token' })
  const events = await client.events()
  await client.setClock({ offsetSeconds: 1 })
  t.match(await takeEvents(events, 1), [{ type: 'clock' }])
})
