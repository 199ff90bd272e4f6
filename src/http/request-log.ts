// One log line per request, written when it completes, instead of Fastify's two (incoming and
// completed): the same facts at half the logging cost, which the benchmark showed matters.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, ms }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request')
  }
}
