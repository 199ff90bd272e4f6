// What a fault may say, past its schema: which fields each action takes (a field it ignores is a
// mistake in the test, said so), the waits, and what a user-given answer may hold. A header that
// could split the answer, or that the emulator itself must set, is refused.
import { RETRY_AFTER_LIMIT, type FaultAction, type FixtureFault } from '../contract/faults.js'

/** One problem: the field it is about (none: the fault as a whole) and what is wrong. */
export interface FaultProblem {
  field?: string
  text: string
}

type EffectField = Exclude<keyof FixtureFault, 'brand' | 'trackId' | 'appId' | 'endpoint' | 'times' | 'action'>

const SCOPE = new Set<string>(['brand', 'trackId', 'appId', 'endpoint', 'times', 'action'])
const ANY_ACTION: readonly EffectField[] = ['delayMs', 'delayMaxMs', 'delayP99Ms', 'probability', 'seed']
const TAKES: Record<FaultAction, readonly EffectField[]> = {
  status: ['status', 'errors'],
  'apply-then-status': ['status', 'errors'],
  delay: [],
  drop: [],
  'apply-then-drop': [],
  respond: ['status', 'body', 'contentType', 'headers'],
  gateway: ['status', 'headers'],
  'rate-limit': ['retryAfter', 'errors', 'headers'],
  truncate: ['bytes', 'apply', 'status', 'errors'],
  reset: ['bytes', 'apply', 'status', 'errors'],
  'slow-body': ['durationMs', 'chunks'],
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*;.*)?$/
const HTTP_DATE = new RegExp('^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} ' +
  '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$')
/**
 * A value HTTP can carry on one line: tab, visible ASCII and Latin-1 (what Node writes in a head); no
 * CR or LF, which would split the answer, and no other control character.
 */
function oneLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (!(code === 9 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff))) return false
  }
  return true
}
/** Headers the emulator sets itself: framing, the connection, and what a field of the fault names. */
const OWN_HEADERS = new Map(Object.entries({
  'content-length': 'the emulator sets it from the body',
  'transfer-encoding': 'the emulator sets it from the body',
  connection: 'it belongs to the connection, not the answer',
  'keep-alive': 'it belongs to the connection, not the answer',
  'proxy-connection': 'it belongs to the connection, not the answer',
  upgrade: 'it belongs to the connection, not the answer',
  te: 'it belongs to the request',
  trailer: 'the emulator sends no trailers',
  'content-type': "give it as 'contentType'",
  'retry-after': "give it as 'retryAfter'",
}))

/** A wait range that starts at delayMs: its top (delayMaxMs) or its 99th percentile (delayP99Ms). */
function waitProblems(spec: FixtureFault): FaultProblem[] {
  const { action, delayMs, delayMaxMs, delayP99Ms } = spec
  if (action === 'delay' && delayMs === undefined) {
    return [{ text: needs('delayMs', "a 'delay' fault waits that many milliseconds") }]
  }
  const problems: FaultProblem[] = []
  for (const [field, top] of [['delayMaxMs', delayMaxMs], ['delayP99Ms', delayP99Ms]] as const) {
    if (top === undefined) continue
    if (delayMs === undefined) {
      problems.push({ text: needs('delayMs', `'${field}' ${field === 'delayMaxMs'
        ? "is the top of a random wait that starts at 'delayMs'"
        : "is the 99th percentile of a random wait whose median is 'delayMs'"}`) })
    } else if (field === 'delayP99Ms' && delayMs === 0) {
      problems.push({ field: 'delayMs', text: 'must be at least 1: it is the median of a log-normal wait' })
    } else if (top < delayMs) {
      problems.push({ field, text: `must not be less than delayMs (${delayMs})` })
    }
  }
  if (delayMaxMs !== undefined && delayP99Ms !== undefined) {
    problems.push({ field: 'delayP99Ms', text: 'a wait is even (delayMaxMs) or log-normal (delayP99Ms), not both' })
  }
  return problems
}

