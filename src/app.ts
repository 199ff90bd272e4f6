// The app factory: builds the whole emulator from a Config. The entry point and the tests both use it.
import type { Server as HttpsServer } from 'node:https'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { PACKAGE_VERSION, type Config } from './config.js'
import { loadFixtures } from './seed/files.js'
import { readSnapshotFile } from './seed/snapshot-file.js'
import { FIXTURE_TRACKID_MAX_LENGTH, type FixtureWorld } from './seed/format.js'
import { closeState, openState, serve, servedCounts, serveSnapshot, type Served, type State } from './state.js'
import { isAnyAddress } from './addresses.js'
import { browserGuard } from './http/browser-guard.js'
import { frontDoor } from './http/front-door.js'
import { capConnections, drainOnClose } from './http/connections.js'
import { registerJsonBody } from './http/json-body.js'
import { logStreamFor, serverOptions } from './http/server-options.js'
import { cachedSerializer } from './http/serializers.js'
import { OneLinePerRequest } from './http/request-log.js'
import { answerWhatNodeRefuses, registerVendorShape } from './http/vendor-shape.js'
import { adminSurface } from './admin/admin-surface.js'
import { omedaSurface } from './omeda/omeda-surface.js'
import { recordAnswer } from './omeda/submission-record.js'
import { AudienceCallbacks } from './sandbox/audience-callbacks.js'
import type { TlsMaterial } from './tls/authority.js'

export const ADMIN_PREFIX = '/__admin'

declare module 'fastify' {
  interface FastifyInstance {
    /** What the shared world serves: distinct app ids, and its deployments (for the ready line). */
    servedCounts: () => { apps: number; deployments: number }
  }
}

export { loggerOptions } from './http/server-options.js'

const OPENAPI_DESCRIPTION =
  "A local, stateful emulator of Omeda's Email Deployment API. Every error is " +
  '`{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`.'

/** Omeda's URLs end in a literal `/*`, not a path parameter: say so in the OpenAPI paths. */
function vendorTails<T>(document: T): T {
  const doc = document as { paths?: Record<string, Record<string, { parameters?: { name: string }[] }>> }
  const paths: typeof doc.paths = {}
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.parameters = operation.parameters?.filter((p) => p.name !== '*')
    }
    paths[path.replace(/\/\{\*\}$/, '/*')] = operations
  }
  return { ...document, paths }
}

export interface BuildOptions {
  /** Fastify's logger option; defaults to pino JSON at the configured level. */
  logger?: FastifyServerOptions['logger']
  loggerInstance?: FastifyBaseLogger
  /** Fixtures already loaded and checked, instead of the files that `config.fixtures` names. */
  world?: FixtureWorld
  /** Key and certificate for an HTTPS port beside the HTTP one (see tlsMaterial); the app gains listenHttps. */
  tls?: TlsMaterial
}

/** Says plainly which world is served when a file database kept its own. */
function logStoredWorld(log: FastifyBaseLogger, state: State, { fixturesChanged }: Served, db: string): void {
  const line = { db, deployments: servedCounts(state).deployments }
  if (fixturesChanged) {
    log.warn(
      line,
      'serving the world stored in the database; the fixtures given differ from those it was built from and were NOT ' +
        'applied (start with --reseed to replace the stored world with them)'
    )
  } else {
    log.info(line, 'serving the world stored in the database (built from the same fixtures; --reseed starts it afresh)')
  }
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Parsed before the database is opened, so invalid fixtures leave no file behind. Afterwards the
  // world lives in the database only: a large one must not weigh on the JS heap.
  const fixtures = options.world ?? loadFixtures(config.fixtures)
  const snapshot = config.snapshot === undefined ? undefined : readSnapshotFile(config.snapshot)
  let log: FastifyBaseLogger | undefined
  const state = openState(config, (error) => log?.error({ err: error }, 'could not journal the submissions'))
  try {
    const served = serve(state, fixtures, config.reseed)
    if (config.snapshot !== undefined) serveSnapshot(state, config.snapshot, snapshot)
    const app = await assemble(config, options, state, fixtures.contentUrls)
    log = app.log
    if (served.world === 'stored') logStoredWorld(app.log, state, served, config.db)
    return app
  } catch (error) {
    closeState(state)
    throw error
  }
}

