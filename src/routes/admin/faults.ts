// Fault injection: scoped by any of brand, TrackId and app id, for the next N matching calls or
// until removed. The app id is kept only as a hash, like everywhere else.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import { appKey, type Sandbox } from '../../sandbox.js'
import { FAULT_ACTIONS, type FaultEffect } from '../omeda/faults.js'
import type { StoredFault } from '../../store.js'

export const FaultSpec = Type.Object({
  brand: Type.Optional(Type.String({ minLength: 1, description: 'only calls to this brand' })),
  trackId: Type.Optional(Type.String({ minLength: 1, description: 'only calls about this TrackId' })),
  appId: Type.Optional(Type.String({ minLength: 1, description: 'only calls with this x-omeda-appid' })),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'how many matching calls; omit for "until removed"' })),
  action: Type.Union(FAULT_ACTIONS.map((a) => Type.Literal(a))),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'for status and apply-then-status' })),
  errors: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'the Error texts of the forced answer' })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000, description: 'wait before acting' })),
  delayMaxMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000, description: 'with delayMs: a random wait in between' })),
}, { additionalProperties: false })
export type FaultSpec = Static<typeof FaultSpec>

export const FaultView = Type.Object({
  id: Type.Integer(),
  brand: Type.Union([Type.String(), Type.Null()]),
  trackId: Type.Union([Type.String(), Type.Null()]),
  appScoped: Type.Boolean(),
  remaining: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  status: Type.Optional(Type.Integer()),
  errors: Type.Optional(Type.Array(Type.String())),
  delayMs: Type.Optional(Type.Integer()),
  delayMaxMs: Type.Optional(Type.Integer()),
  createdAt: Type.String(),
})

const view = (fault: StoredFault) => ({
  id: fault.id, brand: fault.brand, trackId: fault.trackId, appScoped: fault.appKey !== null,
  remaining: fault.remaining, createdAt: fault.createdAt, ...(JSON.parse(fault.spec) as FaultEffect),
})

export function faultRoutes(app: FastifyInstance, { sandbox }: { sandbox: Sandbox }): void {
  const { store } = sandbox

  app.post('/faults', { schema: { summary: 'Register a fault', body: FaultSpec, response: { 201: FaultView } } }, async (request, reply) => {
    const { brand, trackId, appId, times, ...effect } = request.body as FaultSpec
    // A fault that would do nothing is a mistake in the test, not a fault.
    if (effect.action === 'delay' && effect.delayMs === undefined)
      throw new OmedaError(400, emulator.faultNeeds('delayMs', "a 'delay' fault waits that many milliseconds"))
    if (effect.delayMaxMs !== undefined && effect.delayMs === undefined)
      throw new OmedaError(400, emulator.faultNeeds('delayMs', "'delayMaxMs' is the top of a random wait that starts at 'delayMs'"))
    if (effect.delayMaxMs !== undefined && effect.delayMs! > effect.delayMaxMs)
      throw new OmedaError(400, emulator.badRequest('delayMaxMs must not be less than delayMs'))
    const fault = {
      brand: brand ?? null, trackId: trackId ?? null, appKey: appId === undefined ? null : appKey(appId),
      remaining: times ?? null, spec: JSON.stringify(effect), createdAt: new Date().toISOString(),
    }
    reply.code(201)
    return view({ id: store.addFault(fault), ...fault })
  })

  app.get('/faults', { schema: { summary: 'Active faults', response: { 200: Type.Object({ faults: Type.Array(FaultView) }) } } }, async () => ({
    faults: store.listFaults().map(view),
  }))

  app.delete('/faults', { schema: { summary: 'Remove every fault' } }, async () => {
    store.clearFaults()
    return { cleared: true }
  })

  app.delete('/faults/:id', { schema: { summary: 'Remove one fault', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (request) => {
    const { id } = request.params as { id: number }
    if (!store.deleteFault(id)) throw new OmedaError(404, emulator.noSuchFault(id))
    return { removed: id }
  })
}
