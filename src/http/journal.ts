// Journals every submission to the Omeda surface, success or failure, as the client saw it.
// The app id is never stored: only the brand, the body and the answer.
import type { FastifyInstance } from 'fastify'
import type { Store } from '../store.js'

export const ADMIN_PREFIX = '/__admin'

const stringField = (body: unknown, key: string): string | null => {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
  return typeof value === 'string' ? value : null
}

export function registerJournal(app: FastifyInstance, store: Store): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return payload
    const params = request.params as { brand?: string } | undefined
    try {
      store.recordSubmission({
        SubmissionId: request.id,
        ReceivedAt: new Date().toISOString(),
        Brand: params?.brand ?? null,
        TrackId: stringField(request.body, 'TrackId'),
        UserId: stringField(request.body, 'UserId'),
        Method: request.method,
        Path: request.url,
        StatusCode: reply.statusCode,
        RequestBody: request.rawBody,
        ResponseBody: typeof payload === 'string' ? payload : '',
      })
    } catch (error) {
      request.log.error({ err: error }, 'could not journal the submission')
    }
    return payload
  })
}
