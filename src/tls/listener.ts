// The HTTPS port: a second server in the same process that hands its requests to the same Fastify
// router, so both ports share one state, one journal and one set of hooks. Fastify's close()
// closes it too.
import { createServer, type Server } from 'node:https'
import type { FastifyInstance } from 'fastify'
import type { TlsMaterial } from './authority.js'
import { urlFor } from '../addresses.js'
import { answerWhatNodeRefuses, clientErrorHandler } from '../http/vendor-shape.js'
import { capConnections, serverTimeouts, type ConnectionLimits } from '../http/connections.js'
import type { Config } from '../config.js'

/** Listens for HTTPS on `port` and `host`, and resolves with the URL to reach it. */
export type ListenHttps = (port: number, host: string) => Promise<string>

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the app was built with TLS material (BuildOptions.tls). */
    listenHttps?: ListenHttps
  }
}

/** A server answering HTTPS on the same router, with the HTTP port's limits; it closes with the app. */
export function addHttpsListener(
  app: FastifyInstance,
  material: TlsMaterial,
  limits: ConnectionLimits & Pick<Config, 'tlsHandshakeTimeout'>
): Server {
  // Fastify's keep-alive timeout, not Node's shorter default, so both ports behave alike.
  const { keepAliveTimeout } = app.initialConfig
  const server: Server = createServer({
    key: material.key, cert: material.cert, keepAliveTimeout,
    handshakeTimeout: limits.tlsHandshakeTimeout, ...serverTimeouts(limits),
  }, (request, reply) => app.routing(request, reply))
  capConnections(server, limits, app.log)
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
  // As Fastify does for its own port: stop taking connections, and wait until the last one is gone
  // (drainOnClose, in connections.ts, lets go of them within the shutdown timeout).
  let closed: Promise<void> = Promise.resolve()
  app.addHook('preClose', (done) => {
    if (server.listening) closed = new Promise((resolve) => server.close(() => resolve()))
    done()
  })
  app.addHook('onClose', async () => { await closed })
  return server
}
