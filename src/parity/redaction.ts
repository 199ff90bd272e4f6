// What keeps secrets out of a recorded session. Omeda's app id and input id become numbered
// placeholders (the first app id seen is `REDACTED-X-OMEDA-APPID-1` wherever it appears), so a
// session that used two ids still tells them apart; request headers are kept from an allow-list;
// and a user names more headers or JSON fields to redact. The values are then scrubbed from every
// text of the exchange in every encoding a body or URL could carry them in.
import { mapPaths, pathPattern } from './json-paths.js'
import type { Exchange } from './session-file.js'

/** Headers whose values are credentials: never written, never compared. */
export const SECRET_HEADERS = ['x-omeda-appid', 'x-omeda-inputid'] as const
/** Request headers a session keeps (besides the secret ones, as placeholders); others are left out. */
export const KEPT_REQUEST_HEADERS = new Set(['accept', 'content-type', 'user-agent', ...SECRET_HEADERS])
/** Answer headers left out: they carry the service's session, not its behaviour. */
const DROPPED_RESPONSE_HEADERS = new Set(['set-cookie', 'set-cookie2'])
export const REDACTED = '[redacted]'

export const placeholderFor = (header: string, n: number): string => `REDACTED-${header.toUpperCase()}-${n}`
/** The placeholder pattern, so that verify can tell them from real ids. */
export const PLACEHOLDER = /^REDACTED-(X-OMEDA-APPID|X-OMEDA-INPUTID)-(\d+)$/

export interface RedactionRules {
  /** More header names (any case) whose values are redacted, in requests and answers. */
  headers: string[]
  /** JSON paths (`$.Password`, `$..Token`) redacted in request and answer bodies. */
  paths: string[]
}

/** Reads `--redact`: `header:Name` entries and JSON paths; throws a one-line Error on anything else. */
export function redactionRules(entries: string[]): RedactionRules {
  const rules: RedactionRules = { headers: [], paths: [] }
  for (const entry of entries) {
    if (/^header:/i.test(entry)) {
      const name = entry.slice('header:'.length).trim().toLowerCase()
      if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) throw new Error(`redact: '${entry}' names no header`)
      rules.headers.push(name)
    } else {
      pathPattern(entry) // throws on a path that does not start with $
      rules.paths.push(entry)
    }
  }
  return rules
}

/**
 * The base64 characters that encode `bytes` wherever they stand in a longer text: each of the three
 * offsets a byte can have within a 3-byte group gives other characters, and only the groups made of
 * the secret's bytes alone are the same whatever surrounds them.
 */
function base64Cores(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) => {
    const first = Math.ceil(offset / 3)
    const last = Math.floor((offset + bytes.length) / 3)
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    return encoded.slice(4 * first, 4 * last)
  })
}

/**
 * The forms a secret may take in a text: as it is, URL-encoded, JSON-escaped (`\u00XX` too),
 * base64 (alone or inside a longer text, standard or URL-safe), hex, in either case.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const unicodeEscaped = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  const cores = base64Cores(bytes)
  const forms = [
    encodeURIComponent(secret), encodeURI(secret), JSON.stringify(secret).slice(1, -1), unicodeEscaped,
    bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'),
    ...cores, ...cores.map((core) => core.replace(/\+/g, '-').replace(/\//g, '_')), bytes.toString('hex'),
  ]
  const all = new Set(forms.flatMap((form) => [form, form.toLowerCase(), form.toUpperCase()]))
  // A derived form of a few characters would match everywhere (ids are long, so no loss there); the
  // secret itself is always replaced, however short.
  return [secret, ...[...all].filter((form) => form.length >= 8 && form !== secret)]
    .sort((a, b) => b.length - a.length)
}

/** Replaces every form of every secret, whatever the case, in a text. */
export function scrub(text: string, secrets: Map<string, string>): string {
  let scrubbed = text
  for (const [secret, placeholder] of secrets) {
    for (const form of secretForms(secret)) {
      scrubbed = scrubbed.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), placeholder)
    }
  }
  return scrubbed
}

/** Keeps one placeholder per secret value for as long as a recording lasts. */
export class Redactor {
  private readonly secrets = new Map<string, string>()
  private readonly counts = new Map<string, number>()
  private readonly pathTests: ((path: string) => boolean)[]
  private readonly redactedHeaders: Set<string>

  constructor(private readonly rules: RedactionRules = { headers: [], paths: [] }) {
    this.pathTests = rules.paths.map(pathPattern)
    this.redactedHeaders = new Set(rules.headers)
  }

  /** The placeholder for a secret header's value, the same each time the value comes again. */
  placeholder(header: string, value: string): string {
    const known = this.secrets.get(value)
    if (known !== undefined) return known
    const n = (this.counts.get(header) ?? 0) + 1
    this.counts.set(header, n)
    const placeholder = placeholderFor(header, n)
    this.secrets.set(value, placeholder)
    return placeholder
  }

  /** A redacted copy of an exchange: what may be written to a file or compared. */
  redact(exchange: Exchange): Exchange {
    for (const header of [...SECRET_HEADERS, ...this.rules.headers]) {
      const value = exchange.requestHeaders[header]
      if (value !== undefined && value !== '') {
        if ((SECRET_HEADERS as readonly string[]).includes(header)) this.placeholder(header, value)
        else this.secrets.set(value, REDACTED)
      }
    }
    const requestHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(exchange.requestHeaders)) {
      const kept = KEPT_REQUEST_HEADERS.has(name) || this.redactedHeaders.has(name)
      if (kept) requestHeaders[name] = this.header(name, value)
    }
    const responseHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(exchange.responseHeaders)) {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders[name] = this.header(name, value)
    }
    return {
      ...exchange,
      url: this.text(exchange.url),
      requestHeaders,
      responseHeaders,
      requestBody: this.body(exchange.requestBody),
      responseBody: this.body(exchange.responseBody),
      ...(exchange.upstreamError === undefined ? {} : { upstreamError: this.text(exchange.upstreamError) }),
    }
  }

  private header(name: string, value: string): string {
    // The secret headers' own values are their placeholders, whatever scrubbing would make of them.
    if ((SECRET_HEADERS as readonly string[]).includes(name)) return this.secrets.get(value) ?? REDACTED
    if (this.redactedHeaders.has(name)) return REDACTED
    return this.text(value)
  }

  private text(text: string): string {
    return scrub(text, this.secrets)
  }

  private body(body: Buffer): Buffer {
    if (body.length === 0) return body
    const utf8 = body.toString('utf8')
    // Bytes that are not UTF-8 are scrubbed one character a byte, so that nothing else in them changes.
    if (!Buffer.from(utf8, 'utf8').equals(body)) return Buffer.from(this.text(body.toString('latin1')), 'latin1')
    const text = this.text(utf8)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      // Not JSON (the content route's XML, a gateway's HTML page): the secrets are scrubbed as text.
      return Buffer.from(text, 'utf8')
    }
    // JSON may spell a secret with escapes in any mix (`\u0061b…`): its decoded strings are scrubbed
    // too, and the body is written again only when that, or a path to redact, changed something.
    let changed = false
    const decoded = mapPaths(parsed, (path, value) => {
      if (this.pathTests.some((test) => test(path))) {
        changed = true
        return REDACTED
      }
      if (typeof value !== 'string') return undefined
      const scrubbed = this.text(value)
      if (scrubbed === value) return undefined
      changed = true
      return scrubbed
    })
    return Buffer.from(changed ? JSON.stringify(decoded) : text, 'utf8')
  }
}
