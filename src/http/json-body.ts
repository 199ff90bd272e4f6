// Body parsing by the vendor's rules: no Content-Type means JSON; `application/json` with or without
// parameters is JSON; anything else, unreadable media types included, is a 400 naming the supported
// type (never Fastify's 415). `__proto__` and `constructor` keys are dropped, as unknown fields are.
// The raw text is kept for the journal.
import type { FastifyError, FastifyInstance } from 'fastify'
import secureJson from 'secure-json-parse'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string | null
  }
}

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i
const PARSE_OPTIONS = { protoAction: 'remove', constructorAction: 'remove' } as const

/**
 * A body that was read whole but cannot be used. It is answered from preValidation rather than
 * failed in the parser, because Fastify closes the connection on parser errors, and a client's
 * keep-alive connection should survive a 400 as it does on the real service.
 */
export class RejectedBody {
  constructor(readonly problem: OmedaError) {}
}

/** The 400 for a Content-Type the emulator cannot read a body as. */
export const unsupportedContentType = (type: string): OmedaError =>
  new OmedaError(400, emulator.unsupportedContentType(type))

/** Fastify refuses a media type it cannot even parse (`json`, `;;;`) before any parser runs. */
export const isUnreadableMediaType = (error: FastifyError): boolean => error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'

export function registerJsonBody(app: FastifyInstance): void {
  app.decorateRequest('rawBody', null)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, text, done) => {
    const body = String(text)
    request.rawBody = body
    const type = request.headers['content-type']
    if (type !== undefined && type.trim() !== '' && !JSON_TYPE.test(type)) {
      return done(null, new RejectedBody(unsupportedContentType(type)))
    }
    if (body.trim() === '') return done(null, {})
    try {
      done(null, secureJson.parse(body, null, PARSE_OPTIONS))
    } catch (error) {
      // The parser's own reason, e.g. "Unexpected end of JSON input".
      done(null, new RejectedBody(new OmedaError(400, emulator.malformedJson((error as Error).message))))
    }
  })
  // A POST with no body at all is an empty object to validation, so each missing field is named.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body instanceof RejectedBody) return done(request.body.problem)
    if (request.rawBody === null && request.body == null) request.body = {}
    done()
  })
}
