// Live events for the admin event stream: each journaled submission and each change made through
// the admin API, fanned out to the subscribers whose filter matches. An event is put in its wire
// form (a server-sent event, as bytes) once, however many streams send it. Publishing never waits:
// each subscriber has a bounded queue, and one that falls too far behind is disconnected, so a slow
// or stuck consumer can stall no request and grow no memory without bound.
import type { EmulatorEvent } from '../contract/admin.js'
import type { WrittenEntries } from '../world/outbox-store.js'
import type { WrittenRow } from './journal.js'

/** An event and the world it happened in (undefined: every world, e.g. a fault or a full reset). */
export interface WorldEvent {
  tenant: string | undefined
  event: EmulatorEvent
}

/** How much a consumer may fall behind before it is dropped: events, and their bytes on the wire. */
export interface QueueLimit {
  events: number
  bytes: number
}

/** An event as a stream writes it: a server-sent event, encoded once for every stream. */
export interface WireEvent {
  event: EmulatorEvent
  bytes: Buffer
}

/**
 * The server-sent event: a submission's place in the journal as its id (for Last-Event-ID), its type
 * as the event name, and one `data:` line of JSON (JSON text holds no raw line break).
 */
export function encodeEvent(event: EmulatorEvent): WireEvent {
  const data = event.type === 'submission' ? event.submission : event
  const id = event.type === 'submission' ? `id: ${event.id}\n` : ''
  return { event, bytes: Buffer.from(`${id}event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`) }
}

/** A written journal row as the event stream sends it: in the journal API's shape, its place as the id. */
export function submissionEvent({ tenant, Seq, ...submission }: WrittenRow): WorldEvent {
  return { tenant, event: { type: 'submission', id: Seq, submission } }
}

/** Written outbox entries as the event stream sends them: one event each, in the order written. */
export const outboxEvents = ({ tenant, entries }: WrittenEntries): WorldEvent[] =>
  entries.map((entry) => ({ tenant, event: { type: 'outbox', entry } }))

/** A subscriber's queue, read as an async iterator; it ends on close() or when it overflows. */
export class Subscription implements AsyncIterable<WireEvent[]> {
  private queue: WireEvent[] = []
  private queued = 0
  private wake: (() => void) | null = null
  /** Ends a pause() early: set while the stream pauses. */
  private hurry: (() => void) | null = null
  private ended = false
  /** True once the queue overflowed: the consumer fell more than `capacity` events behind. */
  overflowed = false

  /**
   * `disconnect` ends the consumer's connection: on overflow, and when the server closes (a write
   * waiting for a stuck consumer to drain would otherwise never end). `unsent` is what the stream
   * has written that its socket has not yet taken: it counts toward the limit, or a stream that took
   * a large batch just before its consumer stopped would hold twice the limit.
   */
  constructor(readonly matches: (event: WorldEvent) => boolean, private readonly limit: QueueLimit,
    readonly disconnect: () => void, private readonly unsent: () => number, private readonly onEnd: () => void) {}

  push(wire: WireEvent): void {
    if (this.ended) return
    const bytes = this.queued + wire.bytes.length + this.unsent()
    if (this.queue.length >= this.limit.events || bytes > this.limit.bytes) {
      this.overflowed = true
      this.close()
      this.disconnect()
      return
    }
    this.queue.push(wire)
    this.queued += wire.bytes.length
    this.wake?.()
    const halfFull = this.queue.length * 2 >= this.limit.events || this.queued * 2 >= this.limit.bytes
    if (this.hurry !== null && halfFull) this.hurry()
  }

  /**
   * Waits `ms` between two writes, so that events gather and a stream costs one write per pause, not
   * one per event; less once the queue is half full (a consumer that reads must never be cut off for
   * its pause), or when `signal` aborts (the consumer left).
   */
  pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.hurry = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done)
      this.hurry = done
    })
  }

  close(): void {
    if (this.ended) return
    this.ended = true
    this.queue = []
    this.onEnd()
    this.wake?.()
  }

  /** Everything queued since the last read, oldest first (a stream writes it at once); waits while nothing is. */
  async * [Symbol.asyncIterator](): AsyncIterator<WireEvent[]> {
    for (;;) {
      if (this.queue.length > 0) {
        const batch = this.queue
        this.queue = []
        this.queued = 0
        yield batch
        continue
      }
      if (this.ended) return
      await new Promise<void>((resolve) => { this.wake = resolve })
      this.wake = null
    }
  }
}

export class EventHub {
  private readonly subscriptions = new Set<Subscription>()

  /** Open streams. */
  get consumers(): number {
    return this.subscriptions.size
  }

  /** True when someone listens: callers skip building events otherwise. */
  get listening(): boolean {
    return this.subscriptions.size > 0
  }

  subscribe(
    matches: (event: WorldEvent) => boolean, limit: QueueLimit, disconnect: () => void, unsent: () => number
  ): Subscription {
    const subscription: Subscription =
      new Subscription(matches, limit, disconnect, unsent, () => this.subscriptions.delete(subscription))
    this.subscriptions.add(subscription)
    return subscription
  }

  publish(world: WorldEvent): void {
    let wire: WireEvent | undefined
    for (const subscription of this.subscriptions) {
      if (subscription.matches(world)) subscription.push(wire ??= encodeEvent(world.event))
    }
  }

  /** Ends every stream and its connection (the server is closing). */
  closeAll(): void {
    for (const subscription of this.subscriptions) {
      subscription.close()
      subscription.disconnect()
    }
  }
}
