// GET /__admin/ui/ — the dashboard: a page, a script and a style sheet, served as they are
// (@fastify/static), with no build step. The page itself is open; every call it makes goes through
// the admin API, so with an admin token set it shows nothing until the token is typed in.
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { DASHBOARD_ROOT, SSE_PARSER_ROOT } from '../../assets.js'

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: DASHBOARD_ROOT, prefix: '/ui/', decorateReply: false })
  await app.register(fastifyStatic, { root: SSE_PARSER_ROOT, prefix: '/ui/vendor/eventsource-parser/', decorateReply: false })
  app.get('/ui', { schema: { hide: true } }, (_request, reply) => reply.redirect('/__admin/ui/'))
}
