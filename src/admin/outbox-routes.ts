// The sandbox outbox, read from outside: what the real service would have sent, to whom, with what
// subject and content, newest first; filterable and clearable, scoped per world like the journal.
import { Type } from '@sinclair/typebox'
import { OutboxEntry, OutboxFilter } from '../contract/outbox.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Outbox } from '../world/outbox-store.js'
import type { Tenancy } from '../world/tenancy.js'
import type { Worlds } from '../world/worlds.js'
import { optionalScope } from './scope.js'

export function outboxRoutes(
  app: TypedApp, { outbox, tenancy, worlds }: { outbox: Outbox; tenancy: Tenancy; worlds: Worlds }
): void {
  app.get('/outbox', {
    schema: {
      summary: 'The sandbox outbox: every email the real service would have sent, newest first',
      querystring: OutboxFilter,
      response: { 200: Type.Object({ outbox: Type.Array(OutboxEntry) }) },
    },
  }, async (request) => {
    const tenant = optionalScope(tenancy, request)
    // What the clock has made due is sent first, as any read of the world does: moving the clock and
    // reading the outbox shows the send.
    for (const world of tenant === undefined ? tenancy.worldKeys() : [tenant]) worlds.at(world).sendDue()
    return { outbox: outbox.list({ ...request.query, tenant }) }
  })

  app.delete('/outbox', { schema: { summary: 'Empty the outbox' } }, async (request) => {
    outbox.clear(optionalScope(tenancy, request))
    return { cleared: true }
  })
}
