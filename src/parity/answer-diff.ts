// One recorded answer against the emulator's: the status, the content type, the headers that are not
// volatile, the body's shape both ways (fields and JSON types), each error message against the
// templates, and the values that do not change from run to run. XML bodies (the content page) are
// read into objects by fast-xml-parser and compared the same way.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { jsonTypeOf } from '../messages.js'
import { childPath, pathPattern } from './json-paths.js'
import { compareMessages } from './message-rules.js'
import { type GeneratedValues, isVolatile } from './generated-values.js'

export const DIFFERENCE_KINDS =
  ['status', 'content-type', 'header', 'missing', 'extra', 'type', 'value', 'wording', 'rule'] as const
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number]

/** One difference in one answer; `recorded` and `emulator` are values, or JSON type names for shape kinds. */
export interface Finding {
  kind: DifferenceKind
  /** `status`, `content-type`, `header:<name>`, or a JSON path into the body (`$.ResponseInfo[0].Url`). */
  path: string
  recorded: unknown
  emulator: unknown
}

export interface Answer {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  body: Buffer
}

/** Headers no two runs agree on, or that only say how the bytes travelled. */
const VOLATILE_HEADERS = new Set([
  'date', 'server', 'content-length', 'etag', 'last-modified', 'age', 'via', 'connection', 'keep-alive',
  'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'content-type',
])
const REQUEST_ID_HEADER = /(?:request|correlation|trace)-?id|^cf-ray$/i
/** The paths whose values are error messages, in JSON and in the content page's XML. */
export const MESSAGE_PATHS = [pathPattern('$.Errors[*].Error'), pathPattern('$.ResponseInfo.Errors.Error[*]')]
const GENERATED_PATH = /(?:^|[.\]])SubmissionId(?:\[\d+\])?$/

const xml = new XMLParser({
  parseTagValue: false, ignoreDeclaration: true, isArray: (name) => name === 'Error' || name === 'Warning',
})

/** A content type as a media type and its parameters, in one order and case. */
export function mediaType(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return ''
  const [type = '', ...parameters] = value.split(';')
  const normalised = parameters.map((p) => p.trim()).filter(Boolean).map((p) => {
    const [name = '', ...rest] = p.split('=')
    return `${name.trim().toLowerCase()}=${rest.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase()}`
  }).sort()
  return [type.trim().toLowerCase(), ...normalised].join('; ')
}

/** A body as a value: JSON and XML parsed, other text as it is; undefined when empty. */
export function bodyValue(answer: Answer): unknown {
  if (answer.body.length === 0) return undefined
  const type = mediaType(answer.headers['content-type']).split(';')[0]!
  const text = answer.body.toString('utf8')
  try {
    if (/[/+]json$/.test(type)) return JSON.parse(text)
    if (/[/+]xml$/.test(type) && XMLValidator.validate(text) === true) return xml.parse(text)
  } catch {
    // Labelled JSON but not JSON: compared as text.
  }
  return text
}

