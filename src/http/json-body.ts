// Body parsing by the vendor's rules: no Content-Type means JSON; `application/json` with or without
// parameters is JSON; anything else is a 400 (not Fastify's 415). `__proto__` and `constructor` keys
// are dropped, as unknown fields are. The raw text is kept for the journal.
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../messages.js'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string | null
  }
}

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i

/**
 * A body that was read whole but cannot be used. It is answered from preValidation rather than
 * failed in the parser, because Fastify closes the connection on parser errors, and a client's
 * keep-alive connection should survive a 400 as it does on the real service.
 */
class RejectedBody {
  constructor(readonly error: OmedaError) {}
}

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('remove', 'remove')
  app.decorateRequest('rawBody', null)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    const body = text as string
    request.rawBody = body
    const type = request.headers['content-type']
    if (type !== undefined && type.trim() !== '' && !JSON_TYPE.test(type))
      return done(null, new RejectedBody(new OmedaError(400, emulator.unsupportedContentType(type))))
    if (body.trim() === '') return done(null, {})
    parseJson(request, body, (error, parsed) => {
      if (error) done(null, new RejectedBody(new OmedaError(400, emulator.malformedJson(error.message))))
      else done(null, parsed)
    })
  })
  // A POST with no body at all is an empty object to validation, so each missing field is named.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body instanceof RejectedBody) return done(request.body.error)
    if (request.rawBody === null && request.body == null) request.body = {}
    done()
  })
}
