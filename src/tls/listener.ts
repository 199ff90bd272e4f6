// The HTTPS port: a second server in the same process that hands its requests to the same Fastify
// router, so both ports share one state, one journal and one set of hooks. Fastify's close()
// closes it too.
import { createServer, type Server } from 'node:https'
import type { FastifyInstance } from 'fastify'
import type { TlsMaterial } from './authority.js'
import { urlFor } from '../addresses.js'
import { answerWhatNodeRefuses, clientErrorHandler } from '../http/vendor-shape.js'

/** Listens for HTTPS on `port` and `host`, and resolves with the URL to reach it. */
export type ListenHttps = (port: number, host: string) => Promise<string>

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the app was built with TLS material (BuildOptions.tls). */
    listenHttps?: ListenHttps
  }
}

// How long close() lets HTTPS requests in progress finish before it cuts their connections.
const CLOSE_GRACE_MS = 5000

export function addHttpsListener(app: FastifyInstance, material: TlsMaterial): void {
  // Fastify's own timeouts, not Node's shorter defaults, so both ports behave alike.
  const { keepAliveTimeout, connectionTimeout } = app.initialConfig
  const server: Server = createServer({ key: material.key, cert: material.cert, keepAliveTimeout, requestTimeout: 0 },
    (request, reply) => app.routing(request, reply))
  if (connectionTimeout) server.setTimeout(connectionTimeout)
  // What Node answers itself on the HTTP port — unparseable HTTP, an unmet Expect, CONNECT — is
  // answered here as there, in the vendor's shape.
  server.on('clientError', clientErrorHandler)
  answerWhatNodeRefuses(server)
  app.decorate('listenHttps', (port: number, host: string) => new Promise<string>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      server.on('error', (error) => app.log.error({ err: error }, 'the HTTPS listener failed'))
      const address = server.address()
      resolve(urlFor('https', host, typeof address === 'object' && address ? address.port : port))
    })
  }))
  // As Fastify does for its own port: stop taking connections, drop the idle ones, and let requests
  // in progress finish (their replies close their connections, Fastify being closing); after a
  // grace period, cut what is left.
  let closed: Promise<void> = Promise.resolve()
  app.addHook('preClose', (done) => {
    if (server.listening) closed = new Promise((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    done()
  })
  app.addHook('onClose', async () => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())
    await Promise.race([closed, grace])
    clearInterval(sweep)
    server.closeAllConnections()
  })
}
