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

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('remove', 'remove')
  app.decorateRequest('rawBody', null)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    const body = text as string
    request.rawBody = body
    const type = request.headers['content-type']
    if (type !== undefined && type.trim() !== '' && !JSON_TYPE.test(type))
      return done(new OmedaError(400, emulator.unsupportedContentType(type)))
    if (body.trim() === '') return done(null, {})
    parseJson(request, body, (error, parsed) => {
      if (error) done(new OmedaError(400, emulator.malformedJson(error.message)))
      else done(null, parsed)
    })
  })
  // A POST with no body at all is an empty object to validation, so each missing field is named.
  app.addHook('preValidation', async (request) => {
    if (request.rawBody === null && request.body == null) request.body = {}
  })
}
