// How every Omeda resource is exposed: the vendor's URL with its literal `/*` tail (plus `/` and no
// tail), 405 with `Allow` for other methods, the app-id check before the body is looked at, then
// any injected fault. Routing answers (404, 405) come from onRequest, before any body is read.
import type { FastifyInstance, FastifyRequest, FastifySchema, HTTPMethods, RouteHandlerMethod } from 'fastify'
import { documented, emulator, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { resourceNotFound } from '../../http/vendor-shape.js'
import { faultHook, withLateFaults } from './faults.js'

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ACCEPTED_TAILS = new Set(['', '*'])

export interface OmedaParams {
  brand: string
  trackId?: string
  '*'?: string
}

type Done = (error?: Error) => void

/** A URL that matched a route's shape but not the vendor's: an empty brand or another tail. */
const isMalformed = ({ brand, '*': tail }: OmedaParams): boolean => brand === '' || (tail !== undefined && !ACCEPTED_TAILS.has(tail))

function rejectMalformedUrls(request: FastifyRequest, _reply: unknown, done: Done): void {
  done(isMalformed(request.params as OmedaParams) ? resourceNotFound(request) : undefined)
}

function appIdCheck(sandbox: Sandbox) {
  return (request: FastifyRequest, _reply: unknown, done: Done): void => {
    const appId = request.headers['x-omeda-appid']
    const { brand } = request.params as OmedaParams
    if (typeof appId !== 'string' || appId === '' || !sandbox.mayUse(appId, brand))
      return done(new OmedaError(403, documented.forbiddenAppId()))
    request.tenant = sandbox.enter(appId)
    done()
  }
}

export function omedaResource(
  app: FastifyInstance,
  { url, method, sandbox, schema, inOpenApi, handler }: {
    url: string
    method: 'GET' | 'POST'
    sandbox: Sandbox
    schema: FastifySchema
    /** Listed in the OpenAPI document: only the vendor's own form, `…/*`. */
    inOpenApi: boolean
    handler: RouteHandlerMethod
  },
): void {
  const others = ALL_METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
  for (const path of [url, `${url}/*`]) {
    const hide = !inOpenApi || !path.endsWith('/*')
    app.route({
      method, url: path,
      schema: { ...schema, tags: ['omeda'], security: [{ appId: [] }], ...(hide ? { hide: true } : {}) },
      onRequest: [rejectMalformedUrls, appIdCheck(sandbox)],
      preValidation: faultHook(sandbox),
      handler: withLateFaults(sandbox, handler),
    })
    app.route({
      method: others, url: path, exposeHeadRoute: false, schema: { hide: true },
      onRequest: (request, _reply, done) => done(isMalformed(request.params as OmedaParams)
        ? resourceNotFound(request)
        : new OmedaError(405, emulator.methodNotAllowed(request.method, method), { allow: method })),
      handler: async () => undefined,
    })
  }
}
