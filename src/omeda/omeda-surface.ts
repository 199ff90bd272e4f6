// The Omeda surface: every endpoint of the table under the vendor's real prefix and under the short
// one, and the vendor-shaped 404 for any URL nothing serves. A request runs through these steps, in
// this order; each is one hook (or the handler) below:
//   1. admit    (onRequest)      the URL's shape (404), the method (405), the app id and its brand (403), the world
//   2. body     (app-wide)       parsed as the vendor parses it (../http/json-body.ts)
//   3. fault    (preValidation)  an injected fault may delay, answer or drop the call
//   4. validate (schema)         the body and URL against the endpoint's schema, every problem at once
//                                (body-validation.ts)
//   5. handle   (handler)        the endpoint's handler in the caller's world; an apply-then-* fault acts after it
//   6. journal  (onSend)         every answer, as the client saw it (submission-record.ts); a delivery
//                                fault then cuts it, resets it or slows it (fault-delivery.ts)
//   7. metrics  (onResponse)     the time it took, by endpoint
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest, FastifySchema, HTTPMethods, RouteGenericInterface } from 'fastify'
import type { ResolveFastifyReplyReturnType } from 'fastify/types/type-provider.js'
import type { Config } from '../config.js'
import { omedaErrorResponses } from '../contract/omeda.js'
import { stringField } from '../http/fields.js'
import type { TypedApp } from '../http/typed-app.js'
import { notFoundFirst, resourceNotFound, sendVendorError } from '../http/vendor-shape.js'
import { XML_ANSWER_TYPE } from '../http/xml-answer.js'
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { State } from '../state.js'
import { bodyValidator, bodyValidatorCompiler } from './body-validation.js'
import { contentSource, type ContentSource, type FetchOptions } from './content-source.js'
import type { Answers, EndpointSpec, OmedaEndpointDefinition, ServeRoute } from './define-endpoint.js'
import { OMEDA_ENDPOINTS, type OmedaEndpoint } from './endpoints.js'
import { callOf, newCall } from './omeda-call.js'
import { spoiled } from './fault-delivery.js'
import { afterHandler, takeFault } from './omeda-faults.js'
import { recordAnswer } from './submission-record.js'
import { registerXmlBody } from './xml-body.js'
import { originOf, SHORT_PREFIX, VENDOR_PREFIX } from './urls.js'

export interface OmedaOptions {
  state: State
  config: Pick<Config, 'maxLength' | 'origin'> & FetchOptions
  /** The fixtures' content for …ContentUrl fields, by URL. */
  contentUrls?: Readonly<Record<string, string>>
  /** The endpoints served: the table, unless a test gives others. */
  endpoints?: readonly OmedaEndpointDefinition<OmedaEndpoint>[]
}

/** A content lookup's answer: the content as it was posted. */
const HTML_TYPE = 'text/html; charset=utf-8'
const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const ACCEPTED_TAILS = new Set(['', '*'])

/** A URL that matched a route's shape but not the vendor's: an empty brand or another tail. */
function isMalformed({ params }: FastifyRequest): boolean {
  const tail = stringField(params, '*')
  return stringField(params, 'brand') === '' || (tail !== null && !ACCEPTED_TAILS.has(tail))
}

type Done = (error?: Error) => void

/**
 * Step 1. Refusals are answered here, not passed on as errors: Fastify's error path costs more
 * than the rest of such a request.
 */
function admit({ tenancy }: State) {
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    // Fastify builds routeOptions anew on each read: read once.
    const { endpoint, allow, brandNotFound } = request.routeOptions.config
    // An unknown URL: the 404 handler answers it.
    if (endpoint === undefined) return done()
    const call = request.omeda = newCall(endpoint)
    if (isMalformed(request)) {
      // A URL the endpoint's route caught but does not serve: journaled and answered (in JSON) as one
      // nothing serves.
      call.endpoint = null
      sendVendorError(request, reply, resourceNotFound(request), false)
      return
    }
    if (allow !== undefined) {
      sendVendorError(request, reply, new OmedaError(405, emulator.methodNotAllowed(request.method, allow), { allow }))
      return
    }
    const appId = request.headers['x-omeda-appid']
    const brand = stringField(request.params, 'brand')
    if (typeof appId !== 'string' || appId === '' || brand === null || !tenancy.mayUse(appId, brand)) {
      const unknown = brandNotFound !== undefined && brand !== null && typeof appId === 'string' &&
        tenancy.knows(appId) && !tenancy.brandReachable(brand)
      sendVendorError(request, reply, unknown
        ? new OmedaError(404, brandNotFound(brand))
        : new OmedaError(403, documented.forbiddenAppId()))
      return
    }
    try {
      call.tenant = tenancy.enter(appId)
    } catch (error) {
      // No world for a new app id past --max-worlds: answered here like the other refusals.
      if (!(error instanceof OmedaError)) throw error
      sendVendorError(request, reply, error)
      return
    }
    done()
  }
}

/** What a handler's answer becomes: as it is, or (an apply-then-* fault) a forced error or a dropped connection. */
function answered<A>(state: State, request: FastifyRequest, reply: FastifyReply, answers: Answers, answer: A) {
  const sent = afterHandler(state.journal, request, reply, answer)
  if (answers !== 'json') reply.type(answers === 'xml' ? XML_ANSWER_TYPE : HTML_TYPE)
  return sent
}

