// The sandbox's now, per world, from outside: read it, move it to a date or by an offset, or return
// to real time.
import { Clock, ClockInput } from '../contract/admin.js'
import type { SandboxClock } from '../clock/sandbox-clock.js'
import type { EventHub } from '../sandbox/event-hub.js'
import type { TypedApp } from '../http/typed-app.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Tenancy } from '../world/tenancy.js'
import { worldScope } from './scope.js'

export function clockRoutes(
  app: TypedApp,
  { clock, tenancy, events }: { clock: SandboxClock; tenancy: Tenancy; events: EventHub }
): void {
  const show = (tenant: string): Clock => ({
    now: clock.nowText(tenant), offsetSeconds: clock.offsetMs(tenant) / 1000, timeZone: clock.timeZone,
  })
  /** The clock after a change, told to the event stream too. */
  const changed = (tenant: string): Clock => {
    const shown = show(tenant)
    events.publish({ tenant, event: { type: 'clock', clock: shown } })
    return shown
  }

  app.get(
    '/clock',
    { schema: { summary: "The sandbox's now", response: { 200: Clock } } },
    async (request) => show(worldScope(tenancy, request))
  )

  app.post('/clock', { schema: {
    summary: 'Move now to a date, or by an offset',
    body: ClockInput,
    response: { 200: Clock }
  } }, async (request) => {
    const tenant = worldScope(tenancy, request)
    const { now, offsetSeconds } = request.body
    if (now !== undefined && offsetSeconds === undefined) {
      clock.setNow(tenant, now)
    } else if (offsetSeconds !== undefined && now === undefined) {
      clock.setOffsetSeconds(tenant, offsetSeconds)
    } else {
      throw new OmedaError(400, emulator.clockInput())
    }
    return changed(tenant)
  })

  app.delete('/clock', { schema: { summary: 'Back to real time', response: { 200: Clock } } }, async (request) => {
    const tenant = worldScope(tenancy, request)
    clock.clear(tenant)
    return changed(tenant)
  })
}
