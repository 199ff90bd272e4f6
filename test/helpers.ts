// Shared test plumbing: build the app the way the entry point does, and talk to it over HTTP.
import type { Test } from 'tap'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp, type BuildOptions } from '../src/app.js'
import { defaultConfig, type Config } from '../src/config.js'
import type { EmulatorEvent } from '../src/contract/admin.js'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import type { OmedaEndpoint } from '../src/omeda/endpoints.js'
import { AdminClient, type AdminClientOptions } from '../src/client.js'
import { emulatorCommand, run, startServer, type Completed, type RunningServer } from './spawn.mjs'

export { BUILT_MAIN, MAIN, ROOT } from './spawn.mjs'
export const APP_ID = 'sandbox-app-id'
/**
 * The tests' own world (apps, brands, deployments, users), which every helper here starts from unless
 * a test gives its own fixtures. The shipped fixtures/default.json is what users see first and may
 * change; only test/default-fixtures.test.ts relies on it (and tests that say so with SHIPPED_FIXTURES).
 */
export const TEST_WORLD = fileURLToPath(new URL('./fixtures/world.json', import.meta.url))
/** For a spawned emulator: the shipped fixtures/default.json (an empty OMEDA_FIXTURES counts as unset). */
export const SHIPPED_FIXTURES: Record<string, string> = { OMEDA_FIXTURES: '' }
export const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/

/**
 * Builds the app the way the entry point does (quiet unless `options` gives a logger) and closes it
 * when `t` ends. A test may close it earlier itself: Fastify's close is idempotent (a second call
 * resolves at once and runs no onClose hook again), so the teardown's close is then harmless.
 */
export async function build(
  t: Test, overrides: Partial<Config> = {}, options: BuildOptions = { logger: false }
): Promise<FastifyInstance> {
  const app = await buildApp(defaultConfig({ fixtures: [TEST_WORLD], ...overrides }), options)
  t.teardown(() => app.close())
  return app
}

/** Builds the app (see build) and has it listen on a free loopback port. */
export async function listening(
  t: Test, overrides: Partial<Config> = {}
): Promise<{ app: FastifyInstance; url: string; port: number }> {
  const app = await build(t, overrides)
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url, port: Number(new URL(url).port) }
}

/** A fetch that goes through app.inject(): the admin client, without a socket. */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: (init.headers ?? {}) as Record<string, string>,
      ...(init.body === undefined ? {} : { payload: init.body as string }),
    })
    const headers = Object.entries(res.headers).map(([k, v]) => [k, String(v)] as [string, string])
    return new Response(res.body, { status: res.statusCode, headers })
  }) as typeof fetch
}

/** The project's own admin client, talking to an in-process app. */
export function admin(app: FastifyInstance, options: Partial<AdminClientOptions> = {}): AdminClient {
  return new AdminClient({ baseUrl: 'http://emulator.test', fetch: injectFetch(app), ...options })
}

export interface RouteOptions {
  brand?: string
  prefix?: 'vendor' | 'short'
  tail?: string
}

export interface OmedaCallOptions extends RouteOptions {
  appId?: string | null
  headers?: Record<string, string>
}

/** The path of an Omeda resource (`cancel`, `lookup/<TrackId>`, `search`…) under either route form. */
export const omedaUrl = (
  resource: string,
  { brand = 'FOO', prefix = 'vendor', tail = '/*' }: RouteOptions = {}
): string =>
  `${prefix === 'vendor' ? `/webservices/rest/brand/${brand}` : `/${brand}`}/omail/deployment/${resource}${tail}`

export const lookupPath = (trackId: string, options: RouteOptions = {}): string =>
  omedaUrl(`lookup/${trackId}`, options)

/** The app id header a real client sends (none for `null`). */
export const appIdHeader = (appId: string | null = APP_ID): Record<string, string> => (appId === null
  ? {}
  : {
      'x-omeda-appid': appId
    })

/** POSTs to an Omeda endpoint the way a real client does: app id header, JSON body, literal `/*` tail. */
export function post(
  app: FastifyInstance, endpoint: OmedaEndpoint, body: unknown, options: OmedaCallOptions = {}
): Promise<LightMyRequestResponse> {
  const { appId, headers = {} } = options
  return app.inject({
    method: 'POST',
    url: omedaUrl(endpoint, options),
    headers: { 'content-type': 'application/json', ...appIdHeader(appId), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** POSTs a cancel the way a real client does. */
export const cancel = (
  app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}
): Promise<LightMyRequestResponse> =>
  post(app, 'cancel', body, options)

/** GETs a deployment through the Lookup API, with the app id header. */
export function lookup(
  app: FastifyInstance, trackId: string, options: OmedaCallOptions = {}
): Promise<LightMyRequestResponse> {
  const { appId, headers = {} } = options
  return app.inject({
    method: 'GET',
    url: lookupPath(trackId, options),
    headers: { ...appIdHeader(appId), ...headers }
  })
}

export const errorsOf = (res: LightMyRequestResponse): string[] =>
  (res.json() as VendorErrorBody).Errors.map((e) => e.Error)

export type RunningEmulator = RunningServer

/**
 * Starts the real entry point (from source, or `built`) as its own process on a free port and waits
 * until it listens; on the tests' world unless `args` or `env` name fixtures.
 */
export function spawnEmulator(
  args: string[] = [], env: Record<string, string> = {}, { built = false } = {}
): Promise<RunningEmulator> {
  return startServer(emulatorCommand({ built }), { args, env: { OMEDA_FIXTURES: TEST_WORLD, ...env } })
}

/**
 * Runs the entry point to completion (for flags that print and exit, or start-up failures); `uid`
 * runs it as that user; after `timeoutMs` it is killed and its code is null. On the tests' world, as spawnEmulator.
 */
export function runMain(
  args: string[], env: Record<string, string> = {},
  { built = false, uid, timeoutMs }: { built?: boolean; uid?: number; timeoutMs?: number } = {}
): Promise<Completed> {
  return run([...emulatorCommand({ built }), ...args],
    { env: { OMEDA_FIXTURES: TEST_WORLD, ...env }, uid, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = appIdHeader()) {
  const res = await fetch(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
  )
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/**
 * The next `n` events of a stream (which stays open), or a failure after `ms`: a bound for a stream
 * that stops, generous so that a slow machine does not fail a test.
 */
export async function takeEvents(
  events: AsyncIterable<EmulatorEvent>, n: number, ms = 10_000
): Promise<EmulatorEvent[]> {
  const taken: EmulatorEvent[] = []
  const iterator = events[Symbol.asyncIterator]()
  const reading = (async () => {
    while (taken.length < n) {
      const next = await iterator.next()
      if (next.done === true) break
      taken.push(next.value)
    }
    return taken
  })()
  const timeout = new Promise<never>((_resolve, reject) =>
    setTimeout(() => reject(new Error(`only ${taken.length} of ${n} events within ${ms} ms`)), ms).unref())
  return Promise.race([reading, timeout])
}
