// The admin token: with one set, every admin call but the public ones (health, readiness) needs
// `Authorization: Bearer <token>`. Compared as digests in constant time, so that neither the
// token's length nor its first wrong character shows in how long a refusal takes.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

const digest = (text: string) => createHash('sha256').update(text).digest()

/** The credentials of `Authorization: Bearer <token>`; the scheme's name is case-insensitive (RFC 9110). */
const bearerToken = (header: string | undefined): string | null => /^bearer +(\S.*)$/i.exec(header ?? '')?.[1] ?? null

/** An onRequest hook that refuses, with 401, a call without the token (routes with `config.public` pass). */
export function adminTokenCheck(adminToken: string): (request: FastifyRequest) => Promise<void> {
  const expected = digest(adminToken)
  return async (request) => {
    if (request.routeOptions.config.public) return
    const given = bearerToken(request.headers.authorization)
    if (given === null || !timingSafeEqual(digest(given), expected)) {
      throw new OmedaError(401, emulator.adminTokenRequired(), { 'www-authenticate': 'Bearer' })
    }
  }
}
