// One request sent on to the upstream as the client sent it (method, path and query, headers but
// the hop-by-hop ones and Host, the body's bytes), and its answer read whole, within a deadline
// that covers the connection, the handshake and the answer's last byte. The upstream's certificate
// is checked against Node's trust store, NODE_EXTRA_CA_CERTS and the user's --upstream-ca.
import { readFileSync } from 'node:fs'
import { Agent, request as httpsRequest } from 'node:https'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { createSecureContext, rootCertificates } from 'node:tls'
import { guardedLookup } from './upstream-target.js'

/** Headers about one connection, not the request: never sent on, in either direction. */
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect',
])
/** The most of an answer the recorder holds; an upstream that sends more has failed. */
const MAX_ANSWER_BYTES = 64 * 2 ** 20

export interface UpstreamOptions {
  /** `https://host[:port]` */
  upstream: string
  allowPrivate: boolean
  /** A PEM file of more CAs to trust. */
  caFile: string | undefined
  timeout: number
}

export interface OutgoingRequest {
  method: string
  /** Path and query, as the client sent them. */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Timings { send: number; wait: number; receive: number }

export type Forwarded =
  | { ok: true; status: number; statusText: string; headers: IncomingHttpHeaders; body: Buffer; timings: Timings }
  | { ok: false; reason: string; timings: Timings }

/** Headers to send on: each one but those about the connection (and those the Connection header names). */
export function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()))
  return Object.fromEntries(Object.entries(headers)
    .filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)))
}

/** The CAs the recorder trusts: Node's own store, NODE_EXTRA_CA_CERTS, and the user's file. */
export function trustedCas(caFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = [env.NODE_EXTRA_CA_CERTS, caFile].filter((file): file is string => file !== undefined && file !== '')
  return [...rootCertificates, ...extra.map((file) => readFileSync(file, 'utf8'))]
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/

/** Why the upstream gave no answer, in words for the 502 and the file. */
function reasonFor(error: Error & { code?: string }, timeout: number): string {
  const code = error.code ?? ''
  if (code === 'EPRIVATEADDRESS') return `${error.message}, which the recorder refuses without --upstream-allow-private`
  if (code === 'ETIMEDOUT_UPSTREAM') return `no complete answer within ${timeout} ms (--upstream-timeout)`
  if (code === 'ECLOSED_UPSTREAM') return 'the recorder closed before the upstream answered'
  if (code === 'ETOOLARGE_UPSTREAM') return `the answer is larger than ${MAX_ANSWER_BYTES} bytes`
  if (code === 'ECONNREFUSED') return 'the connection was refused'
  if (code === 'ECONNRESET' || error.message === 'socket hang up') {
    return 'the connection was reset before the answer was complete'
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `its host name does not resolve (${code})`
  if (CERTIFICATE_CODES.test(code)) {
    return `its certificate is not trusted (${code}); trust its CA with --upstream-ca or NODE_EXTRA_CA_CERTS`
  }
  return code === '' ? error.message : `${code}: ${error.message}`
}

const failure = (code: string): Error => Object.assign(new Error(code), { code })

export class Forwarder {
  private readonly agent: Agent
  private readonly origin: URL

  constructor(private readonly options: UpstreamOptions) {
    this.origin = new URL(options.upstream)
    // A secure context made once: given as `ca`, the whole list of certificates would be part of the
    // key the agent computes for every request to find its pooled connections.
    this.agent = new Agent({ keepAlive: true, secureContext: createSecureContext({ ca: trustedCas(options.caFile) }) })
  }

  /** Sends the request on and resolves with the answer or why there is none; never rejects. */
  forward(outgoing: OutgoingRequest, closing: AbortSignal): Promise<Forwarded> {
    const started = performance.now()
    let sent = started
    let headed = started
    const timings = (): Timings => {
      const now = performance.now()
      const round = (ms: number) => Math.max(0, Math.round(ms * 1000) / 1000)
      return sent === started
        ? { send: round(now - started), wait: 0, receive: 0 }
        : headed === started
          ? { send: round(sent - started), wait: round(now - sent), receive: 0 }
          : { send: round(sent - started), wait: round(headed - sent), receive: round(now - headed) }
    }
    return new Promise((resolve) => {
      const { hostname, port } = this.origin
      const request = httpsRequest({
        agent: this.agent,
        host: hostname.replace(/^\[|\]$/g, ''),
        port: port === '' ? 443 : Number(port),
        method: outgoing.method,
        path: outgoing.url,
        headers: { ...endToEnd(outgoing.headers), host: this.origin.host, 'content-length': outgoing.body.length },
        lookup: guardedLookup(this.options.allowPrivate),
      })
      const fail = (error: Error & { code?: string }) => {
        clearTimeout(deadline)
        closing.removeEventListener('abort', onClose)
        resolve({ ok: false, reason: reasonFor(error, this.options.timeout), timings: timings() })
      }
      // Why the exchange was cut short by the recorder, when it was: the socket's own error may say less.
      let cut: Error | undefined
      const abort = (code: string) => {
        cut ??= failure(code)
        request.destroy(cut)
      }
      const deadline = setTimeout(() => abort('ETIMEDOUT_UPSTREAM'), this.options.timeout)
      const onClose = () => abort('ECLOSED_UPSTREAM')
      closing.addEventListener('abort', onClose, { once: true })
      request.once('error', (error) => fail(cut ?? error))
      request.once('finish', () => { sent = performance.now() })
      request.once('response', (response) => {
        headed = performance.now()
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_ANSWER_BYTES) abort('ETOOLARGE_UPSTREAM')
          else chunks.push(chunk)
        })
        // An answer cut off part way (a reset, the deadline) is a failure like any other.
        response.on('error', () => {}) // reported by 'close', with the cause
        response.once('close', () => { if (!response.complete) fail(cut ?? failure('ECONNRESET')) })
        response.once('end', () => {
          if (!response.complete) return
          clearTimeout(deadline)
          closing.removeEventListener('abort', onClose)
          resolve({
            ok: true,
            status: response.statusCode ?? 502,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: Buffer.concat(chunks),
            timings: timings(),
          })
        })
      })
      if (closing.aborted) onClose()
      request.end(outgoing.body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
