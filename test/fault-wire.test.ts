// Faults on the wire, seen by a client reading the socket: an answer cut off and closed (truncate),
// reset mid-answer (reset), and sent slowly (slow-body), over HTTP and HTTPS, applied or not.
import t from 'tap'
import { AdminClient } from '../src/client.js'
import { startEmulator } from '../src/start.js'
import { admin, APP_ID, build, cancel, listening, lookup, lookupPath, omedaUrl, TEST_WORLD } from './helpers.js'
import { wireExchange, type WireRequest } from './wire-client.js'

const cancelBody = JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' })
const cancelRequest = (prefix: 'vendor' | 'short' = 'vendor'): WireRequest => ({
  method: 'POST', path: omedaUrl('cancel', { prefix }), body: cancelBody,
  headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
})
const lookupRequest = (trackId = 'FOO261124001'): WireRequest =>
  ({ path: lookupPath(trackId), headers: { 'x-omeda-appid': APP_ID } })

t.test('truncate: the real answer, applied, cut after N bytes and closed cleanly', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  const fault = await client.fault({ action: 'truncate', bytes: 40, times: 1 })
  const cut = await wireExchange(url, cancelRequest())
  t.equal(cut.status, 200, 'the status line of the real answer')
  t.equal(cut.ending, 'closed', 'a clean close (FIN), not a reset')
  t.equal(cut.body.length, 40, 'exactly the bytes asked for')
  t.ok(cut.length > 40, `the head announced the whole body (${cut.length} bytes)`)
  t.throws(() => JSON.parse(cut.body.toString()), 'JSON a client cannot parse')
  t.match(cut.body.toString(), /^\{"/, 'the start of the real answer')
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled', 'the cancel took effect')
  t.match(await client.submissions({ endpoint: 'cancel' }), [{ FaultId: fault.id, StatusCode: 200 }])
  t.equal((await client.submissions({ endpoint: 'cancel' }))[0]?.ResponseBody, cut.body.toString(),
    'the journal keeps what the client received')

  const retry = await wireExchange(url, cancelRequest('short'))
  t.same([retry.status, retry.ending], [400, 'complete'], 'the retry meets the cancelled deployment, whole')
  t.match(JSON.parse(retry.body.toString()),
    { Errors: [{ Error: "Deployment 'FOO261124001' has been previously cancelled." }] })
})

t.test('truncate without apply: nothing performed, an error cut (half by default)', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  await client.fault({ action: 'truncate', apply: false, status: 502, times: 1 })
  const cut = await wireExchange(url, cancelRequest('short'))
  t.equal(cut.status, 502)
  t.equal(cut.ending, 'closed')
  t.equal(cut.body.length, Math.floor(cut.length / 2), 'half the body')
  t.match(cut.body.toString(), /^\{"Errors":\[\{"Error":"Fault inj/)
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'the cancel was not performed')
})

t.test('reset: the connection is reset mid-answer; a client sees ECONNRESET', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  await client.fault({ action: 'reset', bytes: 10, endpoint: 'lookup', times: 1 })
  const reset = await wireExchange(url, lookupRequest())
  t.equal(reset.ending, 'reset', 'a reset (RST), not a close')
  t.ok(reset.body.length <= 10, 'no more than the bytes asked for arrived')
  const next = await wireExchange(url, lookupRequest())
  t.same([next.status, next.ending], [200, 'complete'], 'the next call is whole')

  await client.fault({ action: 'reset', times: 1 })
  const applied = await wireExchange(url, cancelRequest())
  t.equal(applied.ending, 'reset')
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled', 'applied by default')
  const [row] = await client.submissions({ endpoint: 'cancel' })
  t.equal(row?.StatusCode, 200)
})

t.test('slow-body: the whole answer, in pieces, over the time asked, while other calls are served', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  await client.fault({ action: 'slow-body', durationMs: 1200, chunks: 4, trackId: 'FOO261124001' })
  const slow = wireExchange(url, lookupRequest('FOO261124001'))
  let slowDone = false
  slow.then(() => { slowDone = true }, () => undefined)
  // Another call, started after the slow one, is answered whole while the slow one is still coming.
  const other = await wireExchange(url, lookupRequest('FOO261124002'))
  t.equal(other.ending, 'complete')
  t.equal(slowDone, false, 'answered before the slow answer finished')
  const answer = await slow
  t.equal(answer.status, 200)
  t.equal(answer.ending, 'complete')
  t.equal(answer.body.length, answer.length)
  t.match(JSON.parse(answer.body.toString()), { TrackId: 'FOO261124001' }, 'the real answer, whole')
  t.ok(answer.arrivals.length >= 2, `in pieces (${answer.arrivals.length} reads)`)
  const took = answer.arrivals.at(-1)! - answer.arrivals[0]!
  t.ok(took >= 1200 * 0.9, `the body took the time asked (${Math.round(took)} ms of 1200)`)
  t.ok(took < 1200 * 10, 'and not far more')
})

t.test('through app.inject(), with no connection to break: the cut bytes, then the answer ends', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.fault({ action: 'truncate', bytes: 30, times: 1 })
  const cut = await cancel(app, JSON.parse(cancelBody))
  t.same([cut.statusCode, cut.rawPayload.length], [200, 30])
  t.ok(Number(cut.headers['content-length']) > 30, 'the head still announces the whole body')
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled')
  await client.fault({ action: 'reset', apply: false, times: 1 })
  const reset = await lookup(app, 'FOO261124002')
  t.equal(reset.statusCode, 503)
  t.ok(reset.rawPayload.length < Number(reset.headers['content-length']))
})

t.test('over HTTPS: truncate, reset and slow-body on the TLS port', async (t) => {
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: t.testdir() })
  t.teardown(() => emulator.close())
  const { httpsUrl, ca } = emulator
  const client = new AdminClient({ baseUrl: emulator.url })
  await client.fault({ action: 'truncate', bytes: 25, times: 1 })
  const cut = await wireExchange(httpsUrl!, { ...cancelRequest(), ca: ca! })
  t.same([cut.status, cut.ending, cut.body.length], [200, 'closed', 25])
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled')

  await client.fault({ action: 'reset', times: 1 })
  t.equal((await wireExchange(httpsUrl!, { ...lookupRequest(), ca: ca! })).ending, 'reset')

  await client.fault({ action: 'slow-body', durationMs: 600, chunks: 3, times: 1 })
  const slow = await wireExchange(httpsUrl!, { ...lookupRequest('FOO261124002'), ca: ca! })
  t.same([slow.status, slow.ending], [200, 'complete'])
  t.ok(slow.arrivals.at(-1)! - slow.arrivals[0]! >= 600 * 0.9, 'slowly')
})
