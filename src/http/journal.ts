// Journals every submission to the Omeda surface, success or failure, as the client saw it.
// The app id is never stored: only the tenant key (a hash), the brand, the body and the answer.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Store } from '../store.js'
import { SHARED } from '../schema.sql.js'

export const ADMIN_PREFIX = '/__admin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The world this request acts on ('' is the shared one). */
    tenant: string
    /** The fault that shaped this request's answer, if any. */
    faultId: number | null
  }
}

/** A string field of a parsed JSON body, or null. */
export const bodyString = (body: unknown, key: string): string | null => {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : null
}

/** The TrackId a request is about, from a cancel's body or a lookup's URL, trimmed as validation trims it. */
export const requestTrackId = (request: FastifyRequest): string | null =>
  (bodyString(request.body, 'TrackId') ?? (request.params as { trackId?: string } | undefined)?.trackId)?.trim() ?? null

/**
 * Journals one answer. A request the router could not decode reaches here without the decorations
 * (tenant, fault, raw body) that routed requests carry, hence the defaults.
 */
export function journal(store: Store, request: FastifyRequest, statusCode: number, responseBody: string): void {
  const params = request.params as { brand?: string } | undefined
  store.recordSubmission({
    tenant: request.tenant ?? SHARED,
    SubmissionId: request.id,
    ReceivedAt: new Date().toISOString(),
    Brand: params?.brand ?? null,
    TrackId: requestTrackId(request),
    UserId: bodyString(request.body, 'UserId')?.trim() ?? null,
    Method: request.method,
    Path: request.url,
    StatusCode: statusCode,
    FaultId: request.faultId ?? null,
    RequestBody: request.rawBody ?? null,
    ResponseBody: responseBody,
  })
}

export function registerJournal(app: FastifyInstance, store: Store): void {
  store.onJournalError = (error) => app.log.error({ err: error }, 'could not journal the submission')
  app.decorateRequest('tenant', '')
  app.decorateRequest('faultId', null)
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.url.startsWith(ADMIN_PREFIX)) journal(store, request, reply.statusCode, typeof payload === 'string' ? payload : '')
    done(null, payload)
  })
}
