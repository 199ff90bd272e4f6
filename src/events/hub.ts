// Live events for the admin event stream: each journaled submission and each change made through
// the admin API, fanned out to the subscribers whose filter matches. Publishing never waits: each
// subscriber has a bounded queue, and one that falls too far behind is disconnected, so a slow or
// stuck consumer can stall no request and grow no memory without bound.
import type { EmulatorEvent } from '../contract/admin.js'
import type { WrittenRow } from '../journal/journal.js'

/** An event and the world it happened in (undefined: every world, e.g. a fault or a full reset). */
export interface WorldEvent {
  tenant: string | undefined
  event: EmulatorEvent
}

/** How much a consumer may fall behind before it is dropped: events, and their bodies' characters. */
export interface QueueLimit {
  events: number
  characters: number
}

/** Roughly what an event holds: a submission carries its request and response bodies. */
const sizeOf = (event: EmulatorEvent): number =>
  event.type === 'submission' ? 300 + (event.submission.RequestBody?.length ?? 0) + event.submission.ResponseBody.length : 300

/** A written journal row as the event stream sends it: in the journal API's shape, its place as the id. */
export function submissionEvent({ tenant, Seq, ...submission }: WrittenRow): WorldEvent {
  return { tenant, event: { type: 'submission', id: Seq, submission } }
}

/** A subscriber's queue, read as an async iterator; it ends on close() or when it overflows. */
export class Subscription implements AsyncIterable<EmulatorEvent> {
  /** Each queued event with its size, counted once. */
  private readonly queue: { event: EmulatorEvent; size: number }[] = []
  private queued = 0
  private wake: (() => void) | null = null
  private ended = false
  /** True once the queue overflowed: the consumer fell more than `capacity` events behind. */
  overflowed = false

  /**
   * `disconnect` ends the consumer's connection: on overflow, and when the server closes (a write
   * waiting for a stuck consumer to drain would otherwise never end).
   */
  constructor(readonly matches: (event: WorldEvent) => boolean, private readonly limit: QueueLimit,
    readonly disconnect: () => void, private readonly onEnd: () => void) {}

  push(event: EmulatorEvent): void {
    if (this.ended) return
    const size = sizeOf(event)
    if (this.queue.length >= this.limit.events || this.queued + size > this.limit.characters) {
      this.overflowed = true
      this.close()
      this.disconnect()
      return
    }
    this.queue.push({ event, size })
    this.queued += size
    this.wake?.()
  }

  close(): void {
    if (this.ended) return
    this.ended = true
    this.queue.length = 0
    this.onEnd()
    this.wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<EmulatorEvent> {
    for (;;) {
      const next = this.queue.shift()
      if (next !== undefined) {
        this.queued -= next.size
        yield next.event
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

  subscribe(matches: (event: WorldEvent) => boolean, limit: QueueLimit, disconnect: () => void): Subscription {
    const subscription: Subscription = new Subscription(matches, limit, disconnect, () => this.subscriptions.delete(subscription))
    this.subscriptions.add(subscription)
    return subscription
  }

  publish(world: WorldEvent): void {
    for (const subscription of this.subscriptions) if (subscription.matches(world)) subscription.push(world.event)
  }

  /** Ends every stream and its connection (the server is closing). */
  closeAll(): void {
    for (const subscription of this.subscriptions) {
      subscription.close()
      subscription.disconnect()
    }
  }
}
