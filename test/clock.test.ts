// The sandbox clock: Scheduled deployments whose time has passed are sent when read or cancelled;
// the clock moves by date or offset, lives in the database, and reset returns it to real time.
import t from 'tap'
import { join } from 'node:path'
import { admin, build, cancel, errorsOf, lookup } from './helpers.js'
import { vendorDateFormatter } from '../src/clock/vendor-time.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' } // Scheduled 2030-12-01 09:00:00

t.test('moving now past a ScheduledDate sends the deployment, as of its scheduled time', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const clock = await client.setClock({ now: '2031-01-01 00:00:00' })
  t.equal(clock.now.slice(0, 16), '2031-01-01 00:00')
  t.equal(clock.timeZone, 'America/Chicago')
  const res = await cancel(app, body)
  t.equal(res.statusCode, 400)
  t.same(errorsOf(res), ["Deployment 'FOO261124001' was sent on 2030-12-01 09:00:00."])
  t.match(await client.deployment('FOO', 'FOO261124001'), { Status: 'Sent', SentDate: '2030-12-01 09:00:00' })

  const found = await lookup(app, 'FOO261124002', { prefix: 'short' })
  t.match(found.json(), { Status: 'Sent', SentDate: '2030-12-15 10:30:00' }, 'a lookup sends a due deployment too')
  const exported = await client.fixtures()
  t.match(exported.deployments.find((d) => d.TrackId === 'BAR261124001'), { Status: 'Sent', SentDate: '2030-12-02 06:00:00' },
    'so does an export')
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124003' })).statusCode, 200, 'unscheduled ones are not sent')
})

t.test('an offset, the clock read-back, and DELETE back to real time', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const format = vendorDateFormatter('America/Chicago')
  const later = await client.setClock({ offsetSeconds: 3600 })
  t.equal(later.offsetSeconds, 3600)
  t.equal(later.now.slice(0, 13), format(new Date(Date.now() + 3_600_000)).slice(0, 13))
  t.equal((await client.clock()).offsetSeconds, 3600)
  await cancel(app, body)
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.CancelledDate?.slice(0, 13), later.now.slice(0, 13),
    'cancels are stamped with the sandbox time')
  const real = await client.resetClock()
  t.equal(real.offsetSeconds, 0)
  t.equal(real.now.slice(0, 13), format(new Date()).slice(0, 13))
})

t.test('bad clock input is a 400', async (t) => {
  const app = await build(t)
  for (const [payload, message] of [
    [{ now: '2031-02-30 00:00:00' }, "'2031-02-30 00:00:00' is not a real date and time as yyyy-MM-dd HH:mm:ss."],
    [{ now: 'tomorrow' }, "'tomorrow' is not a real date and time as yyyy-MM-dd HH:mm:ss."],
    [{ offsetSeconds: 'soon' }, "body/offsetSeconds: must be a number, but 'soon' was given"],
    [{}, "The clock takes exactly one of 'now' (yyyy-MM-dd HH:mm:ss, in the vendor's zone) or 'offsetSeconds' (a number)."],
    [{ now: '2031-01-01 00:00:00', offsetSeconds: 5 },
      "The clock takes exactly one of 'now' (yyyy-MM-dd HH:mm:ss, in the vendor's zone) or 'offsetSeconds' (a number)."],
    [{ later: 5 }, 'body/later: unknown property (check its spelling)'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/__admin/clock', payload })
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.same(errorsOf(res), [message])
  }
  t.equal((await admin(app).clock()).offsetSeconds, 0)
})

t.test('the clock lives in the database: apps sharing a file agree; reset returns to real time', async (t) => {
  const db = join(t.testdir({}), 'shared.db')
  const one = await build(t, { db })
  const two = await build(t, { db })
  await admin(one).setClock({ now: '2031-01-01 00:00:00' })
  t.equal((await admin(two).clock()).now.slice(0, 10), '2031-01-01', 'the other process sees the moved clock')
  t.equal((await cancel(two, body)).statusCode, 400, 'and applies it')
  await admin(two).reset()
  t.equal((await admin(one).clock()).offsetSeconds, 0)
  t.equal((await cancel(one, body)).statusCode, 200, 'the reset world is back in real time')
})
