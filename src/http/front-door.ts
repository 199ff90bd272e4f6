// GET / from a browser: someone who typed the emulator's address is sent on to the dashboard. Every
// other request for `/` (a client, curl, a script) gets the vendor-shaped 404 as before, journaled
// as before. The redirect is written directly, so it is never journaled as a call of the API (the
// request's log line is written as for any other).
import type { FastifyReply, FastifyRequest } from 'fastify'

export const DASHBOARD_URL = '/__admin/ui/'

/** A browser asking for `/` as a page: exactly `/`, GET, and an Accept that names HTML. */
export const wantsFrontPage = (request: FastifyRequest): boolean =>
  request.method === 'GET' && request.url === '/' && (request.headers.accept ?? '').includes('text/html')

/** An onRequest hook, after the browser guard (which refuses the cross-site ones). */
export function frontDoor(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  if (!wantsFrontPage(request)) return done()
  reply.hijack()
  reply.raw.writeHead(302, { location: DASHBOARD_URL, 'content-length': 0 })
  reply.raw.end()
}
