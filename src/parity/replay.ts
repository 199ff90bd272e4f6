// A fresh emulator world to replay a session in: in memory, on the given fixtures, its clock moved to
// each entry's recorded time, the session's app id placeholders mapped to app ids (the first to the
// fixtures' first app, the others to ids the emulator does not know).
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import { defaultConfig, type Config } from '../config.js'
import { FixtureError, loadFixtures } from '../seed/files.js'
import type { FixtureWorld } from '../seed/format.js'
import type { Answer } from './answer-diff.js'
import { VerifyInputError } from './known-gaps.js'

const PLACEHOLDERS = /REDACTED-X-OMEDA-(APPID|INPUTID)-(\d+)/g
/** Request headers that belong to the connection, not to what the client asked. */
const HOP_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'])

export interface ReplayRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: Buffer
}

/** Header values by lower-case name, repeated headers joined as HTTP joins them. */
export function headerRecord(headers: Iterable<[string, unknown]>): Record<string, string> {
  const record: Record<string, string> = {}
  for (const [name, value] of headers) {
    if (value === undefined) continue
    const key = name.toLowerCase()
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    record[key] = record[key] === undefined ? text : `${record[key]}, ${text}`
  }
  return record
}

export class ReplayWorld {
  private constructor(private readonly app: FastifyInstance, readonly appId: string,
    private readonly granted: Set<string>) {}

  /**
   * Opens the world, of fixtures already loaded or of config.fixtures; a fixture file that cannot be
   * used is a VerifyInputError.
   */
  static async open(config: Partial<Config>, appId: string | undefined, loaded?: FixtureWorld): Promise<ReplayWorld> {
    const fixtures = config.fixtures ?? defaultConfig().fixtures
    let world = loaded
    try {
      world ??= loadFixtures(fixtures)
    } catch (error) {
      if (!(error instanceof FixtureError)) throw error
      const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more)` : ''
      throw new VerifyInputError(`invalid fixtures: ${error.problems[0]}${more}`)
    }
    const chosen = appId ?? world.apps[0]?.AppId
    if (chosen === undefined) {
      throw new VerifyInputError('the fixtures grant no app id to replay the session with: give --app-id')
    }
    const app = await buildApp(defaultConfig({
      ...config, fixtures, db: ':memory:', reseed: false, snapshot: undefined, tlsPort: undefined,
      metrics: false, isolation: 'shared', logLevel: 'silent', adminToken: undefined,
      // A session may come from anyone: replaying it fetches nothing (fixtures' contentUrls still serve).
      contentFetch: false,
    }), { logger: false, world })
    return new ReplayWorld(app, chosen, new Set(world.apps.map((a) => a.AppId)))
  }

  /**
   * A recorded text with each placeholder replaced by the id the replay sends. A placeholder that the
   * fixtures grant as an app id (fixtures-from's document does) is sent as it is.
   */
  unmask(text: string): string {
    return text.replace(PLACEHOLDERS, (placeholder: string, header: string, n: string) => {
      if (header !== 'APPID') return `replayed-input-id-${n}`
      if (this.granted.has(placeholder)) return placeholder
      return n === '1' ? this.appId : `unknown-app-id-${n}`
    })
  }

  /** Moves the world's clock to a recorded time; false when the clock refuses it. */
  async setClock(startedDateTime: string): Promise<boolean> {
    const at = Date.parse(startedDateTime)
    if (Number.isNaN(at)) return false
    const res = await this.app.inject({
      method: 'POST', url: '/__admin/clock', payload: { offsetSeconds: Math.round((at - Date.now()) / 1000) },
    })
    return res.statusCode === 200
  }

  async send(request: ReplayRequest): Promise<Answer> {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_HEADERS.has(name)))
    const res = await this.app.inject({
      method: request.method as 'GET', url: request.url, headers,
      ...(request.body.length === 0 ? {} : { payload: request.body }),
    })
    return { status: res.statusCode, headers: headerRecord(Object.entries(res.headers)), body: res.rawPayload }
  }

  close(): Promise<void> {
    return this.app.close()
  }
}
