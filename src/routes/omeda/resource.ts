// How every Omeda resource is exposed: the vendor's URL with its literal `/*` tail (plus `/` and no
// tail), 405 with `Allow` for other methods, and the app-id check before the body is looked at.
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions, HTTPMethods, RouteHandlerMethod } from 'fastify'
import { documented, emulator, OmedaError } from '../../messages.js'
import type { Store } from '../../store.js'

const OTHER_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ACCEPTED_TAILS = new Set(['', '*'])

export interface OmedaParams {
  brand: string
  '*'?: string
}

function rejectOtherTails(request: FastifyRequest, done: (error?: Error) => void): void {
  const tail = (request.params as OmedaParams)['*']
  if (tail !== undefined && !ACCEPTED_TAILS.has(tail))
    return done(new OmedaError(404, emulator.resourceNotFound(request.method, request.url.split('?')[0] ?? '/')))
  done()
}

export function appIdCheck(store: Store) {
  return (request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void => {
    const appId = request.headers['x-omeda-appid']
    const { brand } = request.params as OmedaParams
    if (typeof appId !== 'string' || appId === '' || !store.appHasBrand(appId, brand))
      return done(new OmedaError(403, documented.forbiddenAppId()))
    done()
  }
}

export function omedaResource(
  app: FastifyInstance,
  { url, method, store, options, handler }: {
    url: string
    method: 'GET' | 'POST'
    store: Store
    options: RouteShorthandOptions
    handler: RouteHandlerMethod
  },
): void {
  const urls = [url, `${url}/*`]
  const others = OTHER_METHODS.filter((m) => m !== method && !(method === 'GET' && m === 'HEAD'))
  for (const path of urls) {
    app.route({
      ...options, method, url: path, handler,
      onRequest: [(request, _reply, done) => rejectOtherTails(request, done), appIdCheck(store)],
    })
    app.route({
      method: others, url: path, exposeHeadRoute: false,
      onRequest: (request, _reply, done) => rejectOtherTails(request, done),
      handler: async (request) => {
        throw new OmedaError(405, emulator.methodNotAllowed(request.method, method), { allow: method })
      },
    })
  }
}
