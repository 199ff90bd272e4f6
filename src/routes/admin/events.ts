// GET /__admin/events — server-sent events: one per journaled submission (data in the journal API's
// shape, id its place in the journal) and one per change made through the admin API. Filters are
// query parameters; Last-Event-ID resumes after a reconnect from the journal, within its retention.
import sse from '@fastify/sse'
import { EventFilter, type EmulatorEvent } from '../../contract/admin.js'
import type { EventHub, WorldEvent } from '../../events/hub.js'
import type { TypedApp } from '../../http/typed-app.js'
import type { Journal } from '../../journal/journal.js'
import type { Tenancy } from '../../world/tenancy.js'
import { submissionEvent } from '../../state.js'
import { optionalScope } from './scope.js'

/** How far a consumer may fall behind before it is dropped (it may reconnect and resume). */
export const EVENT_QUEUE_LIMIT = { events: 10_000, characters: 16 * 1024 * 1024 }
const HEARTBEAT_MS = 15_000

const same = (a: string | null, b: string | undefined) => b === undefined || (a !== null && a.toLowerCase() === b.toLowerCase())

/** The events a stream sends: its world (or every world) and its filter. Filters on submissions leave state changes out. */
export function eventMatcher(tenant: string | undefined, filter: EventFilter) {
  const onSubmissions = filter.trackId !== undefined || filter.brand !== undefined || filter.statusCode !== undefined
  return ({ tenant: where, event }: WorldEvent): boolean => {
    if (tenant !== undefined && where !== undefined && where !== tenant) return false
    if (filter.type !== undefined && event.type !== filter.type) return false
    if (event.type !== 'submission') return !onSubmissions
    const { Brand, TrackId, StatusCode } = event.submission
    return same(Brand, filter.brand) && same(TrackId, filter.trackId) && (filter.statusCode === undefined || StatusCode === filter.statusCode)
  }
}

function frame(event: EmulatorEvent) {
  return event.type === 'submission'
    ? { id: String(event.id), event: event.type, data: event.submission }
    : { event: event.type, data: event }
}

export interface EventParts {
  events: EventHub
  journal: Journal
  tenancy: Tenancy
}

export async function eventRoutes(app: TypedApp, { events, journal, tenancy }: EventParts): Promise<void> {
  // The package's types describe its default export as the bare plugin; at run time the module
  // itself is the plugin wrapped to share reply.sse with this scope, which is the one to register.
  await app.register(sse as unknown as typeof sse.default, { heartbeatInterval: HEARTBEAT_MS })
  // Open streams end when the server closes, so that closing does not wait for their clients.
  app.addHook('preClose', (done) => {
    events.closeAll()
    done()
  })

  app.get('/events', { sse: 'only', schema: { summary: 'Live events (server-sent events)', querystring: EventFilter } }, async (request, reply) => {
    const tenant = optionalScope(tenancy, request)
    const matches = eventMatcher(tenant, request.query)
    // A consumer that falls too far behind is cut off with an error, which also ends a write
    // waiting for it to drain.
    const subscription = events.subscribe(matches, EVENT_QUEUE_LIMIT, () => reply.raw.destroy(new Error('event consumer too slow')))
    reply.sse.keepAlive()
    reply.sse.onClose(() => subscription.close())
    // Committed at once, so a client knows it is subscribed before anything happens.
    reply.sse.sendHeaders()
    reply.raw.flushHeaders()
    let resumedTo = 0
    const lastEventId = Number(reply.sse.lastEventId ?? '')
    if (reply.sse.lastEventId !== null && Number.isSafeInteger(lastEventId)) {
      for (const row of journal.after(lastEventId, { tenant })) {
        const missed = submissionEvent(row)
        if (matches(missed)) await reply.sse.send(frame(missed.event))
        resumedTo = row.Seq
      }
    }
    for await (const event of subscription) {
      if (event.type === 'submission' && event.id <= resumedTo) continue
      if (!reply.sse.isConnected) break
      await reply.sse.send(frame(event))
    }
    reply.sse.close()
  })
}
