// The session file as the recorder keeps it: each exchange redacted, then added in request order
// (by when it started, then by arrival), and the whole file written again before the client gets
// its answer, so that the file is complete after every exchange. Writes are synchronous, hence one
// at a time; the last one is done before close() resolves.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { SECRET_HEADERS, type Redactor } from './redaction.js'
import { entryText, sessionText, toEntry, writeSession, type Exchange } from './session-file.js'

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
  /** Why the last write failed (readiness says so), or null. */
  writeFailure: string | null = null

  /** Writes an empty session at once: a file that cannot be written is known before the first request. */
  constructor(
    private readonly file: string, private readonly redactor: Redactor, private readonly recordFailures: boolean
  ) {
    writeSession(file, sessionText([]))
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
    if (failed(exchange) && !this.recordFailures) return redacted
    const entry = toEntry(redacted)
    const added = { text: entryText(entry), started: entry.startedDateTime, arrival }
    // Almost always the last; one that finished after a later one goes back to its place.
    let at = this.entries.length
    while (at > 0 && this.after(this.entries[at - 1]!, added)) at--
    this.entries.splice(at, 0, added)
    this.write()
    return redacted
  }

  private after(a: { started: string; arrival: number }, b: { started: string; arrival: number }): boolean {
    return a.started > b.started || (a.started === b.started && a.arrival > b.arrival)
  }

  get count(): number {
    return this.entries.length
  }

  private write(): void {
    try {
      writeSession(this.file, sessionText(this.entries.map(({ text }) => text)))
      this.writeFailure = null
    } catch (error) {
      this.writeFailure = (error as Error).message
    }
  }
}
