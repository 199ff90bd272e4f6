// GET /__admin/events — server-sent events: one per journaled submission (data in the journal API's
// shape, id its place in the journal), one per outbox entry, and one per change made through the admin
// API. Filters are query parameters; Last-Event-ID resumes after a reconnect from the journal, within
// its retention.
import { once } from 'node:events'
import { EventFilter } from '../contract/admin.js'
import { encodeEvent, submissionEvent, type EventHub, type WireEvent, type WorldEvent } from '../sandbox/event-hub.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Journal } from '../sandbox/journal.js'
import type { Tenancy } from '../world/tenancy.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { optionalScope } from './scope.js'

/** How far a consumer may fall behind before it is dropped (it may reconnect and resume). */
export const EVENT_QUEUE_LIMIT = { events: 10_000, bytes: 16 * 1024 * 1024 }
const HEARTBEAT_MS = 15_000
/** The least time between two writes to one stream; an event after a quiet spell is written at once. */
export const STREAM_FLUSH_MS = 100
/** A stream pauses only after a batch smaller than this. */
const PAUSE_BELOW_BYTES = 64 * 1024
/** Journal rows read at a time when a stream resumes. */
const REPLAY_PAGE = 500

const same = (a: string | null, b: string | undefined) =>
  b === undefined || (a !== null && a.toLowerCase() === b.toLowerCase())

/**
 * The events a stream sends: its world (or every world) and its filter. Filters on submissions
 * leave state changes out.
 */
export function eventMatcher(tenant: string | undefined, filter: EventFilter) {
  const onSubmissions = filter.trackId !== undefined || filter.brand !== undefined || filter.statusCode !== undefined
  return ({ tenant: where, event }: WorldEvent): boolean => {
    if (tenant !== undefined && where !== undefined && where !== tenant) return false
    if (filter.type !== undefined && event.type !== filter.type) return false
    if (event.type === 'outbox') {
      // An email has no status: a filter on the status leaves it out, as it does state changes.
      const { Brand, TrackId } = event.entry
      return filter.statusCode === undefined && same(Brand, filter.brand) && same(TrackId, filter.trackId)
    }
    if (event.type !== 'submission') return !onSubmissions
    const { Brand, TrackId, StatusCode } = event.submission
    return same(Brand, filter.brand) && same(TrackId, filter.trackId) &&
      (filter.statusCode === undefined || StatusCode === filter.statusCode)
  }
}

export interface EventParts {
  events: EventHub
  journal: Journal
  tenancy: Tenancy
}

export async function eventRoutes(
  app: TypedApp, { events, journal, tenancy }: EventParts, maxStreams: number
): Promise<void> {
  // Loaded as an app is built, not as the package is imported. The package's types describe its
  // default export as the bare plugin; at run time the module itself (CommonJS: its default here) is
  // the plugin wrapped to share reply.sse with this scope, which is the one to register.
  const { default: sse } = await import('@fastify/sse')
  await app.register(sse as unknown as typeof sse.default, { heartbeatInterval: HEARTBEAT_MS })
  // Open streams end when the server closes, so that closing does not wait for their clients.
  app.addHook('preClose', (done) => {
    events.closeAll()
    done()
  })

  app.get('/events', {
    sse: 'only',
    schema: { summary: 'Live events (server-sent events)', querystring: EventFilter }
  }, async (request, reply) => {
    const tenant = optionalScope(tenancy, request)
    // Each open stream costs every event a match; a page or script opening streams in a loop must not
    // make every request pay for thousands.
    if (events.consumers >= maxStreams) throw new OmedaError(503, emulator.tooManyEventStreams(maxStreams))
    const filter = request.query
    const matches = eventMatcher(tenant, filter)
    // Events are written as encoded once for every stream (hub.ts), waiting while the socket is full;
    // a consumer that left or was cut off never drains it, so every wait also ends when it closes
    // (an abort signal, which leaves nothing behind per wait, unlike a race with one long promise).
    const gone = new AbortController()
    reply.raw.once('close', () => gone.abort())
    const until = (waiting: Promise<unknown>) => waiting.then(() => undefined, () => undefined)
    /** Writes a batch; resolves with the bytes written, once the socket has room again. */
    const send = async (batch: WireEvent[]): Promise<number> => {
      if (reply.raw.destroyed || batch.length === 0) return 0
      const bytes = batch.reduce((sum, wire) => sum + wire.bytes.length, 0)
      // Small events in one write, not one each (what the pause saves); large ones as they are,
      // uncopied. Not cork(): on Node 22 and 24 a corked chunked answer this size broke the stream.
      const chunks = bytes < PAUSE_BELOW_BYTES && batch.length > 1
        ? [Buffer.concat(batch.map((wire) => wire.bytes), bytes)]
        : batch.map((wire) => wire.bytes)
      let room = true
      for (const chunk of chunks) room = reply.raw.write(chunk)
      if (!room) await until(once(reply.raw, 'drain', { signal: gone.signal }))
      return bytes
    }
    const subscription = events.subscribe(
      matches, EVENT_QUEUE_LIMIT, () => reply.raw.destroy(), () => reply.raw.writableLength
    )
    reply.sse.keepAlive()
    reply.sse.onClose(() => subscription.close())
    // Committed at once, so a client knows it is subscribed before anything happens.
    reply.sse.sendHeaders()
    reply.raw.flushHeaders()
    let resumedTo = 0
    const lastEventId = Number(reply.sse.lastEventId ?? '')
    const replays = filter.type === undefined || filter.type === 'submission'
    if (reply.sse.lastEventId !== null && Number.isSafeInteger(lastEventId) && replays) {
      // Page by page, so a resume from far back neither blocks the server nor loads the journal at once.
      const query = {
        tenant, brand: filter.brand, trackId: filter.trackId, statusCode: filter.statusCode, limit: REPLAY_PAGE,
      }
      for (let page = journal.after(lastEventId, query); page.length > 0 && reply.sse.isConnected;) {
        for (const row of page) {
          const missed = submissionEvent(row)
          if (matches(missed)) await send([encodeEvent(missed.event)])
          resumedTo = row.Seq
        }
        page = page.length < REPLAY_PAGE ? [] : journal.after(resumedTo, query)
      }
    }
    for await (const batch of subscription) {
      if (!reply.sse.isConnected) break
      const written = await send(batch.filter(({ event }) => event.type !== 'submission' || event.id > resumedTo))
      // Under load, small events gather while a stream pauses: a thousand streams then cost the
      // server a write each per STREAM_FLUSH_MS, not one per event each. Large batches are worth
      // their write, and a pause would only keep a consumer that reads them from reading.
      if (written < PAUSE_BELOW_BYTES) await subscription.pause(STREAM_FLUSH_MS, gone.signal)
    }
    reply.sse.close()
  })
}
