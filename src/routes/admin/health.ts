// Liveness and readiness, open even when an admin token is set, for container health checks.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'

const StatusSchema = Type.Object({ status: Type.String() })

export function healthRoutes(app: FastifyInstance, { sandbox }: { sandbox: Sandbox }): void {
  app.get('/health', { config: { public: true }, schema: { summary: 'Liveness', response: { 200: StatusSchema } } }, async () => ({ status: 'ok' }))
  app.get('/ready', { config: { public: true }, schema: { summary: 'Readiness: 503 while a reset is under way', response: { 200: StatusSchema } } }, async () => {
    if (sandbox.resetting) throw new OmedaError(503, emulator.notReady())
    return { status: 'ready' }
  })
}
