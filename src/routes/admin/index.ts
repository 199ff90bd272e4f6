// The admin surface under /__admin: health, world, journal, faults and clock. When an admin token
// is configured, every call but health, ready and the OpenAPI document must carry it. Admin calls
// are not journaled (a URL the router cannot decode is, whatever its prefix: no surface owns it).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createHash, timingSafeEqual } from 'node:crypto'
import { notFoundFirst } from '../../http/vendor-shape.js'
import { emulator } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import type { State } from '../../state.js'
import { clockRoutes } from './clock.js'
import { dashboardRoutes } from './dashboard.js'
import { eventRoutes } from './events.js'
import { faultRoutes } from './faults.js'
import { metricsRoutes } from './metrics.js'
import { healthRoutes } from './health.js'
import { submissionRoutes } from './submissions.js'
import { adminValidatorCompiler } from './validate.js'
import { worldRoutes } from './world.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open without the admin token. */
    public?: boolean
  }
}

export interface AdminOptions {
  state: State
  adminToken: string | undefined
}

const digest = (text: string) => createHash('sha256').update(text).digest()

export const adminSurface: FastifyPluginAsyncTypebox<AdminOptions> = async (app, { state, adminToken }) => {
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
    if (adminToken !== undefined) {
      const expected = digest(`Bearer ${adminToken}`)
      routes.addHook('onRequest', async (request) => {
        if (request.routeOptions.config.public) return
        const given = request.headers.authorization
        if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected))
          throw new OmedaError(401, emulator.adminTokenRequired(), { 'www-authenticate': 'Bearer' })
      })
    }
    healthRoutes(routes)
    routes.get('/openapi.json', { config: { public: true }, schema: { summary: 'This OpenAPI document' } }, async () => app.swagger())
    worldRoutes(routes, state)
    submissionRoutes(routes, state)
    faultRoutes(routes, state)
    clockRoutes(routes, state)
    if (state.metrics) metricsRoutes(routes, state.metrics)
    await eventRoutes(routes, state)
  })
}
