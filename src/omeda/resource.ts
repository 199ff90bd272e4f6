// How every Omeda resource is exposed: the vendor's URL with its literal `/*` tail (plus `/` and no
// tail), 405 with `Allow` for other methods, the app-id check before the body is looked at, then
// any injected fault. Routing answers (404, 405) come from onRequest, before any body is read.
import { Type, type TProperties } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify'
import type { OmedaEndpoint } from '../contract/omeda.js'
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { stringField } from '../http/fields.js'
import { resourceNotFound, sendVendorError } from '../http/vendor-shape.js'
import type { TypedApp, TypedHandler } from '../http/typed-app.js'
import type { Tenancy } from '../world/tenancy.js'
import { decorateForFaults, faultHook, withLateFaults, type FaultParts } from './fault-hook.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The world this request acts on ('' is the shared one). */
    tenant: string
    /**
     * Which Omeda endpoint the request reached (null: none): fault scopes, the journal and the
     * metrics name it. Set by the route's first hook, as Fastify's routeOptions builds an object per read.
     */
    endpoint: OmedaEndpoint | null
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

/**
 * The route's one onRequest hook: a malformed URL is a 404; then the app id must be granted the
 * brand (403). Refusals are answered here, not passed on as errors: Fastify's error path costs more
 * than the rest of such a request.
 */
function admit(tenancy: Tenancy, endpoint: OmedaEndpoint) {
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    request.endpoint = endpoint
    if (isMalformed(request)) return void sendVendorError(request, reply, resourceNotFound(request))
    const appId = request.headers['x-omeda-appid']
    const brand = stringField(request.params, 'brand')
    if (typeof appId !== 'string' || appId === '' || brand === null || !tenancy.mayUse(appId, brand))
      return void sendVendorError(request, reply, new OmedaError(403, documented.forbiddenAppId()))
    try {
      request.tenant = tenancy.enter(appId)
    } catch (error) {
      // No world for a new app id past --max-worlds: answered here like the other refusals.
      if (!(error instanceof OmedaError)) throw error
      return void sendVendorError(request, reply, error)
    }
    done()
  }
}

/**
 * Answers the vendor's refusals that a (synchronous) handler throws, such as a cancel of a cancelled
 * deployment, by sending them at once rather than through Fastify's error path.
 */
function answeringRefusals<S extends FastifySchema>(handler: TypedHandler<S>): TypedHandler<S> {
  return function (this: ThisParameterType<TypedHandler<S>>, request: Parameters<TypedHandler<S>>[0], reply: Parameters<TypedHandler<S>>[1]) {
    try {
      return handler.call(this, request, reply)
    } catch (error) {
      if (!(error instanceof OmedaError)) throw error
      sendVendorError(request, reply, error)
      return undefined
    }
  } as TypedHandler<S>
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
  if (!app.hasRequestDecorator('tenant')) {
    app.decorateRequest('tenant', '')
    app.decorateRequest('endpoint', null)
  }
  decorateForFaults(app)
  const others = ALL_METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
  for (const path of [url, `${url}/*`]) {
    app.route({
      method, url: path, schema,
      onRequest: admit(parts.tenancy, endpoint),
      preValidation: faultHook(parts),
      handler: answeringRefusals(withLateFaults(parts.journal, handler)),
    })
    app.route({
      method: others, url: path, exposeHeadRoute: false, schema: { hide: true },
      onRequest: (request, _reply, done) => {
        request.endpoint = endpoint
        done(isMalformed(request)
          ? resourceNotFound(request)
          : new OmedaError(405, emulator.methodNotAllowed(request.method, method), { allow: method }))
      },
      handler: async () => undefined,
    })
  }
}
