// Journals every answer of the Omeda surface, success or failure, as the client saw it: routed
// calls and unknown URLs through the surface's onSend hook, dropped connections through
// dropConnection, and URLs the router could not decode through the framework error handler. The app
// id is never stored: only the world's key (a hash), the brand, the body and the answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { stringField } from '../http/fields.js'
import type { Journal } from '../sandbox/journal.js'
import { SHARED } from '../world/tenancy.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The TrackId the request is about, once read (undefined: not read yet). */
    trackId: string | null | undefined
  }
}

/** The TrackId a request is about, from a cancel's body or a lookup's URL, trimmed as validation trims it. */
export function requestTrackId(request: FastifyRequest): string | null {
  if (request.trackId === undefined)
    request.trackId = (stringField(request.body, 'TrackId') ?? stringField(request.params, 'trackId'))?.trim() ?? null
  return request.trackId
}

/**
 * Journals one answer. A request the router could not decode reaches here without the decorations
 * (world, fault, raw body) that routed requests carry, hence the defaults.
 */
export function recordAnswer(journal: Journal, request: FastifyRequest, statusCode: number, responseBody: string): void {
  journal.record({
    tenant: request.tenant ?? SHARED,
    SubmissionId: request.id,
    ReceivedAt: new Date().toISOString(),
    Brand: stringField(request.params, 'brand'),
    TrackId: requestTrackId(request),
    UserId: stringField(request.body, 'UserId')?.trim() ?? null,
    Method: request.method,
    Path: request.url,
    Endpoint: request.endpoint ?? null,
    StatusCode: statusCode,
    FaultId: request.faultId ?? null,
    RequestBody: request.rawBody ?? null,
    ResponseBody: responseBody,
  })
}

/** Closes the connection without an answer; journaled with status 0. */
export function dropConnection(journal: Journal, request: FastifyRequest, reply: FastifyReply): void {
  recordAnswer(journal, request, 0, '')
  reply.hijack()
  request.raw.socket.destroy()
}

/** Journals every answer sent from the plugin it is registered in. */
export function recordAnswers(app: FastifyInstance, journal: Journal): void {
  app.decorateRequest('trackId', undefined)
  app.addHook('onSend', (request, reply, payload, done) => {
    recordAnswer(journal, request, reply.statusCode, typeof payload === 'string' ? payload : '')
    done(null, payload)
  })
}