function headerProblems(headers: Record<string, string>, action: FaultAction): FaultProblem[] {
  const problems: FaultProblem[] = []
  for (const [name, value] of Object.entries(headers)) {
    const field = `headers/${name}`
    const own = OWN_HEADERS.get(name.toLowerCase())
    if (!TOKEN.test(name)) problems.push({ field, text: 'is not a header name (letters, digits and !#$%&\'*+.^_`|~-)' })
    else if (own !== undefined && !(name.toLowerCase() === 'retry-after' && action !== 'rate-limit')) {
      problems.push({ field, text: `is not set by a fault: ${own}` })
    }
    if (!oneLine(value)) {
      problems.push({
        field, text: 'must be one line of Latin-1 text: a header value holds no line break or control character',
      })
    }
  }
  return problems
}

function answerProblems(spec: FixtureFault): FaultProblem[] {
  const { action, status, body, contentType, retryAfter, apply } = spec
  const problems: FaultProblem[] = []
  if (status !== undefined && action !== 'respond' && status < 400) {
    problems.push({ field: 'status', text: `must be from 400 to 599 for a '${action}' fault, but ${status} was given` })
  }
  if (action === 'respond' && body !== undefined && body !== '' && (status === 204 || status === 304)) {
    problems.push({ field: 'body', text: `is never sent with a ${status} answer` })
  }
  if (contentType !== undefined && !(MEDIA_TYPE.test(contentType) && oneLine(contentType))) {
    problems.push({
      field: 'contentType', text: "must be a media type such as 'text/html; charset=utf-8', on one line",
    })
  }
  const seconds = typeof retryAfter === 'string' && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined
  if (typeof retryAfter === 'string' && (seconds === undefined
    ? !(HTTP_DATE.test(retryAfter) && !Number.isNaN(Date.parse(retryAfter)))
    : seconds > RETRY_AFTER_LIMIT)) {
    problems.push({
      field: 'retryAfter',
      text: `must be seconds (at most ${RETRY_AFTER_LIMIT}) or an HTTP date such as Sun, 06 Dec 2026 08:00:00 GMT`,
    })
  }
  if ((action === 'truncate' || action === 'reset') && apply !== false) {
    for (const field of ['status', 'errors'] as const) {
      if (spec[field] !== undefined) {
        problems.push({ field, text: `does nothing for a '${action}' fault that applies the call: ` +
          "the real answer is cut (set 'apply' to false to cut an error instead)" })
      }
    }
  }
  if (action === 'slow-body' && spec.durationMs === undefined) {
    problems.push({ text: needs('durationMs', "a 'slow-body' fault spreads the body over that many milliseconds") })
  }
  return problems
}

const needs = (field: string, why: string) => `This fault needs '${field}' (${why}).`

/** Every problem of a fault that passed its schema; none: it does what it says. */
export function faultProblems(spec: FixtureFault): FaultProblem[] {
  const takes = new Set([...ANY_ACTION, ...TAKES[spec.action]])
  const problems: FaultProblem[] = []
  for (const field of Object.keys(spec) as (keyof FixtureFault)[]) {
    if (SCOPE.has(field)) continue
    if (!takes.has(field as EffectField)) {
      problems.push({ field, text: `does nothing for a '${spec.action}' fault` })
    }
  }
  if (spec.seed !== undefined && spec.probability === undefined && spec.delayMaxMs === undefined &&
    spec.delayP99Ms === undefined) {
    problems.push({
      field: 'seed', text: "does nothing without 'probability' or a random wait (delayMaxMs, delayP99Ms)",
    })
  }
  if (spec.headers !== undefined) problems.push(...headerProblems(spec.headers, spec.action))
  return [...problems, ...waitProblems(spec), ...answerProblems(spec)]
}

/** A problem as one line, under a place: `body` for the admin API, a fixture file's fault for fixtures. */
export const problemText = (place: string, { field, text }: FaultProblem): string =>
  field === undefined ? (place === 'body' ? text : `${place}: ${text}`) : `${place}/${field}: ${text}`