/** The HTTP side: Fastify with the emulator's plumbing, the admin surface and the Omeda surface. */
async function assemble(
  config: Config, options: BuildOptions, state: State, contentUrls: FixtureWorld['contentUrls']
): Promise<FastifyInstance> {
  const logStream = logStreamFor(config, options)
  // Stopped if start-up fails past this point: its timer and exit listener must not outlive the app.
  try {
    const app = Fastify({
      ...serverOptions(config, options, logStream, new OneLinePerRequest(),
        (request, statusCode, body) => recordAnswer(state.journal, request, statusCode, body)),
      // The router answers 404 for a path parameter longer than this (decoded): stated here, so that
      // every TrackId a fixture may hold stays routable in the admin and Lookup URLs.
      routerOptions: { maxParamLength: FIXTURE_TRACKID_MAX_LENGTH },
    }).withTypeProvider<TypeBoxTypeProvider>()
    app.setSerializerCompiler(cachedSerializer)

    // An unmet Expect and CONNECT, which Node answers before the router, in the vendor's shape too.
    answerWhatNodeRefuses(app.server)
    app.decorate('servedCounts', () => servedCounts(state))
    // First of all: a page on another site gets nothing, not even a 404 that would tell it what is served.
    // The names the emulator was told to listen at and to answer with are its own too.
    const ownNames = [
      ...config.tlsNames,
      ...(isAnyAddress(config.host) ? [] : [config.host]),
      ...(config.origin ? [new URL(config.origin).host] : []),
    ]
    app.addHook('onRequest', browserGuard([...config.allowedHosts, ...ownNames]))
    app.addHook('onRequest', frontDoor) // GET / from a browser: on to the dashboard
    // A file other processes share: each request first notices what they wrote, so nothing cached
    // (grants, faults, clocks) is staler than the file.
    if (state.db.shared) {
      app.addHook('onRequest', (_request, _reply, done) => {
        state.db.noticeOtherWriters()
        done()
      })
    }
    app.addHook('onClose', async () => {
      try {
        closeState(state)
      } finally {
        logStream?.close()
      }
    })
    // Callbacks are made while the app is up; those under way are cut short, and journaled, before it closes.
    const callbacks = new AudienceCallbacks(state.db, state.clock, state.journal, state.audiences,
      config.callbackTimeout, app.log)
    app.addHook('onReady', (done) => {
      callbacks.start()
      done()
    })
    app.addHook('onClose', () => callbacks.stop())
    // After it: onClose hooks run last-registered first, so HTTPS requests in progress finish before
    // the database closes.
    // The drain's hooks first: its preClose must see the HTTPS port before that port's own stops it listening.
    let https: HttpsServer | undefined
    drainOnClose(app, config, () => (https ? [app.server, https] : [app.server]))
    // Loaded when used, as the OpenAPI document's maker is: importing the package loads neither.
    if (options.tls) https = (await import('./tls/listener.js')).addHttpsListener(app, options.tls, config)
    capConnections(app.server, config, app.log)

    const { default: swagger } = await import('@fastify/swagger')
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'omeda-emulator', version: PACKAGE_VERSION, description: OPENAPI_DESCRIPTION },
        tags: [
          {
            name: 'omeda',
            description: "Omeda's APIs, as the emulator serves them (also under the short prefix /{brand}/…)"
          },
          { name: 'admin', description: 'Sandbox controls' },
        ],
        components: { securitySchemes: {
          appId: { type: 'apiKey', in: 'header', name: 'x-omeda-appid' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'Only when OMEDA_ADMIN_TOKEN is set' },
        } },
      },
      transformObject: (document) => ('openapiObject' in document
        ? vendorTails(document.openapiObject)
        : document.swaggerObject),
    })
    registerJsonBody(app)
    registerVendorShape(app, config.bodyLimit)

    await app.register(adminSurface, {
      prefix: ADMIN_PREFIX, state, adminToken: config.adminToken, maxEventStreams: config.maxEventStreams,
    })
    await app.register(omedaSurface, { state, config, contentUrls })

    await app.ready()
    return app
  } catch (error) {
    logStream?.close()
    throw error
  }
}
