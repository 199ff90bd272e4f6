// The sandbox outbox, read from outside: what the real service would have sent, to whom, with what
// subject and content, newest first; filterable and clearable, scoped per world like the journal.
import { Type } from '@sinclair/typebox'
import { OutboxEntry, OutboxFilter } from '../contract/outbox.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Outbox } from '../world/outbox-store.js'
import type { Tenancy } from '../world/tenancy.js'
import { optionalScope } from './scope.js'

export function outboxRoutes(app: TypedApp, { outbox, tenancy }: { outbox: Outbox; tenancy: Tenancy }): void {
  app.get('/outbox', {
    schema: {
      summary: 'The sandbox outbox: every email the real service would have sent, newest first',
      querystring: OutboxFilter,
      response: { 200: Type.Object({ outbox: Type.Array(OutboxEntry) }) },
    },
  }, async (request) => ({ outbox: outbox.list({ ...request.query, tenant: optionalScope(tenancy, request) }) }))

  app.delete('/outbox', { schema: { summary: 'Empty the outbox' } }, async (request) => {
    outbox.clear(optionalScope(tenancy, request))
    return { cleared: true }
  })
}
