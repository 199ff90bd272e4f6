// The app factory: builds the whole emulator from a Config. The entry point and the tests both use it.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import { loadFixtures, type FixtureWorld } from './fixtures/load.js'
import { Store } from './store.js'
import { vendorDateFormatter } from './time.js'
import { registerJsonBody } from './http/json-body.js'
import { registerJournal } from './http/journal.js'
import { clientErrorHandler, newSubmissionId, registerVendorShape, sendVendorError, toOmedaError } from './http/vendor-shape.js'
import { omedaRoutes, SHORT_PREFIX, VENDOR_PREFIX } from './routes/omeda/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    store: Store
    world: FixtureWorld
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
  const store = new Store(config.db)
  try {
    store.seed(world, config.reseed ? { replace: true } : { onlyIfEmpty: true })
  } catch (error) {
    store.close()
    throw error
  }

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

  app.decorate('store', store)
  app.decorate('world', world)
  app.addHook('onClose', async () => store.close())

  registerJsonBody(app)
  registerVendorShape(app, config.bodyLimit)
  registerJournal(app, store)

  const format = vendorDateFormatter(config.timezone)
  const now = () => format(new Date())
  for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX]) await app.register(omedaRoutes, { prefix, store, config, now })

  await app.ready()
  return app
}
