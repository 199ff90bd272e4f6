// A recorded session as a HAR 1.2 file: what the recorder writes and what verify and fixtures-from
// read. The file is written whole after every exchange (to a temporary file, then renamed), so a
// reader never sees half of one; headers are sorted by name and keys come in one order, so two
// recordings of the same calls differ in git only where the service answered differently.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { METHODS } from 'node:http'
import type { Entry, Har, Header } from 'har-format'
import { Type, type Static } from '@sinclair/typebox'
import { compiledCheck } from '../schema-check.js'
import { PACKAGE_VERSION } from '../config.js'

/** One exchange as the recorder saw it, already redacted; header names in lower case. */
export interface Exchange {
  startedAt: Date
  method: string
  url: string
  requestHeaders: Record<string, string>
  requestBody: Buffer
  status: number
  statusText: string
  responseHeaders: Record<string, string>
  responseBody: Buffer
  /** Milliseconds: sending the request, waiting for the answer's head, reading its body. */
  timings: { send: number; wait: number; receive: number }
  /** Why the upstream gave no answer (the client got a 502, which is the status recorded). */
  upstreamError?: string
}

/** A HAR entry with the emulator's own field for an upstream that failed. */
export type SessionEntry = Entry & { _upstreamError?: string }

export class SessionFileError extends Error {
  override name = 'SessionFileError'
}

const sortedHeaders = (headers: Record<string, string>): Header[] =>
  Object.keys(headers).sort().map((name) => ({ name, value: headers[name]! }))

/** A body as HAR text: UTF-8 as it is, anything else in base64. */
function bodyText(body: Buffer): { text: string; encoding?: 'base64' } {
  const text = body.toString('utf8')
  return Buffer.from(text, 'utf8').equals(body) ? { text } : { text: body.toString('base64'), encoding: 'base64' }
}

/** The bytes of a body a HAR entry holds. */
export function entryBody(content: { text?: string | undefined; encoding?: string | undefined } | undefined): Buffer {
  if (content?.text === undefined) return Buffer.alloc(0)
  return Buffer.from(content.text, content.encoding === 'base64' ? 'base64' : 'utf8')
}

export function toEntry(exchange: Exchange): SessionEntry {
  const { send, wait, receive } = exchange.timings
  const url = new URL(exchange.url)
  const requestType = exchange.requestHeaders['content-type'] ?? ''
  const responseType = exchange.responseHeaders['content-type'] ?? ''
  const response = bodyText(exchange.responseBody)
  return {
    startedDateTime: exchange.startedAt.toISOString(),
    time: send + wait + receive,
    request: {
      method: exchange.method,
      url: exchange.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: sortedHeaders(exchange.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(exchange.requestBody.length > 0
        ? { postData: { mimeType: requestType, ...bodyText(exchange.requestBody) } }
        : {}),
      headersSize: -1,
      bodySize: exchange.requestBody.length,
    },
    response: {
      status: exchange.status,
      statusText: exchange.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: sortedHeaders(exchange.responseHeaders),
      content: { size: exchange.responseBody.length, mimeType: responseType, ...response },
      redirectURL: '',
      headersSize: -1,
      bodySize: exchange.responseBody.length,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send, wait, receive },
    ...(exchange.upstreamError === undefined ? {} : { _upstreamError: exchange.upstreamError }),
  }
}

export function toHar(entries: SessionEntry[], comment?: string): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'omeda-emulator', version: PACKAGE_VERSION },
      ...(comment === undefined ? {} : { comment }),
      entries,
    },
  }
}

/** The file's text: two-space JSON and a final newline, as git diffs read best. */
export const harText = (har: Har): string => `${JSON.stringify(har, null, 2)}\n`

/** An entry as it stands in the file's text, indented to its place in `log.entries`. */
export const entryText = (entry: SessionEntry): string => JSON.stringify(entry, null, 2).replace(/\n/g, '\n      ')

/**
 * The file's text from its entries' texts: the same bytes as harText(toHar(entries)), without
 * serialising again the entries already written (a long session is written once per exchange).
 */
export function sessionText(entryTexts: string[]): string {
  const empty = harText(toHar([]))
  if (entryTexts.length === 0) return empty
  const [before, after] = empty.split('"entries": []') as [string, string]
  return `${before}"entries": [\n      ${entryTexts.join(',\n      ')}\n    ]${after}`
}

/**
 * Writes the file whole, so that a reader (or a crash) never sees half an exchange. The temporary
 * file is made anew (exclusively, never through a link another user left in its place), and the
 * rename replaces a link at `file` rather than writing through it.
 */
export function writeSession(file: string, content: Har | string): void {
  const temporary = `${file}.${process.pid}.tmp`
  rmSync(temporary, { force: true })
  writeFileSync(temporary, typeof content === 'string' ? content : harText(content), { mode: 0o600, flag: 'wx' })
  renameSync(temporary, file)
}

const NameValue = Type.Object({ name: Type.String(), value: Type.String() })
const Content = Type.Object({ text: Type.Optional(Type.String()), encoding: Type.Optional(Type.String()) })
/** What the emulator reads of a HAR file; anything else in it is left alone. */
const SessionSchema = Type.Object({
  log: Type.Object({
    entries: Type.Array(Type.Object({
      startedDateTime: Type.String(),
      request: Type.Object({
        method: Type.String({ minLength: 1 }),
        url: Type.String({ minLength: 1 }),
        headers: Type.Array(NameValue),
        postData: Type.Optional(Type.Intersect([Content, Type.Object({ mimeType: Type.String() })])),
      }),
      response: Type.Object({
        status: Type.Integer(),
        headers: Type.Array(NameValue),
        content: Type.Intersect([Content, Type.Object({ mimeType: Type.String() })]),
      }),
      _upstreamError: Type.Optional(Type.String()),
    })),
  }),
})
export type Session = Static<typeof SessionSchema>
export type ReadEntry = Session['log']['entries'][number]

/** Reads a HAR file; anything that is not one is a SessionFileError in one line. */
export function readSession(file: string): Session {
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new SessionFileError(`cannot read the session file ${file}: ${(error as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new SessionFileError(`the session file ${file} is not JSON: ${(error as Error).message}`)
  }
  const check = compiledCheck(SessionSchema)
  if (!check.Check(parsed)) {
    const [first] = check.Errors(parsed)
    throw new SessionFileError(`the session file ${file} is not a HAR file the emulator can read: ` +
      `${first?.path || '/'} ${first?.message ?? 'is wrong'}`)
  }
  for (const [i, entry] of parsed.log.entries.entries()) {
    if (!METHODS.includes(entry.request.method)) {
      throw new SessionFileError(`the session file ${file}: entry ${i} has no HTTP method ('${entry.request.method}')`)
    }
    if (!URL.canParse(entry.request.url)) {
      throw new SessionFileError(`the session file ${file}: entry ${i} has no valid URL ('${entry.request.url}')`)
    }
  }
  return parsed
}

/** A header's value in a HAR entry, by name in any case. */
export const headerOf = (headers: { name: string; value: string }[], name: string): string | undefined =>
  headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value
