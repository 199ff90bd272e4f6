// Every error leaves the emulator in the vendor's shape, with the request's SubmissionId:
// route errors, parser errors, unknown URLs, router failures and unparseable HTTP alike.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import type { VendorErrorBody } from '../contract/omeda.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { isUnreadableMediaType, unsupportedContentType } from './json-body.js'
import { XML_ANSWER_TYPE, xmlErrorBody } from './xml-answer.js'

const JSON_TYPE = 'application/json'

/** A fresh SubmissionId: an upper-case GUID, as in the vendor's examples. */
export const newSubmissionId = (): string => randomUUID().toUpperCase()

export function vendorErrorBody(messages: string[], submissionId: string): VendorErrorBody {
  return { Errors: messages.map((Error) => ({ Error })), SubmissionId: submissionId }
}

/**
 * Connections answered 408 by clientErrorHandler: a request whose body was still arriving then fails
 * in the router as "aborted", and is journaled as what the client saw.
 */
const timedOut = new WeakSet<Socket>()

/** Maps anything thrown while serving a request to the status and messages the client sees. */
export function toOmedaError(error: FastifyError | OmedaError, request: FastifyRequest, bodyLimit: number): OmedaError {
  if (error instanceof OmedaError) return error
  if (timedOut.has(request.raw.socket)) return new OmedaError(408, emulator.requestTimedOut())
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new OmedaError(413, emulator.bodyTooLarge(bodyLimit))
  if (isUnreadableMediaType(error)) return unsupportedContentType(request.headers['content-type'] ?? '')
  // A URL the router cannot decode (a bad percent-escape, an over-long segment) is a malformed URL.
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') return resourceNotFound(request)
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return new OmedaError(status, emulator.badRequest(error.message))
  return new OmedaError(500, emulator.internal())
}

/** The 404 for a URL nothing serves, named as the client asked for it. */
export const resourceNotFound = (request: FastifyRequest): OmedaError =>
  new OmedaError(404, emulator.resourceNotFound(request.method, request.url.split('?')[0] ?? '/'))

/**
 * The error in the vendor's shape: JSON, or XML on a route that answers in XML (xml-answer.ts) when
 * the request is that route's (`xml` false: a URL the route caught but does not serve).
 */
export function sendVendorError(
  request: FastifyRequest, reply: FastifyReply, error: OmedaError, xml = request.routeOptions.config.xmlAnswers === true
): FastifyReply {
  reply.code(error.statusCode).headers(error.headers)
  if (xml) {
    return reply.type(XML_ANSWER_TYPE).send(xmlErrorBody(error.messages, request.id))
  }
  // A success's own type (a content lookup's text/html) is not an error's.
  reply.removeHeader('content-type')
  return reply.send(vendorErrorBody(error.messages, request.id))
}

/**
 * Answers unknown URLs with 404 before their body is read: routing comes first, whatever the body.
 * Registered by each surface (Omeda, admin), so their unknown URLs stay theirs.
 */
export async function notFoundFirst(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply) => {
    sendVendorError(request, reply, resourceNotFound(request))
  })
  app.setNotFoundHandler((request, reply) => sendVendorError(request, reply, resourceNotFound(request)))
}

export function registerVendorShape(app: FastifyInstance, bodyLimit: number): void {
  // Exactly `application/json`, as the vendor sends it: some clients reject anything else. An
  // answer in another format (the metrics' text) keeps the type its route set.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type')
    if (type === undefined || String(type).startsWith(JSON_TYPE)) reply.header('content-type', JSON_TYPE)
    done(null, payload)
  })
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const shaped = toOmedaError(error, request, bodyLimit)
    // An OmedaError is a deliberate answer (an injected fault among them), not a failure to log.
    if (!(error instanceof OmedaError) && shaped.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    return sendVendorError(request, reply, shaped)
  })
}

/**
 * Writes an error on the raw response, past every hook (no journal, no onSend), and returns the
 * body written. Exactly `application/json`, as the onSend hook would have made it.
 */
export function writeVendorErrorDirectly(request: FastifyRequest, reply: FastifyReply, error: OmedaError): string {
  const body = JSON.stringify(vendorErrorBody(error.messages, request.id))
  reply.hijack()
  reply.raw.writeHead(
    error.statusCode,
    { ...error.headers, 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) }
  )
  reply.raw.end(body)
  return body
}

/**
 * For a URL the router cannot decode: written directly, since such answers skip the onSend hook
 * that gives every other answer exactly `application/json` (Fastify would add a charset).
 */
export function frameworkErrorHandler(
  bodyLimit: number, journal: (request: FastifyRequest, statusCode: number, body: string) => void
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const shaped = toOmedaError(error, request, bodyLimit)
    journal(request, shaped.statusCode, writeVendorErrorDirectly(request, reply, shaped))
  }
}

/**
 * Writes a whole vendor-shaped answer on a socket no HTTP response object owns any more, and hangs
 * up: whatever the client sends next can no longer be read as HTTP on it.
 */
function answerOnSocket(socket: Socket, status: string, message: string, headers = ''): void {
  if (!socket.writable) return
  const body = JSON.stringify(vendorErrorBody([message], newSubmissionId()))
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

/** For HTTP the server cannot even parse: answer in the vendor's shape, then hang up. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // No TLS session to answer in: the client never finished its handshake (connections.ts).
  if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') {
    socket.destroy()
    return
  }
  // The request (headers and body) did not arrive within the request timeout (connections.ts).
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    timedOut.add(socket)
    return answerOnSocket(socket, '408 Request Timeout', emulator.requestTimedOut())
  }
  answerOnSocket(
    socket,
    '400 Bad Request',
    emulator.badRequest(`unreadable HTTP request (${error.code ?? error.message})`)
  )
}

/**
 * The two requests Node's HTTP server answers before any router sees them — with an empty 417, or
 * by destroying the socket — answered in the vendor's shape instead. Attached to the HTTP port
 * (Fastify's server) and the HTTPS port alike. `Expect: 100-continue` is not among them: Node
 * answers it with `100 Continue` and the request reaches the router as usual.
 */
export function answerWhatNodeRefuses(server: HttpServer | HttpsServer): void {
  // An Expect the emulator cannot meet: 417, as HTTP says. The client may send its body anyway;
  // nothing reads it, so the connection is closed rather than reused.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(vendorErrorBody(
      [emulator.expectationFailed(request.headers.expect ?? '')],
      newSubmissionId()
    ))
    response.writeHead(
      417,
      { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' }
    )
    response.end(body)
  })
  // CONNECT asks for a tunnel: a client that sends it takes the emulator for a proxy (a proxy
  // setting pointed at it by mistake). 405 says what is true — the method is understood and never
  // served here — where 400 would blame a well-formed request and 501 claim not to know CONNECT.
  // Its target is another host, of which this server serves no method: hence an empty Allow. Node
  // has handed over the raw socket, so the answer is written on it and the connection closed.
  server.on('connect', (request: IncomingMessage, socket: Socket) => {
    answerOnSocket(socket, '405 Method Not Allowed', emulator.notAProxy(request.url ?? ''), 'Allow: \r\n')
  })
}
