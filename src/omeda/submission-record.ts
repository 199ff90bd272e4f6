// Journals every answer of the Omeda surface, success or failure, as the client saw it: routed
// calls and unknown URLs through the surface's onSend hook, dropped connections through
// dropConnection, and URLs the router could not decode through the framework error handler. The app
// id is never stored: only the world's key (a hash), the brand, the body and the answer.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { stringField } from '../http/fields.js'
import type { Journal } from '../sandbox/journal.js'
import { callOf, requestTrackId } from './omeda-call.js'

/** Journals one answer. */
export function recordAnswer(
  journal: Journal, request: FastifyRequest, statusCode: number, responseBody: string
): void {
  const call = callOf(request)
  journal.record({
    tenant: call.tenant,
    SubmissionId: request.id,
    ReceivedAt: new Date().toISOString(),
    Brand: stringField(request.params, 'brand'),
    TrackId: requestTrackId(request),
    // The acting account: create, update and clone name it OwnerUserId.
    UserId: (stringField(request.body, 'UserId') ?? stringField(request.body, 'OwnerUserId'))?.trim() ?? null,
    Method: request.method,
    Path: request.url,
    Endpoint: call.endpoint,
    StatusCode: statusCode,
    FaultId: call.faultId,
    SkippedFaultId: call.skippedFaultId,
    // A request the router could not decode reaches here without the parser's decoration.
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
