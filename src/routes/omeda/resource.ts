// How every Omeda resource is exposed: the vendor's URL with its literal `/*` tail (plus `/` and no
// tail), 405 with `Allow` for other methods, the app-id check before the body is looked at, then
// any injected fault. Routing answers (404, 405) come from onRequest, before any body is read.
import { Type, type TProperties } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify'
import type { OmedaEndpoint } from '../../contract/omeda.js'
import { documented, emulator } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import { stringField } from '../../http/fields.js'
import { resourceNotFound } from '../../http/vendor-shape.js'
import type { TypedApp, TypedHandler } from '../../http/typed-app.js'
import type { Tenancy } from '../../world/tenancy.js'
import { decorateForFaults, faultHook, withLateFaults, type FaultParts } from './faults.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The world this request acts on ('' is the shared one). */
    tenant: string
  }
  interface FastifyContextConfig {
    /** Which Omeda endpoint a route serves: fault scopes and the journal name it. */
    endpoint?: OmedaEndpoint
  }
}

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ACCEPTED_TAILS = new Set(['', '*'])

/** The path parameters of an Omeda resource: the brand, the tail after the resource, and any others. */
export const omedaParams = <P extends TProperties>(more: P) =>
  Type.Object({ brand: Type.String(), '*': Type.Optional(Type.String()), ...more })

type Done = (error?: Error) => void

/** A URL that matched a route's shape but not the vendor's: an empty brand or another tail. */
function isMalformed({ params }: FastifyRequest): boolean {
  const tail = stringField(params, '*')
  return stringField(params, 'brand') === '' || (tail !== null && !ACCEPTED_TAILS.has(tail))
}

function rejectMalformedUrls(request: FastifyRequest, _reply: FastifyReply, done: Done): void {
  done(isMalformed(request) ? resourceNotFound(request) : undefined)
}

function appIdCheck(tenancy: Tenancy) {
  return (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    const appId = request.headers['x-omeda-appid']
    const brand = stringField(request.params, 'brand')
    if (typeof appId !== 'string' || appId === '' || brand === null || !tenancy.mayUse(appId, brand))
      return done(new OmedaError(403, documented.forbiddenAppId()))
    request.tenant = tenancy.enter(appId)
    done()
  }
}

export interface ResourceParts extends FaultParts {
  tenancy: Tenancy
}

/**
 * Serves one resource at `url`, `url/` and `url/*`. The surface's onRoute hook adds what every
 * Omeda route shares in the OpenAPI document (tags, security, error responses).
 */
export function omedaResource<S extends FastifySchema>(
  app: TypedApp, parts: ResourceParts,
  { url, endpoint, method, schema, handler }: { url: string; endpoint: OmedaEndpoint; method: 'GET' | 'POST'; schema: S; handler: TypedHandler<S> },
): void {
  if (!app.hasRequestDecorator('tenant')) app.decorateRequest('tenant', '')
  decorateForFaults(app)
  const others = ALL_METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
  for (const path of [url, `${url}/*`]) {
    app.route({
      method, url: path, schema, config: { endpoint },
      onRequest: [rejectMalformedUrls, appIdCheck(parts.tenancy)],
      preValidation: faultHook(parts),
      handler: withLateFaults(parts.journal, handler),
    })
    app.route({
      method: others, url: path, exposeHeadRoute: false, schema: { hide: true }, config: { endpoint },
      onRequest: (request, _reply, done) => done(isMalformed(request)
        ? resourceNotFound(request)
        : new OmedaError(405, emulator.methodNotAllowed(request.method, method), { allow: method })),
      handler: async () => undefined,
    })
  }
}
