// Every error leaves the emulator in the vendor's shape, with the request's SubmissionId:
// route errors, parser errors, unknown URLs, router failures and unparseable HTTP alike.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import type { VendorErrorBody } from '../contract/omeda.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { isUnreadableMediaType, unsupportedContentType } from './json-body.js'

const JSON_TYPE = 'application/json'

/** A fresh SubmissionId: an upper-case GUID, as in the vendor's examples. */
export const newSubmissionId = (): string => randomUUID().toUpperCase()

export function vendorErrorBody(messages: string[], submissionId: string): VendorErrorBody {
  return { Errors: messages.map((Error) => ({ Error })), SubmissionId: submissionId }
}

/** Maps anything thrown while serving a request to the status and messages the client sees. */
export function toOmedaError(error: FastifyError | OmedaError, request: FastifyRequest, bodyLimit: number): OmedaError {
  if (error instanceof OmedaError) return error
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

export function sendVendorError(request: FastifyRequest, reply: FastifyReply, error: OmedaError): FastifyReply {
  return reply.code(error.statusCode).headers(error.headers).send(vendorErrorBody(error.messages, request.id))
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
 * For a URL the router cannot decode: written directly, since such answers skip the onSend hook
 * that gives every other answer exactly `application/json` (Fastify would add a charset).
 */
export function frameworkErrorHandler(bodyLimit: number, journal: (request: FastifyRequest, statusCode: number, body: string) => void) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const shaped = toOmedaError(error, request, bodyLimit)
    const body = JSON.stringify(vendorErrorBody(shaped.messages, request.id))
    journal(request, shaped.statusCode, body)
    reply.hijack()
    reply.raw.writeHead(shaped.statusCode, { ...shaped.headers, 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) })
    reply.raw.end(body)
  }
}

/** For HTTP the server cannot even parse: answer in the vendor's shape, then hang up. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return
  const body = JSON.stringify(vendorErrorBody([emulator.badRequest(`unreadable HTTP request (${error.code ?? error.message})`)], newSubmissionId()))
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}
