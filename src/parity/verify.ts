// verify: a recorded session replayed in order against a fresh emulator world, each answer compared
// with the recorded one. Differences are sorted three ways: ignored (built in, or the user's
// ignores), accepted (a known gap, with its reason), or counted. What made the replay unfaithful
// (deployments the fixtures lack, an app id they do not grant) is said in notes, with the fix.
import type { Config } from '../config.js'
import { templateOf } from './message-rules.js'
import { bodyValue, MESSAGE_PATHS, type Answer, type Finding } from './answer-diff.js'
import { EntryReplay } from './entry-replay.js'
import { walk } from './json-paths.js'
import { gapFor, ignored, OTHER_ENDPOINT, readIgnores, type KnownGap } from './known-gaps.js'
import { endpointOf } from './endpoint-of.js'
import { ReplayWorld } from './replay.js'
import type { Session } from './session-file.js'

export interface VerifyOptions {
  /** The emulator's configuration for the replay (fixtures, timezone, lengths); it always runs in memory. */
  config?: Partial<Config>
  /** The app id REDACTED-X-OMEDA-APPID-1 stands for; the fixtures' first app's by default. */
  appId?: string
  /** Endpoint names, JSON path patterns, `status`, `content-type` or `header:<name>`. */
  ignore?: string[]
  knownGaps?: KnownGap[]
  /** How the advice names the session file. */
  sessionName?: string
}

export interface Difference extends Finding {
  index: number
  endpoint: string
}
export interface AcceptedDifference extends Difference {
  reason: string
}

export interface ExchangeResult {
  index: number
  method: string
  url: string
  endpoint: string
  differences: Difference[]
  accepted: AcceptedDifference[]
  /** Why the entry was not replayed. */
  skipped?: string
}

export interface VerifyReport {
  exchanges: number
  results: ExchangeResult[]
  differences: Difference[]
  accepted: AcceptedDifference[]
  /** Why the replay could not be faithful, and what to do. */
  notes: string[]
}

/** The error messages of an answer, JSON or XML. */
function messagesOf(answer: Answer): string[] {
  const messages: string[] = []
  for (const [path, value] of walk(bodyValue(answer))) {
    if (typeof value === 'string' && MESSAGE_PATHS.some((test) => test(path))) messages.push(value)
  }
  return messages
}

/** What the replay lacked that the service had: deployments and lists the fixtures do not hold, an app id. */
class Faithfulness {
  readonly trackIds = new Set<string>()
  readonly listIds = new Set<string>()
  forbidden = false

  observe(recorded: Answer, emulated: Answer): void {
    if (recorded.status === emulated.status || recorded.status >= 400) return
    for (const message of messagesOf(emulated)) {
      const match = templateOf(message)
      const name = match?.template.name
      if (name === 'documented.deploymentNotFound' || name === 'documented.lookupNotFound') {
        this.trackIds.add(match!.values[0]!)
      }
      if (name === 'documented.listIdNotFound' || name === 'documented.noDeploymentForList') {
        this.listIds.add(match!.values[0]!)
      }
      if (name === 'documented.forbiddenAppId') this.forbidden = true
    }
  }

  notes(session: string, appId: string): string[] {
    const list = (ids: Set<string>) => [...ids].slice(0, 5).join(', ') + (ids.size > 5 ? ', …' : '')
    const fix = `run \`omeda-emulator fixtures-from ${session} > staging-world.json\` and verify with ` +
      '--fixtures staging-world.json'
    const notes: string[] = []
    if (this.trackIds.size > 0) {
      notes.push(`the recording starts from deployments the emulator has no fixture for (${list(this.trackIds)}): ` +
        `the service answered them, the emulator could not find them; ${fix}`)
    }
    if (this.listIds.size > 0) {
      notes.push(`the recording uses audience lists the emulator never made (ListId ${list(this.listIds)}); ` +
        'record the audience add that made them in the same session')
    }
    if (this.forbidden) {
      notes.push(`the fixtures do not grant the app id '${appId}' the recording's brands: give --app-id, or ${fix}`)
    }
    return notes
  }
}

/** Replays a session against a fresh emulator world and compares every answer. */
export async function verifySession(session: Session, options: VerifyOptions = {}): Promise<VerifyReport> {
  const ignores = readIgnores(options.ignore ?? [])
  const gaps = options.knownGaps ?? []
  const world = await ReplayWorld.open(options.config ?? {}, options.appId)
  const replay = new EntryReplay(world)
  const faithfulness = new Faithfulness()
  const results: ExchangeResult[] = []
  const notes: string[] = []
  let clockRefused = false
  try {
    for (const [index, entry] of session.log.entries.entries()) {
      const endpoint = endpointOf(entry.request.method, entry.request.url)?.endpoint ?? OTHER_ENDPOINT
      const result: ExchangeResult = {
        index, method: entry.request.method, url: entry.request.url, endpoint, differences: [], accepted: [],
      }
      results.push(result)
      if (entry._upstreamError !== undefined) {
        result.skipped = `the service gave no answer (${entry._upstreamError})`
        notes.push(`entry ${index} (${endpoint}) is skipped: ${result.skipped}; record it again to compare it`)
        continue
      }
      const { recorded, emulated, findings, clockSet } = await replay.entry(entry)
      if (!clockSet) clockRefused = true
      faithfulness.observe(recorded, emulated)
      for (const finding of findings) {
        if (ignored(ignores, endpoint, finding)) continue
        const difference = { index, endpoint, ...finding }
        const gap = gapFor(gaps, index, endpoint, finding)
        if (gap === undefined) result.differences.push(difference)
        else result.accepted.push({ ...difference, reason: gap.reason })
      }
    }
  } finally {
    await world.close()
  }
  if (clockRefused) {
    notes.push("some entries were replayed at the emulator's own now: the sandbox clock cannot be set to " +
      'their recorded time (startedDateTime), so rules about dates may answer otherwise')
  }
  notes.push(...faithfulness.notes(options.sessionName ?? 'session.har', world.appId))
  return {
    exchanges: session.log.entries.length,
    results,
    differences: results.flatMap((r) => r.differences),
    accepted: results.flatMap((r) => r.accepted),
    notes,
  }
}
