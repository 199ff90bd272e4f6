// Liveness and readiness, open even when an admin token is set, for container health checks. The
// server listens only once the fixtures are loaded, and a reset is one transaction that no request
// can observe half-done; so readiness turns on one thing: whether the database can be written (a
// full disk fails every cancel and every journal batch while the process itself is alive).
import { Type } from '@sinclair/typebox'
import type { Database } from '../db/database.js'
import type { TypedApp } from '../http/typed-app.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

const StatusSchema = Type.Object({ status: Type.String() })

export function healthRoutes(app: TypedApp, db: Database): void {
  app.get(
    '/health',
    { config: { public: true }, schema: { summary: 'Liveness', response: { 200: StatusSchema } } },
    async () => ({ status: 'ok' })
  )
  app.get('/ready', {
    config: { public: true },
    schema: {
      summary: 'Readiness: the fixtures are loaded and the database can be written (503 while writes fail)',
      response: { 200: StatusSchema }
    },
  }, async () => {
    // Writes failed: one probe write, so that freed space is seen without waiting for traffic.
    db.retryWrite()
    if (db.writeFailure !== null) throw new OmedaError(503, emulator.cannotWrite(db.writeFailure))
    return { status: 'ready' }
  })
}
