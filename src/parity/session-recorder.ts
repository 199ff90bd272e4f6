// The session file as the recorder keeps it: each exchange redacted, then added in request order
// (by when it started, then by arrival), and written before the client gets its answer, so that the
// file is complete after every exchange: appended in place of the closing brackets (which it ends
// with), or, when it goes before another, the whole file anew. Writes are synchronous, hence one at
// a time; the last one is done before close() resolves.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { SECRET_HEADERS, type Redactor } from './redaction.js'
import { closeSync, constants, openSync, writeSync } from 'node:fs'
import { entryText, sessionText, toEntry, writeSession, type Exchange } from './session-file.js'

/** What follows the last entry in the file's text: the entries' and the log's closing brackets. */
const CLOSING = sessionText(['\u0000']).split('\u0000')[1]!

const DECODERS: Record<string, (body: Buffer) => Buffer> = {
  gzip: gunzipSync, 'x-gzip': gunzipSync, deflate: inflateSync, br: brotliDecompressSync,
}

/** Headers as the file keeps them: one string each, in lower case. */
export function flatHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return flat
}

/**
 * An answer's body as the file keeps it: decoded when the upstream compressed it, so that it can be
 * read, compared and scrubbed of secrets (the client gets the bytes as they came).
 */
export function decodedAnswer(headers: Record<string, string>, body: Buffer): [Record<string, string>, Buffer] {
  const encoding = headers['content-encoding']?.trim().toLowerCase()
  const decode = encoding === undefined ? undefined : DECODERS[encoding]
  if (decode === undefined || body.length === 0) return [headers, body]
  try {
    const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = headers
    return [rest, decode(body)]
  } catch {
    return [headers, body]
  }
}

const failed = (exchange: Exchange): boolean =>
  exchange.upstreamError !== undefined || exchange.status < 200 || exchange.status > 299

export class SessionRecorder {
  /** Each entry's text, with what orders it: when its request started, then its place in arrival. */
  private readonly entries: { text: string; started: string; arrival: number }[] = []
  private arrivals = 0
  /** Where the last exchange recorded went in the file; undefined when it was left out. */
  lastIndex: number | undefined
  /** Why the last write failed (readiness says so), or null. */
  writeFailure: string | null = null
  /** The file, open while appending to it works, and its length in bytes. */
  private fd: number | undefined
  private size = 0

  /** Writes an empty session at once: a file that cannot be written is known before the first request. */
  constructor(
    private readonly file: string, private readonly redactor: Redactor, private readonly recordFailures: boolean
  ) {
    this.rewrite()
  }

  /**
   * A request has arrived: its secrets get their placeholders now, so that they are numbered in the
   * order the requests came, whatever order the answers come in. Returns its place in that order.
   */
  arrived(headers: IncomingHttpHeaders): number {
    for (const header of SECRET_HEADERS) {
      const value = headers[header]
      if (typeof value === 'string' && value !== '') this.redactor.placeholder(header, value)
    }
    return this.arrivals++
  }

  /** Redacts the exchange and, unless it is a failure left out, writes the file with it; returns the redacted copy. */
  record(exchange: Exchange, arrival: number): Exchange {
    const redacted = this.redactor.redact(exchange)
    this.lastIndex = undefined
    if (failed(exchange) && !this.recordFailures) return redacted
    const entry = toEntry(redacted)
    const added = { text: entryText(entry), started: entry.startedDateTime, arrival }
    // Almost always the last; one that finished after a later one goes back to its place.
    let at = this.entries.length
    while (at > 0 && this.after(this.entries[at - 1]!, added)) at--
    this.entries.splice(at, 0, added)
    this.lastIndex = at
    this.write(at === this.entries.length - 1 ? added.text : undefined)
    return redacted
  }

  private after(a: { started: string; arrival: number }, b: { started: string; arrival: number }): boolean {
    return a.started > b.started || (a.started === b.started && a.arrival > b.arrival)
  }

  get count(): number {
    return this.entries.length
  }

  /**
   * Writes the file: an entry that goes last is written in place of the file's closing brackets,
   * which follow it again (one write of its own bytes, however long the session); any other change
   * writes the whole file anew (a temporary file, then a rename).
   */
  private write(appended?: string): void {
    try {
      if (appended !== undefined && this.fd !== undefined && this.entries.length > 1) {
        const bytes = Buffer.from(`,\n      ${appended}${CLOSING}`)
        const at = this.size - Buffer.byteLength(CLOSING)
        for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done)
        this.size = at + bytes.length
      } else {
        this.rewrite()
      }
      this.writeFailure = null
    } catch (error) {
      this.writeFailure = (error as Error).message
      this.closeFile()
    }
  }

  private rewrite(): void {
    const text = sessionText(this.entries.map(({ text }) => text))
    this.closeFile()
    writeSession(this.file, text)
    // The file just renamed into place, never a link another user put there since.
    this.fd = openSync(this.file, constants.O_RDWR | constants.O_NOFOLLOW)
    this.size = Buffer.byteLength(text)
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  /** Lets go of the file (the recorder has closed); it is complete as it stands. */
  close(): void {
    this.closeFile()
  }
}
