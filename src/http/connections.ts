// The life of a connection on either port: how long a client may take to send a request (headers
// and body) or, on HTTPS, to finish the handshake; how many connections a port holds at once; and
// how a closing emulator lets go of them, keep-alive clients and slow uploaders included.
import type { Server as HttpServer } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Config } from '../config.js'

export type ConnectionLimits = Pick<Config, 'requestTimeout' | 'maxConnections' | 'shutdownTimeout'>

/** How often Node looks for requests past their timeout (its default, 30 s, would let one run that much over). */
export const TIMEOUT_CHECK_MS = 1000
/** Headers alone must arrive within this, or the whole request's timeout if that is shorter. */
const HEADERS_TIMEOUT_MS = 10_000
/** Node's own options for a server that serves these limits (both ports are made with them). */
export const serverTimeouts = (limits: ConnectionLimits) => ({
  requestTimeout: limits.requestTimeout,
  headersTimeout: Math.min(HEADERS_TIMEOUT_MS, limits.requestTimeout),
  connectionsCheckingInterval: TIMEOUT_CHECK_MS,
})

/** How often a port at its cap says so in the log, at most. */
const DROP_LOG_INTERVAL_MS = 10_000

/**
 * Caps a port's connections: beyond the cap Node closes new ones at once, and the log says so (once
 * in a while, not per connection).
 */
export function capConnections(
  server: HttpServer | HttpsServer, limits: ConnectionLimits, log: FastifyBaseLogger
): void {
  server.maxConnections = limits.maxConnections
  let dropped = 0
  let lastSaid = 0
  server.on('drop', () => {
    dropped++
    if (Date.now() - lastSaid < DROP_LOG_INTERVAL_MS) return
    log.warn(
      { dropped, maxConnections: limits.maxConnections },
      'connections refused: the port holds its limit (--max-connections)'
    )
    lastSaid = Date.now()
    dropped = 0
  })
}

type Drained = HttpServer | HttpsServer

/**
 * On close, both ports stop taking connections and drop their idle ones at once; requests in
 * flight are answered with `Connection: close`, and a connection that goes idle after its answer is
 * dropped within a few milliseconds. Whatever is still open after `shutdownTimeout` (a client still
 * uploading, a slow fault) is cut, so a SIGTERM never waits on a client.
 */
export function drainOnClose(app: FastifyInstance, limits: ConnectionLimits, servers: () => Drained[]): void {
  let closing = false
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  let stop = (): void => {}
  app.addHook('preClose', (done) => {
    closing = true
    // A port that never listened emits no 'close' to wait for.
    const all = servers().filter((server) => server.listening)
    const dropIdle = () => { for (const server of all) server.closeIdleConnections() }
    dropIdle()
    const sweep = setInterval(dropIdle, 10).unref()
    const dropAll = () => { for (const server of all) server.closeAllConnections() }
    const cut = setTimeout(dropAll, limits.shutdownTimeout).unref()
    // Until the last port has let go of its last connection: the app's own onClose hooks run in an
    // order of their own, some before the HTTPS port is done.
    stop = () => {
      clearInterval(sweep)
      clearTimeout(cut)
    }
    let open = all.length
    for (const server of all) server.once('close', () => { if (--open === 0) stop() })
    done()
  })
  // However the ports ended, nothing of the drain outlives the app.
  app.addHook('onClose', (_instance, done) => {
    if (servers().every((server) => !server.listening)) stop()
    done()
  })
}