const httpUrl = (text: string): URL | undefined => {
  if (!/^https?:\/\//i.test(text)) return undefined
  return URL.canParse(text) ? new URL(text) : undefined
}

const missing = (path: string, recorded: unknown): Finding =>
  ({ kind: 'missing', path, recorded: jsonTypeOf(recorded), emulator: null })
const extra = (path: string, emulated: unknown): Finding =>
  ({ kind: 'extra', path, recorded: null, emulator: jsonTypeOf(emulated) })

class BodyComparison {
  readonly findings: Finding[] = []
  constructor(private readonly values: GeneratedValues) {}

  /** Two scalars agree: equal once generated values are paired, both volatile, or URLs on the same path. */
  agree(recorded: unknown, emulated: unknown): boolean {
    if (this.values.same(recorded, emulated)) return true
    if (typeof recorded !== 'string' || typeof emulated !== 'string') return false
    if (isVolatile(recorded) && isVolatile(emulated)) return true
    // A URL names the service's host in a recording and the emulator's in a replay: its path is what counts.
    const [theirs, ours] = [httpUrl(recorded), httpUrl(emulated)]
    return theirs !== undefined && ours !== undefined &&
      this.values.translate(theirs.pathname + theirs.search) === ours.pathname + ours.search
  }

  compare(recorded: unknown, emulated: unknown, path: string): void {
    const [theirs, ours] = [jsonTypeOf(recorded), jsonTypeOf(emulated)]
    if (theirs !== ours) {
      this.findings.push({ kind: 'type', path, recorded: theirs, emulator: ours })
    } else if (Array.isArray(recorded) && Array.isArray(emulated)) {
      const length = Math.max(recorded.length, emulated.length)
      for (let i = 0; i < length; i++) this.child(recorded, emulated, i, childPath(path, i))
    } else if (theirs === 'object') {
      const [a, b] = [recorded as Record<string, unknown>, emulated as Record<string, unknown>]
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) this.child(a, b, key, childPath(path, key))
    } else if (MESSAGE_PATHS.some((test) => test(path)) && typeof recorded === 'string') {
      this.message(recorded, emulated as string, path)
    } else if (!GENERATED_PATH.test(path) && !this.agree(recorded, emulated)) {
      this.findings.push({ kind: 'value', path, recorded, emulator: emulated })
    }
  }

  private child(recorded: object, emulated: object, key: string | number, path: string): void {
    const [inTheirs, inOurs] = [Object.hasOwn(recorded, key), Object.hasOwn(emulated, key)]
    const at = (from: object) => (from as Record<string | number, unknown>)[key]
    if (inTheirs && !inOurs) this.findings.push(missing(path, at(recorded)))
    else if (!inTheirs && inOurs) this.findings.push(extra(path, at(emulated)))
    else this.compare(at(recorded), at(emulated), path)
  }

  private message(recorded: string, emulated: string, path: string): void {
    const verdict = compareMessages(recorded, emulated, (a, b) => this.agree(a, b))
    if (verdict.kind !== 'same') this.findings.push({ kind: verdict.kind, path, recorded, emulator: emulated })
  }
}

function headerFindings(recorded: Answer, emulated: Answer, values: GeneratedValues): Finding[] {
  const names = new Set([...Object.keys(recorded.headers), ...Object.keys(emulated.headers)])
  const findings: Finding[] = []
  for (const name of [...names].sort()) {
    if (VOLATILE_HEADERS.has(name) || REQUEST_ID_HEADER.test(name)) continue
    const [theirs, ours] = [recorded.headers[name], emulated.headers[name]]
    const agree = theirs !== undefined && ours !== undefined &&
      (values.translate(theirs) === ours || (isVolatile(theirs) && isVolatile(ours)))
    if (!agree) {
      findings.push({ kind: 'header', path: `header:${name}`, recorded: theirs ?? null, emulator: ours ?? null })
    }
  }
  return findings
}

/** Every difference between a recorded answer and the emulator's; learns the generated values shown first. */
export function compareAnswers(recorded: Answer, emulated: Answer, values: GeneratedValues): Finding[] {
  const findings: Finding[] = []
  if (recorded.status !== emulated.status) {
    findings.push({ kind: 'status', path: 'status', recorded: recorded.status, emulator: emulated.status })
  }
  const [theirType, ourType] = [recorded.headers['content-type'], emulated.headers['content-type']]
  if (mediaType(theirType) !== mediaType(ourType)) {
    findings.push({
      kind: 'content-type', path: 'content-type', recorded: theirType ?? null, emulator: ourType ?? null,
    })
  }
  findings.push(...headerFindings(recorded, emulated, values))
  const [theirs, ours] = [bodyValue(recorded), bodyValue(emulated)]
  values.learn(theirs, ours)
  const body = new BodyComparison(values)
  if (theirs !== undefined && ours !== undefined) body.compare(theirs, ours, '$')
  else if (theirs !== undefined) findings.push(missing('$', theirs))
  else if (ours !== undefined) findings.push(extra('$', ours))
  return [...findings, ...body.findings]
}
