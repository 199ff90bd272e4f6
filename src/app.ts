// The app factory: builds the whole emulator from a Config. The entry point and the tests both use it.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import swagger from '@fastify/swagger'
import { PACKAGE_VERSION, type Config } from './config.js'
import { loadFixtures, type FixtureWorld } from './fixtures/load.js'
import { Sandbox } from './sandbox.js'
import { Store } from './store.js'
import { registerJsonBody } from './http/json-body.js'
import { OneLinePerRequest } from './http/request-log.js'
import { ADMIN_PREFIX, journal, registerJournal } from './http/journal.js'
import { clientErrorHandler, frameworkErrorHandler, newSubmissionId, registerVendorShape } from './http/vendor-shape.js'
import { adminRoutes } from './routes/admin/index.js'
import { omedaRoutes, SHORT_PREFIX, VENDOR_PREFIX } from './routes/omeda/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: Sandbox
  }
}

/** Secrets that must never reach a log line, wherever a serializer might put headers. */
const REDACTED = [
  'req.headers["x-omeda-appid"]', 'req.headers.authorization',
  'headers["x-omeda-appid"]', 'headers.authorization',
]

export function loggerOptions(level: string, pretty = process.stdout.isTTY === true): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  }
}

const OPENAPI_DESCRIPTION =
  "A local, stateful emulator of Omeda's Email Deployment Cancel API. Every error is " +
  '`{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`.'

/** Omeda's URLs end in a literal `/*`, not a path parameter: say so in the OpenAPI paths. */
function vendorTails<T>(document: T): T {
  const doc = document as { paths?: Record<string, Record<string, { parameters?: { name: string }[] }>> }
  const paths: typeof doc.paths = {}
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) operation.parameters = operation.parameters?.filter((p) => p.name !== '*')
    paths[path.replace(/\/\{\*\}$/, '/*')] = operations
  }
  return { ...document, paths }
}

export interface BuildOptions {
  /** Fastify's logger option; defaults to pino JSON at the configured level. */
  logger?: FastifyServerOptions['logger']
  loggerInstance?: FastifyBaseLogger
}

interface Seeded {
  store: Store
  /** Whether the fixtures were applied, or a file database kept the world it already held. */
  world: 'fixtures' | 'stored'
  /** The fixtures differ from those the stored world was built from. */
  fixturesChanged: boolean
}

function openSeeded(config: Config, fixtures: FixtureWorld): Seeded {
  const store = new Store(config.db, config.journalLimit)
  try {
    store.setBoot(fixtures)
    if (config.reseed) store.replaceAll()
    const world = config.reseed || store.seedIfEmpty() ? 'fixtures' : 'stored'
    return { store, world, fixturesChanged: !store.builtFromBoot() }
  } catch (error) {
    store.close()
    throw error
  }
}

/** Says plainly which world is served when a file database kept its own. */
function logStoredWorld(log: FastifyBaseLogger, { store, fixturesChanged }: Seeded, db: string): void {
  const line = { db, deployments: store.servedCounts().deployments }
  if (fixturesChanged) {
    log.warn(line, 'serving the world stored in the database; the fixtures given differ from those it was built from and were NOT applied (start with --reseed to replace the stored world with them)')
  } else {
    log.info(line, 'serving the world stored in the database (built from the same fixtures; --reseed starts it afresh)')
  }
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Parsed before the database is opened, so invalid fixtures leave no file behind. Afterwards the
  // world lives in the database only: a large one must not weigh on the JS heap.
  const seeded = openSeeded(config, loadFixtures(config.fixtures))
  const { store } = seeded
  const sandbox = new Sandbox(store, config)

  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? loggerOptions(config.logLevel) }),
    genReqId: newSubmissionId,
    logController: new OneLinePerRequest(),
    bodyLimit: config.bodyLimit,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler(config.bodyLimit, (request, statusCode, body) => journal(store, request, statusCode, body)),
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('sandbox', sandbox)
  app.addHook('onClose', async () => store.close())
  if (seeded.world === 'stored') logStoredWorld(app.log, seeded, config.db)

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'omeda-cancel-emulator', version: PACKAGE_VERSION, description: OPENAPI_DESCRIPTION },
      tags: [
        { name: 'omeda', description: "Omeda's APIs, as the emulator serves them (also under the short prefix /{brand}/…)" },
        { name: 'admin', description: 'Sandbox controls' },
      ],
      components: { securitySchemes: {
        appId: { type: 'apiKey', in: 'header', name: 'x-omeda-appid' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'Only when OMEDA_ADMIN_TOKEN is set' },
      } },
    },
    transformObject: (document) => ('openapiObject' in document ? vendorTails(document.openapiObject) : document.swaggerObject),
  })
  registerJsonBody(app)
  await registerVendorShape(app, config.bodyLimit)
  registerJournal(app, store)

  await app.register(adminRoutes, { prefix: ADMIN_PREFIX, sandbox, adminToken: config.adminToken, timeZone: config.timezone })
  for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX])
    await app.register(omedaRoutes, { prefix, sandbox, config, inOpenApi: prefix === VENDOR_PREFIX })

  await app.ready()
  return app
}
