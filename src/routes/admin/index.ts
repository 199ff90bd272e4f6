// The admin surface under /__admin: health, world, journal, faults and clock. When an admin token
// is configured, every call but health and ready must carry it.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { clockRoutes } from './clock.js'
import { faultRoutes } from './faults.js'
import { healthRoutes } from './health.js'
import { journalRoutes } from './journal.js'
import { adminValidatorCompiler } from './validate.js'
import { worldRoutes } from './world.js'

export interface AdminOptions {
  sandbox: Sandbox
  adminToken: string | undefined
  timeZone: string
}

const digest = (text: string) => createHash('sha256').update(text).digest()

export async function adminRoutes(app: FastifyInstance, { sandbox, adminToken, timeZone }: AdminOptions): Promise<void> {
  app.setValidatorCompiler(adminValidatorCompiler)
  app.addHook('onRoute', (route) => {
    const open = (route.config as { public?: boolean } | undefined)?.public === true
    route.schema = { ...route.schema, tags: ['admin'], ...(open ? {} : { security: [{ adminToken: [] }] }) }
  })
  if (adminToken !== undefined) {
    const expected = digest(`Bearer ${adminToken}`)
    app.addHook('onRequest', async (request) => {
      if ((request.routeOptions.config as { public?: boolean }).public) return
      const given = request.headers.authorization
      if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected))
        throw new OmedaError(401, emulator.adminTokenRequired(), { 'www-authenticate': 'Bearer' })
    })
  }
  healthRoutes(app, { sandbox })
  app.get('/openapi.json', { config: { public: true }, schema: { summary: 'This OpenAPI document' } }, async () => app.swagger())
  worldRoutes(app, { sandbox })
  journalRoutes(app, { sandbox })
  faultRoutes(app, { sandbox })
  clockRoutes(app, { sandbox, timeZone })
}
