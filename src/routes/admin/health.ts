// Liveness and readiness, open even when an admin token is set, for container health checks. The
// server listens only once the fixtures are loaded, and a reset is one transaction that no request
// can observe half-done, so an answer at all means ready.
import { Type } from '@sinclair/typebox'
import type { TypedApp } from '../../http/typed-app.js'

const StatusSchema = Type.Object({ status: Type.String() })

export function healthRoutes(app: TypedApp): void {
  app.get('/health', { config: { public: true }, schema: { summary: 'Liveness', response: { 200: StatusSchema } } }, async () => ({ status: 'ok' }))
  app.get('/ready', { config: { public: true }, schema: { summary: 'Readiness: the fixtures are loaded', response: { 200: StatusSchema } } }, async () => ({ status: 'ready' }))
}
