// What an Omeda endpoint is: its name, method and path under the brand, its schemas, and what it
// does with a valid request in the caller's world. A route file declares one with defineEndpoint;
// the table (endpoints.ts) lists them; the surface (omeda-surface.ts) serves them all alike.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TProperties } from '@sinclair/typebox'
import type {
  ContextConfigDefault, FastifyBaseLogger, FastifyRequest, FastifySchema, RawRequestDefaultExpression, RawServerDefault,
  RouteGenericInterface,
} from 'fastify'
import type { Config } from '../config.js'
import type { TypedApp } from '../http/typed-app.js'
import type { World } from '../world/world.js'
import type { BodyWording } from './body-validation.js'
import type { ContentSource } from './content-source.js'

/** A request that passed its route's schema, typed by it. */
export type ValidRequest<S extends FastifySchema> = FastifyRequest<
  RouteGenericInterface, RawServerDefault, RawRequestDefaultExpression, S, TypeBoxTypeProvider, ContextConfigDefault,
  FastifyBaseLogger
>

/** The methods an Omeda endpoint may take. */
export type OmedaMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What a handler may use besides its request: the caller's world as of now, and where this server is reached. */
export interface Served {
  world: World
  /** The origin lookup Urls start with: the configured one, or the one the request came to. */
  origin: string
  /**
   * Names the deployment the call is about when the request does not (a create): the journal, the
   * events and the fault scopes then find the call by it.
   */
  about: (trackId: string) => void
  /** Where the content page's …ContentUrl fields are read from (content-source.ts). */
  content: ContentSource
  /** The configured longest UserId and TrackId, for a body no schema checks (the content page's XML). */
  maxLength: Config['maxLength']
}

/**
 * What a route takes and answers besides JSON: 'xml' takes an XML body and answers in XML, failures
 * included (the content page); 'html' answers a success as text/html (content lookup).
 */
export type Answers = 'json' | 'xml' | 'html'

/** The path parameters of an Omeda resource: the brand, the tail after the resource, and any others. */
export const omedaParams = <P extends TProperties>(more: P) =>
  Type.Object({ brand: Type.String(), '*': Type.Optional(Type.String()), ...more })

export interface EndpointSpec<N extends string, S extends FastifySchema, A> {
  /** Its one word: fault scopes, the journal, the metrics and the dashboard name it. */
  name: N
  method: OmedaMethod
  /**
   * Under the brand prefix, with `:param`s; served as is, with `/`, and with the vendor's literal `/*`
   * tail. Endpoints may share a path with different methods (create POST and update PUT).
   */
  path: string
  /** Whether a success changes a deployment (the dashboard refreshes its list after one). */
  changesDeployment: boolean
  /** The route's schemas; the configured field lengths are given for bodies that check them. */
  schema: (maxLength: Config['maxLength']) => S
  /** How the page words a body's problems, where it differs from the lifecycle pages'. */
  wording?: BodyWording
  /**
   * The page's 404 text for a brand that no app is granted, given to a known app id (others get the
   * 403 of an app id not granted the brand).
   */
  brandNotFound?: (brand: string) => string
  /** JSON unless said (see Answers). */
  answers?: Answers
  /** The answer to a valid request (or its promise, for one that waits on the network); a refusal is an OmedaError. */
  handle: (request: ValidRequest<S>, served: Served) => A | Promise<A>
}

/** How the surface serves one endpoint's route (a function of the surface, so a definition stays free of it). */
export type ServeRoute = <S extends FastifySchema, A>(app: TypedApp, spec: EndpointSpec<string, S, A>) => void

/** An endpoint as the table holds it: what every list of endpoints shows, and how to serve it. */
export interface OmedaEndpointDefinition<N extends string = string> {
  name: N
  method: OmedaMethod
  path: string
  changesDeployment: boolean
  answers: Answers
  serve: (app: TypedApp, route: ServeRoute) => void
}

export function defineEndpoint<N extends string, S extends FastifySchema, A>(
  spec: EndpointSpec<N, S, A>
): OmedaEndpointDefinition<N> {
  const { name, method, path, changesDeployment, answers = 'json' } = spec
  return { name, method, path, changesDeployment, answers, serve: (app, route) => route(app, spec) }
}
