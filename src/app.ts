// The app factory: builds the whole emulator from a Config. The entry point and the tests both use it.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import { loadFixtures } from './fixtures/load.js'
import { Sandbox } from './sandbox.js'
import { Store } from './store.js'
import { registerJsonBody } from './http/json-body.js'
import { ADMIN_PREFIX, registerJournal } from './http/journal.js'
import { clientErrorHandler, newSubmissionId, registerVendorShape, sendVendorError, toOmedaError } from './http/vendor-shape.js'
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

export interface BuildOptions {
  /** Fastify's logger option; defaults to pino JSON at the configured level. */
  logger?: FastifyServerOptions['logger']
  loggerInstance?: FastifyBaseLogger
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const world = loadFixtures(config.fixtures)
  const store = new Store(config.db, config.journalLimit)
  try {
    if (config.reseed) store.replaceAll(world)
    else store.seedIfEmpty(world)
  } catch (error) {
    store.close()
    throw error
  }
  const sandbox = new Sandbox(store, world, config)

  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? loggerOptions(config.logLevel) }),
    genReqId: newSubmissionId,
    bodyLimit: config.bodyLimit,
    clientErrorHandler,
    frameworkErrors: (error, request, reply) => {
      sendVendorError(request, reply, toOmedaError(error, config.bodyLimit))
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('sandbox', sandbox)
  app.addHook('onClose', async () => store.close())

  registerJsonBody(app)
  registerVendorShape(app, config.bodyLimit)
  registerJournal(app, store)

  await app.register(adminRoutes, { prefix: ADMIN_PREFIX, sandbox, adminToken: config.adminToken, timeZone: config.timezone })
  for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX]) await app.register(omedaRoutes, { prefix, sandbox, config })

  await app.ready()
  return app
}
