// The admin surface under /__admin: health, world, snapshots, journal, outbox, faults, clock and the endpoint list.
// When an admin token is configured, every call but health, ready and the OpenAPI document must
// carry it. Admin calls are not journaled (a URL the router cannot decode is, whatever its prefix:
// no surface owns it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { IncomingHttpHeaders } from 'node:http'
import { notFoundFirst } from '../http/vendor-shape.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { State } from '../state.js'
import { clockRoutes } from './clock-routes.js'
import { dashboardRoutes } from './dashboard-route.js'
import { endpointsRoute } from './endpoints-route.js'
import { eventRoutes } from './event-stream.js'
import { faultRoutes } from './fault-routes.js'
import { metricsRoutes } from './metrics-route.js'
import { healthRoutes } from './health.js'
import { outboxRoutes } from './outbox-routes.js'
import { snapshotRoutes } from './snapshot-routes.js'
import { adminTokenCheck } from './token-check.js'
import { submissionRoutes } from './submission-routes.js'
import { adminValidatorCompiler } from './validate-route.js'
import { worldRoutes } from './world-routes.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open without the admin token. */
    public?: boolean
  }
}

export interface AdminOptions {
  state: State
  adminToken: string | undefined
  /** Event streams open at once; one more is refused with 503. */
  maxEventStreams: number
}

const carriesBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')

export const adminSurface: FastifyPluginAsyncTypebox<AdminOptions> = async (
  app, { state, adminToken, maxEventStreams }
) => {
  app.setValidatorCompiler(adminValidatorCompiler)
  app.addHook('onRoute', (route) => {
    const open = route.config?.public === true
    route.schema = { ...route.schema, tags: ['admin'], ...(open ? {} : { security: [{ adminToken: [] }] }) }
  })
  // Unknown admin URLs are 404 whether or not a token is sent, as before any route is matched.
  await app.register(notFoundFirst)
  // Outside the token's scope: the page is open, the data it loads is not.
  await app.register(dashboardRoutes)
  await app.register(async (routes) => {
    if (adminToken !== undefined) routes.addHook('onRequest', adminTokenCheck(adminToken))
    // A body must say it is JSON: a page's no-cors request can send a body without a type but not
    // with this one, which would need a preflight that the emulator never grants.
    routes.addHook('onRequest', async (request) => {
      if (request.headers['content-type'] === undefined && carriesBody(request.headers)) {
        throw new OmedaError(400, emulator.adminBodyNeedsJson())
      }
    })
    healthRoutes(routes, state.db)
    routes.get(
      '/openapi.json',
      { config: { public: true }, schema: { summary: 'This OpenAPI document' } },
      async () => app.swagger()
    )
    worldRoutes(routes, state)
    snapshotRoutes(routes, state)
    submissionRoutes(routes, state)
    outboxRoutes(routes, state)
    faultRoutes(routes, state)
    clockRoutes(routes, state)
    await routes.register(endpointsRoute)
    if (state.metrics) metricsRoutes(routes, state.metrics)
    await eventRoutes(routes, state, maxEventStreams)
  })
}