/** Serves the endpoint `name` at `path`, `path/` and `path/*`; an XML endpoint in a context that parses XML. */
function routes(state: State, config: OmedaOptions['config'], content: ContentSource) {
  return (name: OmedaEndpoint): ServeRoute => <S extends FastifySchema, A>(
    app: TypedApp, spec: EndpointSpec<string, S, A>
  ) => {
    const { method, path, brandNotFound, answers = 'json' } = spec
    const schema = spec.schema(config.maxLength)
    const validatorCompiler = bodyValidator(spec.wording)
    const refused = (request: FastifyRequest, reply: FastifyReply) => (error: unknown): undefined => {
      if (!(error instanceof OmedaError)) throw error
      sendVendorError(request, reply, error)
    }
    const serveOn = (context: TypedApp) => {
      for (const url of [path, `${path}/*`]) {
        context.route({
          method, url, schema, validatorCompiler,
          config: { endpoint: name, brandNotFound, xmlAnswers: answers === 'xml' },
          // Step 5. A refusal the handler throws is sent at once, not through Fastify's error path.
          handler: (request, reply) => {
            let answer: A | Promise<A | undefined> | undefined
            try {
              const call = callOf(request)
              const served = {
                world: state.worlds.at(call.tenant, request.id),
                origin: originOf(request, config.origin),
                about: (trackId: string) => { call.trackId = trackId },
                content,
                maxLength: config.maxLength,
              }
              const result = spec.handle(request, served)
              answer = result instanceof Promise
                ? result.then((done) => answered(state, request, reply, answers, done)).catch(refused(request, reply))
                : answered(state, request, reply, answers, result)
            } catch (error) {
              refused(request, reply)(error)
            }
            // What the handler answers is what its schema's 200 says: TypeScript cannot resolve that
            // for a schema left generic, so the answer (never request data) is typed as Fastify expects.
            return answer as ResolveFastifyReplyReturnType<TypeBoxTypeProvider, S, RouteGenericInterface>
          },
        })
      }
    }
    if (answers !== 'xml') return serveOn(app)
    // Its own context: the XML parser replaces the JSON one for this endpoint's routes only.
    app.register(async (xml) => {
      registerXmlBody(xml)
      serveOn(xml)
    })
  }
}

/**
 * At each path of the table, the methods none of its endpoints takes: a 405 whose Allow names those
 * they take, journaled under the first endpoint there.
 */
function methodsNotAllowed(app: TypedApp, endpoints: readonly OmedaEndpointDefinition<OmedaEndpoint>[]): void {
  for (const first of endpoints) {
    const there = endpoints.filter((endpoint) => endpoint.path === first.path)
    if (there[0] !== first) continue
    const { path } = first
    const taken: string[] = there.map((endpoint) => endpoint.method)
    const others = ALL_METHODS.filter((m) => !taken.includes(m) && !(m === 'HEAD' && taken.includes('GET')))
    const config = { endpoint: first.name, allow: taken.join(', '), xmlAnswers: first.answers === 'xml' }
    for (const url of [path, `${path}/*`]) {
      app.route({
        method: others, url, exposeHeadRoute: false, schema: { hide: true }, config, handler: async () => undefined,
      })
    }
  }
}

export const omedaSurface: FastifyPluginAsyncTypebox<OmedaOptions> = async (app, options) => {
  const { state, config, endpoints = OMEDA_ENDPOINTS, contentUrls = {} } = options
  app.decorateRequest('omeda', null)
  app.addHook('onRequest', admit(state))
  app.addHook('preValidation', takeFault(state.faults, state.journal, state.metrics))
  app.addHook('onSend', (request, reply, payload, done) => {
    const body = typeof payload === 'string' ? payload : ''
    const { delivery, answerType } = callOf(request)
    // A fault's own answer keeps the type it was given: the app-wide hook sets JSON's exactly.
    if (answerType !== null) reply.header('content-type', answerType)
    if (delivery === null) {
      recordAnswer(state.journal, request, reply.statusCode, body)
      return done(null, payload)
    }
    const { sent, payload: spoilt } = spoiled(delivery, reply, body)
    recordAnswer(state.journal, request, reply.statusCode, sent)
    done(null, spoilt)
  })
  const { metrics } = state
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.took(request.omeda?.endpoint ?? 'none', reply.elapsedTime / 1000)
      done()
    })
  }
  await app.register(notFoundFirst)
  const serve = routes(state, config, contentSource(contentUrls, config))
  for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX]) {
    // Only the vendor's own form, `…/*` under the vendor's prefix, is in the OpenAPI document.
    const inOpenApi = prefix === VENDOR_PREFIX
    await app.register(async (resources) => {
      resources.setValidatorCompiler(bodyValidatorCompiler)
      resources.addHook('onRoute', (route) => {
        if (route.schema?.hide === true) return
        const listed = inOpenApi && route.url.endsWith('/*')
        route.schema = {
          ...route.schema, response: { ...omedaErrorResponses, ...route.schema?.response ?? {} },
          tags: ['omeda'], security: [{ appId: [] }], ...(listed ? {} : { hide: true }),
        }
      })
      for (const endpoint of endpoints) endpoint.serve(resources, serve(endpoint.name))
      methodsNotAllowed(resources, endpoints)
    }, { prefix })
  }
}
