// The record command's app: it listens as the emulator does (ports, TLS, browser guard, connection
// limits, health and readiness), and sends every other request on to the upstream unchanged. The
// client gets the upstream's answer, or a 502 in the vendor's shape when there is none; each
// exchange is redacted and written to the session file before the client gets its answer.
import { readFileSync } from 'node:fs'
import type { OutgoingHttpHeaders } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { BuildOptions } from '../app.js'
import { isAnyAddress } from '../addresses.js'
import { browserGuard } from '../http/browser-guard.js'
import { capConnections, drainOnClose } from '../http/connections.js'
import { logStreamFor, serverOptions } from '../http/server-options.js'
import { userFileProblem } from '../tls/file-trust.js'
import {
  answerWhatNodeRefuses, registerVendorShape, resourceNotFound, sendVendorError, vendorErrorBody
} from '../http/vendor-shape.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { ConfigError } from '../options.js'
import { Redactor, redactionRules, scrub, SECRET_HEADERS } from './redaction.js'
import { endToEnd, Forwarder, type Forwarded } from './forward.js'
import { decodedAnswer, flatHeaders, SessionRecorder } from './session-recorder.js'
import type { Exchange } from './session-file.js'
import { DriftWatch, driftRoutes } from './drift-watch.js'
import { loadFixtures } from '../seed/files.js'

/** Whether a configuration is the record command's. */
export const isRecording = (config: Config): boolean => config.upstream !== undefined

/**
 * One line per request, as the emulator's, but with the path only (a query may carry an id) and
 * the request's own secret header values taken out of it.
 */
class RecordLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const secrets = new Map(SECRET_HEADERS.map((header) => [String(request.headers[header] ?? ''), '[redacted]']))
    secrets.delete('')
    const [path = '/', query] = request.url.split('?')
    const url = `${scrub(path, secrets)}${query === undefined ? '' : '?…'}`
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const line = { method: request.method, url, statusCode: reply.statusCode, ms }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request')
  }
}

/** Writes an answer as it is, past every hook (the vendor-shape hook would change its content type). */
function answerAs(reply: FastifyReply, status: number, text: string, headers: OutgoingHttpHeaders, body: Buffer): void {
  reply.hijack()
  if (text === '') reply.raw.writeHead(status, headers)
  else reply.raw.writeHead(status, text, headers)
  reply.raw.end(body)
}

