// The service's generated values and the emulator's, paired as they appear: a TrackId a create
// answered, a ListId, a SubmissionId, a date. Later requests carry the emulator's value where the
// recording carries the service's, and comparisons take each pair as equal.
import { walk } from './json-paths.js'

/** Fields whose values the service makes up. */
const GENERATED_FIELDS = /(?:^|[.\]])(TrackId|ListId|SubmissionId)(?:\[\d+\])?$/
/** A date or a date and time as the vendor or ISO 8601 writes it. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/
/** A GUID, as SubmissionIds and request ids are. */
export const GUID_LIKE = /^[{(]?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[)}]?$/i

const isScalar = (value: unknown): value is string | number =>
  typeof value === 'string' || typeof value === 'number'

/** Values too short to swap in a text without hitting something else. */
const SHORTEST = 3
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A value that the service and the emulator each make up, so that no two runs agree on it. */
export const isVolatile = (value: string): boolean => DATE_TIME.test(value) || GUID_LIKE.test(value)

export class GeneratedValues {
  private readonly pairs = new Map<string, string>()
  private swap: RegExp | undefined

  /** Learns the pairs an answer shows: generated fields and dates the emulator answered otherwise. */
  learn(recorded: unknown, emulated: unknown): void {
    const ours = new Map(walk(emulated))
    for (const [path, theirs] of walk(recorded)) {
      const mine = ours.get(path)
      if (!isScalar(theirs) || !isScalar(mine) || String(theirs) === String(mine)) continue
      const generated = GENERATED_FIELDS.test(path) ||
        (typeof theirs === 'string' && typeof mine === 'string' && isVolatile(theirs) && isVolatile(mine))
      if (generated) this.pair(String(theirs), String(mine))
    }
  }

  pair(recorded: string, emulated: string): void {
    if (recorded.length < SHORTEST || recorded === emulated || this.pairs.get(recorded) === emulated) return
    this.pairs.set(recorded, emulated)
    const sources = [...this.pairs.keys()].sort((a, b) => b.length - a.length).map(escape)
    // Whole values only: FOO261124001 is not part of FOO2611240011.
    this.swap = new RegExp(`(?<![\\w-])(?:${sources.join('|')})(?![\\w-])`, 'g')
  }

  /** A recorded text with each recorded value the emulator made otherwise swapped for the emulator's. */
  translate(text: string): string {
    if (this.swap === undefined) return text
    return text.replace(this.swap, (value) => this.pairs.get(value) ?? value)
  }

  /** Whether a recorded scalar and the emulator's are the same, once generated values are paired. */
  same(recorded: unknown, emulated: unknown): boolean {
    if (recorded === emulated) return true
    if (!isScalar(recorded) || !isScalar(emulated)) return false
    if (typeof recorded !== typeof emulated) return false
    return this.translate(String(recorded)) === String(emulated)
  }

  get size(): number {
    return this.pairs.size
  }
}
