// The HTTPS port: a second server in the same process that hands its requests to the same Fastify
// router, so both ports share one state, one journal and one set of hooks. Fastify's close()
// closes it too.
import { createServer, type Server } from 'node:https'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { TlsMaterial } from './authority.js'

/** Listens for HTTPS on `port` and `host`, and resolves with the URL to reach it. */
export type ListenHttps = (port: number, host: string) => Promise<string>

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the app was built with TLS material (BuildOptions.tls). */
    listenHttps?: ListenHttps
  }
}

/** A URL a client on this machine can use for a server bound to `host`. */
export function urlFor(scheme: 'http' | 'https', host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return `${scheme}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}

export function addHttpsListener(
  app: FastifyInstance,
  material: TlsMaterial,
  onClientError: (error: Error, socket: Socket) => void,
): void {
  const server: Server = createServer({ key: material.key, cert: material.cert }, (request, reply) => app.routing(request, reply))
  server.on('clientError', onClientError)
  app.decorate('listenHttps', (port: number, host: string) => new Promise<string>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(urlFor('https', host, typeof address === 'object' && address ? address.port : port))
    })
  }))
  // Stop taking connections before Fastify closes, and drop the kept-alive ones as it does its own.
  app.addHook('preClose', (done) => {
    if (server.listening) server.close()
    server.closeIdleConnections()
    done()
  })
  app.addHook('onClose', (_app, done) => {
    server.closeAllConnections()
    done()
  })
}
