// Live drift: in record mode, the emulator also answers each recorded exchange itself, on a shadow
// world of its own (the fixtures given, in memory), once the client has the upstream's answer. What
// differs is kept for GET /__admin/drift, as verify would report it, until DELETE /__admin/drift or
// a reset starts a new shadow world. The shadow world sees the recorded (redacted) exchange only.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { Config } from '../config.js'
import type { FixtureWorld } from '../seed/format.js'
import { adminTokenCheck } from '../admin/token-check.js'
import type { Finding } from './answer-diff.js'
import { EntryReplay } from './entry-replay.js'
import { endpointOf } from './endpoint-of.js'
import { OTHER_ENDPOINT } from './known-gaps.js'
import { ReplayWorld } from './replay.js'
import { toEntry, type Exchange } from './session-file.js'

/** Differences kept at once; older ones are dropped (and counted) past it. */
export const MAX_DRIFT = 1000

export interface DriftDifference extends Finding {
  /** The exchange's place in the session file, as a known gap's `entry` names it. */
  index: number
  endpoint: string
  method: string
  url: string
}

export interface DriftReport {
  /** Exchanges the shadow world has answered. */
  exchanges: number
  /** Exchanges recorded and not yet answered by it. */
  pending: number
  differences: DriftDifference[]
  /** Differences dropped because more than MAX_DRIFT were kept. */
  dropped: number
}

export class DriftWatch {
  /** Each exchange's replay, and each clear, one after another. */
  private queue: Promise<void> = Promise.resolve()
  private queued = 0
  private answered = 0
  private dropped = 0
  private differences: DriftDifference[] = []

  private constructor(private replay: EntryReplay, private readonly world: FixtureWorld,
    private readonly config: Partial<Config>, private readonly log: FastifyBaseLogger) {}

  /** Opens the shadow world at once, of fixtures already loaded and checked. */
  static async start(world: FixtureWorld, config: Partial<Config>, log: FastifyBaseLogger): Promise<DriftWatch> {
    return new DriftWatch(await DriftWatch.open(world, config), world, config, log)
  }

  private static async open(world: FixtureWorld, config: Partial<Config>): Promise<EntryReplay> {
    return new EntryReplay(await ReplayWorld.open(config, undefined, world))
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const done = this.queue.then(step)
    this.queue = done.catch((error: unknown) => this.log.error({ err: error }, 'the shadow world failed'))
    return done
  }

  /**
   * Queues a recorded exchange, `index` its place in the session file; an upstream that gave no
   * answer has nothing to compare.
   */
  observe(exchange: Exchange, index: number): void {
    if (exchange.upstreamError !== undefined) return
    this.queued++
    this.enqueue(async () => {
      try {
        const { findings } = await this.replay.entry(toEntry(exchange))
        const endpoint = endpointOf(exchange.method, exchange.url)?.endpoint ?? OTHER_ENDPOINT
        this.answered++
        for (const finding of findings) {
          this.differences.push({ index, endpoint, method: exchange.method, url: exchange.url, ...finding })
        }
        const over = this.differences.length - MAX_DRIFT
        if (over > 0) {
          this.differences.splice(0, over)
          this.dropped += over
        }
      } finally {
        this.queued--
      }
    }).catch(() => undefined)
  }

  report(): DriftReport {
    return { exchanges: this.answered, pending: this.queued, differences: this.differences, dropped: this.dropped }
  }

  /**
   * Forgets every difference and starts a new shadow world, once the exchanges queued before it have
   * been answered (in the old one, and forgotten with it).
   */
  clear(): Promise<void> {
    return this.enqueue(async () => {
      const old = this.replay
      this.replay = await DriftWatch.open(this.world, this.config)
      this.answered = 0
      this.dropped = 0
      this.differences = []
      await old.world.close()
    })
  }

  async close(): Promise<void> {
    await this.queue
    await this.replay.world.close()
  }
}

const DriftDifferenceSchema = Type.Object({
  index: Type.Integer(), endpoint: Type.String(), method: Type.String(), url: Type.String(), kind: Type.String(),
  path: Type.String(), recorded: Type.Unknown(), emulator: Type.Unknown(),
})
const DriftReportSchema = Type.Object({
  exchanges: Type.Integer(), pending: Type.Integer(), dropped: Type.Integer(),
  differences: Type.Array(DriftDifferenceSchema),
})

/** GET and DELETE /__admin/drift, and POST /__admin/reset, behind the admin token when one is set. */
export async function driftRoutes(app: FastifyInstance, drift: DriftWatch, adminToken: string | undefined) {
  await app.register(async (routes) => {
    if (adminToken !== undefined) routes.addHook('onRequest', adminTokenCheck(adminToken))
    routes.get('/__admin/drift', { schema: { response: { 200: DriftReportSchema } } }, async () => drift.report())
    routes.delete('/__admin/drift', async (_request, reply) => {
      await drift.clear()
      return reply.code(204).send()
    })
    routes.post('/__admin/reset', async () => {
      await drift.clear()
      return { reset: 'drift' }
    })
  })
}
