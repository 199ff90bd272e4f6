// Fault injection: scoped by any of brand, TrackId and app id, for the next N matching calls or
// until removed. The app id is kept only as a hash, like everywhere else.
import { Type } from '@sinclair/typebox'
import { Fault, FaultSpec } from '../contract/admin.js'
import type { EventHub } from '../sandbox/event-hub.js'
import type { Faults } from '../sandbox/fault-store.js'
import { faultProblems, problemText } from '../sandbox/fault-rules.js'
import type { TypedApp } from '../http/typed-app.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

export function faultRoutes(app: TypedApp, { faults, events }: { faults: Faults; events: EventHub }): void {
  app.post('/faults', { schema: {
    summary: 'Register a fault',
    body: FaultSpec,
    response: { 201: Fault }
  } }, async (request, reply) => {
    const problems = faultProblems(request.body)
    if (problems.length > 0) throw new OmedaError(400, problems.map((problem) => problemText('body', problem)))
    const fault = faults.add(request.body)
    events.publish({ tenant: undefined, event: { type: 'fault-added', fault } })
    reply.code(201)
    return fault
  })

  app.get('/faults', { schema: {
    summary: 'Active faults',
    response: { 200: Type.Object({ faults: Type.Array(Fault) }) }
  } }, async () => ({
    faults: faults.list(),
  }))

  app.delete('/faults', { schema: { summary: 'Remove every fault' } }, async () => {
    faults.clear()
    events.publish({ tenant: undefined, event: { type: 'fault-removed', id: null } })
    return { cleared: true }
  })

  app.delete('/faults/:id', { schema: {
    summary: 'Remove one fault',
    params: Type.Object({ id: Type.Integer({ minimum: 1 }) })
  } }, async (request) => {
    const { id } = request.params
    if (!faults.remove(id)) throw new OmedaError(404, emulator.noSuchFault(id))
    events.publish({ tenant: undefined, event: { type: 'fault-removed', id } })
    return { removed: id }
  })
}
