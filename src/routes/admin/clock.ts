// The emulator's notion of now, per world, kept in the database so processes sharing a file agree.
// Moving it lets QA reach "already sent" without waiting.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { isValidVendorDate } from '../../time.js'
import { worldScope } from './scope.js'

const ClockInput = Type.Object({
  now: Type.Optional(Type.String({ description: "yyyy-MM-dd HH:mm:ss in the vendor's zone" })),
  offsetSeconds: Type.Optional(Type.Number({ description: 'seconds ahead of (or, negative, behind) real time' })),
}, { additionalProperties: false, description: 'exactly one of now and offsetSeconds' })
const ClockView = Type.Object({ now: Type.String(), offsetSeconds: Type.Number(), timeZone: Type.String() })

export function clockRoutes(app: FastifyInstance, { sandbox, timeZone }: { sandbox: Sandbox; timeZone: string }): void {
  const { store } = sandbox
  const show = (tenant: string) => ({
    now: sandbox.nowText(tenant), offsetSeconds: store.clockOffsetMs(tenant) / 1000, timeZone,
  })

  app.get('/clock', { schema: { summary: "The sandbox's now", response: { 200: ClockView } } }, async (request) => show(worldScope(sandbox, request)))

  app.post('/clock', { schema: { summary: 'Move now to a date, or by an offset', body: ClockInput, response: { 200: ClockView } } }, async (request) => {
    const tenant = worldScope(sandbox, request)
    const { now, offsetSeconds } = request.body as Static<typeof ClockInput>
    if ((now === undefined) === (offsetSeconds === undefined)) throw new OmedaError(400, emulator.clockInput())
    if (now !== undefined) {
      if (!isValidVendorDate(now)) throw new OmedaError(400, emulator.invalidClock(now))
      store.setClockOffset(tenant, sandbox.parseDate(now).getTime() - Date.now())
    } else {
      store.setClockOffset(tenant, Math.round(offsetSeconds! * 1000))
    }
    return show(tenant)
  })

  app.delete('/clock', { schema: { summary: 'Back to real time', response: { 200: ClockView } } }, async (request) => {
    const tenant = worldScope(sandbox, request)
    store.clearClock(tenant)
    return show(tenant)
  })
}
