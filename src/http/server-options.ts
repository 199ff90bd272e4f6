// What every server the emulator starts has in common, the emulator's and the recorder's: the
// logger (pretty on a terminal, else JSON lines, buffered, to standard output; secrets redacted),
// request ids that are SubmissionIds, the body limit, the timeouts, and the errors Fastify answers
// itself in the vendor's shape.
import type { Server } from 'node:http'
import type {
  FastifyBaseLogger, FastifyHttpOptions, FastifyRequest, FastifyServerOptions, LogController,
} from 'fastify'
import type { Config } from '../config.js'
import { serverTimeouts } from './connections.js'
import { bufferedStdout, type LogStream } from './log-stream.js'
import { clientErrorHandler, frameworkErrorHandler, newSubmissionId } from './vendor-shape.js'

/** Secrets that must never reach a log line, wherever a serializer might put headers. */
const REDACTED = [
  'req.headers["x-omeda-appid"]', 'req.headers["x-omeda-inputid"]', 'req.headers.authorization',
  'headers["x-omeda-appid"]', 'headers["x-omeda-inputid"]', 'headers.authorization',
]

/** Pino's options: pretty on a terminal, else JSON lines to `stream` (by default, standard output). */
export function loggerOptions(
  level: string,
  pretty = process.stdout.isTTY === true,
  stream?: LogStream['stream']
): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED, censor: '[redacted]' },
    ...(pretty
      ? { transport: {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:HH:MM:ss.l' }
        } }
      : stream ? { stream } : {}),
  }
}

/** How a server is told to log: Fastify's logger option, or a logger of the embedder's own. */
export interface LoggingOptions {
  logger?: FastifyServerOptions['logger']
  loggerInstance?: FastifyBaseLogger
}

/** Standard output, buffered, when the server logs JSON lines there itself; stopped when the server closes. */
export function logStreamFor(config: Config, options: LoggingOptions): LogStream | null {
  const pretty = process.stdout.isTTY === true
  return options.loggerInstance || options.logger !== undefined || pretty || config.logLevel === 'silent'
    ? null
    : bufferedStdout()
}

/** Fastify's options for a server of the emulator's; `journal` keeps what Fastify itself refused. */
export function serverOptions(
  config: Config, options: LoggingOptions, logStream: LogStream | null, logController: LogController,
  journal: (request: FastifyRequest, statusCode: number, body: string) => void
): FastifyHttpOptions<Server> {
  return {
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? loggerOptions(config.logLevel, process.stdout.isTTY === true, logStream?.stream) }),
    genReqId: newSubmissionId,
    logController,
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeout,
    http: serverTimeouts(config),
    // While closing, a request on a kept-alive connection is answered as usual, with Connection:
    // close, rather than with Fastify's own 503 body.
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler(config.bodyLimit, journal),
  }
}