export async function buildRecorder(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { upstream, recordOut } = config
  if (upstream === undefined || recordOut === undefined) throw new ConfigError('record needs --upstream and --out')
  let recorder: SessionRecorder
  let forwarder: Forwarder
  // A CA file another user could write would let them decide what the recorder trusts.
  const caProblem = config.upstreamCa === undefined
    ? undefined
    : userFileProblem(config.upstreamCa, "upstream's CA file")
  if (caProblem !== undefined) throw new ConfigError(caProblem)
  try {
    if (config.upstreamCa !== undefined) readFileSync(config.upstreamCa, 'utf8')
    forwarder = new Forwarder({
      upstream, allowPrivate: config.upstreamAllowPrivate, caFile: config.upstreamCa, timeout: config.upstreamTimeout,
    })
  } catch (error) {
    throw new ConfigError(`cannot read the upstream's CA file: ${(error as Error).message}`)
  }
  try {
    recorder = new SessionRecorder(recordOut, new Redactor(redactionRules(config.redact)), config.recordFailures)
  } catch (error) {
    forwarder.close()
    throw new ConfigError(`cannot write the session file ${recordOut}: ${(error as Error).message}`)
  }
  const logStream = logStreamFor(config, options)
  // Nothing is journaled here: what Fastify refuses is neither forwarded nor recorded.
  const app = Fastify(serverOptions(config, options, logStream, new RecordLog(), () => {}))
  answerWhatNodeRefuses(app.server)
  let drift: DriftWatch | undefined
  try {
    // Fixtures the shadow world cannot use stop the start as the emulator's do (a FixtureError).
    if (config.recordDrift) drift = await DriftWatch.start(loadFixtures(config.fixtures), config, app.log)
  } catch (error) {
    forwarder.close()
    logStream?.close()
    throw error
  }
  const ownNames = [...config.tlsNames, ...(isAnyAddress(config.host) ? [] : [config.host])]
  app.addHook('onRequest', browserGuard([...config.allowedHosts, ...ownNames]))

  // Exchanges under way when the app closes get the shutdown timeout to finish, then are cut short
  // (and recorded as such); close() resolves once the file holds every one of them.
  const inFlight = new Set<Promise<unknown>>()
  const closing = new AbortController()
  app.addHook('onClose', async () => {
    const settled = Promise.allSettled(inFlight)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([settled, new Promise((resolve) => { timer = setTimeout(resolve, config.shutdownTimeout) })])
    clearTimeout(timer)
    closing.abort()
    await settled
    recorder.close()
    forwarder.close()
    await drift?.close()
    logStream?.close()
  })
  let https: HttpsServer | undefined
  drainOnClose(app, config, () => (https ? [app.server, https] : [app.server]))
  if (options.tls) https = (await import('../tls/listener.js')).addHttpsListener(app, options.tls, config)
  capConnections(app.server, config, app.log)
  registerVendorShape(app, config.bodyLimit)

  app.get('/__admin/health', async () => ({ status: 'ok' }))
  app.get('/__admin/ready', async () => {
    if (recorder.writeFailure !== null) throw new OmedaError(503, emulator.cannotWriteSession(recorder.writeFailure))
    return { status: 'ready' }
  })
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendVendorError(request, reply, resourceNotFound(request))
  if (drift !== undefined) await driftRoutes(app, drift, config.adminToken)
  app.all('/__admin', notFound)
  app.all('/__admin/*', notFound)
  app.setNotFoundHandler(notFound)

  const origin = new URL(upstream).origin
  await app.register(async (scope) => {
    // The body's bytes as they came, whatever their type: the upstream judges them, not the recorder.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
    scope.all('/*', async (request, reply) => {
      const arrival = recorder.arrived(request.headers)
      const startedAt = new Date()
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const forwarding = forwarder.forward({ method: request.method, url: request.url, headers: request.headers, body },
        closing.signal)
      inFlight.add(forwarding)
      let answer: Forwarded
      try {
        answer = await forwarding
      } finally {
        inFlight.delete(forwarding)
      }
      const keep = (exchange: Exchange): Exchange => {
        const redacted = recorder.record(exchange, arrival)
        // Answered by the shadow world after the client has its answer: it costs the client nothing.
        if (recorder.lastIndex !== undefined) drift?.observe(redacted, recorder.lastIndex)
        if (recorder.writeFailure !== null) {
          request.log.error({ reason: recorder.writeFailure }, 'cannot write the session file')
        }
        return redacted
      }
      const base = {
        startedAt, method: request.method, url: `${origin}${request.url}`, requestHeaders: flatHeaders(request.headers),
        requestBody: body, timings: answer.timings,
      }
      if (answer.ok) {
        const [recordedHeaders, recordedBody] = decodedAnswer(flatHeaders(endToEnd(answer.headers)), answer.body)
        keep({
          ...base, status: answer.status, statusText: answer.statusText, responseHeaders: recordedHeaders,
          responseBody: recordedBody,
        })
        const length = request.method === 'HEAD' ? answer.headers['content-length'] : answer.body.length
        const headers = { ...endToEnd(answer.headers), ...(length === undefined ? {} : { 'content-length': length }) }
        return answerAs(reply, answer.status, answer.statusText, headers, answer.body)
      }
      const failed = Buffer.from(JSON.stringify(vendorErrorBody([emulator.upstreamFailed(origin, answer.reason)],
        request.id)))
      const exchange: Exchange = {
        ...base, status: 502, statusText: 'Bad Gateway', responseHeaders: { 'content-type': 'application/json' },
        responseBody: failed, upstreamError: answer.reason,
      }
      const redacted = keep(exchange)
      request.log.warn({ upstreamError: redacted.upstreamError }, 'the upstream gave no answer')
      answerAs(reply, 502, '', { 'content-type': 'application/json', 'content-length': failed.length }, failed)
    })
  })
  try {
    await app.ready()
  } catch (error) {
    await app.close()
    throw error
  }
  return app
}
