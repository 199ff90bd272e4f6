// What many event streams cost: each event is encoded once however many streams send it, and the
// number of streams open at once has a cap, past which a stream is refused in the error shape.
import t from 'tap'
import { EventHub, type WireEvent } from '../src/sandbox/event-hub.js'
import { AdminClient } from '../src/client.js'
import { listening, postJson } from './helpers.js'

const LIMIT = { events: 100, bytes: 1 << 20 }

t.test('an event published to many streams is encoded once: every stream holds the same bytes', async (t) => {
  const hub = new EventHub()
  const streams = Array.from({ length: 500 }, () => hub.subscribe(() => true, LIMIT, () => {}, () => 0))
  const other = hub.subscribe((world) => world.event.type === 'clock', LIMIT, () => {}, () => 0)
  hub.publish({ tenant: undefined, event: { type: 'reset', reset: 'all' } })
  const received: WireEvent[] = []
  for (const stream of streams) {
    const next = await stream[Symbol.asyncIterator]().next()
    if (next.done !== true) received.push(...next.value)
  }
  t.equal(received.length, 500, 'every matching stream got it')
  t.ok(received.every((wire) => wire.bytes === received[0]!.bytes), 'one Buffer, shared by all')
  t.equal(
    received[0]!.bytes.toString(),
    'event: reset\ndata: {"type":"reset","reset":"all"}\n\n',
    'a server-sent event'
  )
  other.close()
  t.equal(hub.consumers, 500)
  for (const stream of streams) stream.close()
  t.equal(hub.consumers, 0)
})

t.test('what a stream wrote that its socket has not taken counts toward its limit', async (t) => {
  const hub = new EventHub()
  let unsent = 0
  let dropped = 0
  const stream = hub.subscribe(() => true, LIMIT, () => { dropped++ }, () => unsent)
  const reset = { tenant: undefined, event: { type: 'reset', reset: 'all' } } as const
  hub.publish(reset)
  t.equal(dropped, 0, 'within the limit with nothing unsent')
  await stream[Symbol.asyncIterator]().next()
  unsent = LIMIT.bytes - 10
  hub.publish(reset)
  t.equal(dropped, 1, 'dropped: its queue is small, but its socket holds nearly the limit')
  t.equal(hub.consumers, 0)
})

t.test('past --max-event-streams a stream is refused with 503; closing one frees its place', async (t) => {
  const { url } = await listening(t, { maxEventStreams: 2 })
  const client = new AdminClient({ baseUrl: url })
  const aborts = [new AbortController(), new AbortController()]
  t.teardown(() => { for (const abort of aborts) abort.abort() })
  await client.events({}, { signal: aborts[0]!.signal })
  await client.events({}, { signal: aborts[1]!.signal })
  const refused = await fetch(`${url}/__admin/events`, { headers: { accept: 'text/event-stream' } })
  t.equal(refused.status, 503)
  t.match(await refused.json(), {
    Errors: [{ Error: 'The emulator already serves its limit of 2 event streams; close one, or raise ' +
      'OMEDA_MAX_EVENT_STREAMS (--max-event-streams).' }],
    SubmissionId: /^[0-9A-F-]{36}$/,
  })
  // Requests go on as usual meanwhile.
  t.equal(
    (await postJson(
      `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`,
      { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
    )).status,
    200
  )
  aborts[0]!.abort()
  // The server notices the close on its own schedule: ask until the place is free.
  let again: Response | undefined
  while (again?.status !== 200) {
    await again?.body?.cancel()
    again = await fetch(
      `${url}/__admin/events`,
      { headers: { accept: 'text/event-stream' }, signal: aborts[1]!.signal }
    )
  }
  t.equal(again.headers.get('content-type'), 'text/event-stream')
})
