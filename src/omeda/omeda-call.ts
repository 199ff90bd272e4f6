// What the Omeda surface learns about one request as its hooks run: the one object they share, set
// by the first hook and read by the journal at the end.
import type { FastifyRequest } from 'fastify'
import type { FaultEffect } from '../contract/admin.js'
import { stringField } from '../http/fields.js'
import { SHARED } from '../world/tenancy.js'
import type { OmedaEndpoint } from './endpoints.js'

export interface OmedaCall {
  /** Which endpoint the request reached (null: none, an unknown URL). */
  endpoint: OmedaEndpoint | null
  /** The world this request acts on ('' is the shared one). */
  tenant: string
  /** The TrackId the request is about, once read (undefined: not read yet). */
  trackId: string | null | undefined
  /** The fault that shaped this request's answer, if any. */
  faultId: number | null
  /** A fault that matched the request but, by its probability, did not fire. */
  skippedFaultId: number | null
  /** A fault to apply once the handler has done its work. */
  lateFault: FaultEffect | null
  /** A fault that spoils how the answer is delivered: cut, reset or slow. */
  delivery: FaultEffect | null
  /** The content type a fault's own answer is sent with, as given. */
  answerType: string | null
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null until the surface's first hook has run (and for requests no Omeda route served). */
    omeda: OmedaCall | null
  }
  interface FastifyContextConfig {
    /** The Omeda endpoint a route serves. */
    endpoint?: OmedaEndpoint
    /** The endpoint's 404 text for a brand no app is granted (see EndpointSpec). */
    brandNotFound?: (brand: string) => string
    /** On the routes of other methods: the one the endpoint takes (a 405 with Allow). */
    allow?: string
  }
}

export const newCall = (endpoint: OmedaEndpoint | null): OmedaCall =>
  ({
    endpoint, tenant: SHARED, trackId: undefined, faultId: null, skippedFaultId: null, lateFault: null, delivery: null,
    answerType: null,
  })

/** The call of a request, begun if no hook has begun it (an unknown URL, a URL the router could not decode). */
export function callOf(request: FastifyRequest): OmedaCall {
  request.omeda ??= newCall(null)
  return request.omeda
}

/** The TrackId a request is about, from a change's body or a lookup's URL, trimmed as validation trims it. */
export function requestTrackId(request: FastifyRequest): string | null {
  const call = callOf(request)
  if (call.trackId === undefined) {
    call.trackId = (stringField(request.body, 'TrackId') ?? stringField(request.params, 'trackId'))?.trim() ?? null
  }
  return call.trackId
}
