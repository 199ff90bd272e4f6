// The sandbox clock: Scheduled deployments whose time has passed are sent when read or cancelled;
// the clock moves by date or offset, lives in the database, and reset returns it to real time.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { admin, build, cancel, errorsOf, lookup, post } from './helpers.js'
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
  t.match(exported.deployments.find((d) => d.TrackId === 'BAR261124001'), {
    Status: 'Sent',
    SentDate: '2030-12-02 06:00:00'
  },
  'so does an export')
  t.equal(
    (await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124003' })).statusCode,
    200,
    'unscheduled ones are not sent'
  )
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
    [
      {},
      "The clock takes exactly one of 'now' (yyyy-MM-dd HH:mm:ss, in the vendor's zone) or 'offsetSeconds' (a number)."
    ],
    [{ now: '2031-01-01 00:00:00', offsetSeconds: 5 },
      "The clock takes exactly one of 'now' (yyyy-MM-dd HH:mm:ss, " +
        "in the vendor's zone) or 'offsetSeconds' (a number)."],
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

const CHICAGO = 'America/Chicago'
const RANGE = (asked: string) =>
  'The sandbox clock stays between 1970-01-01 00:00:00 and ' +
    `9999-12-31 23:59:59 (${CHICAGO}); ${asked} is outside that range.`

/** Every kind of read a client or the dashboard makes answers, not 500. */
async function everythingAnswers(t: Test, app: FastifyInstance, what: string) {
  for (const res of [
    await lookup(app, 'FOO261124001'), await post(app, 'search', {}), await cancel(
      app,
      { UserId: 'omailAccount1', TrackId: 'FOO999' }
    ),
    await app.inject({ method: 'GET', url: '/__admin/clock' }), await app.inject({
      method: 'GET',
      url: '/__admin/fixtures'
    }),
  ]) t.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 80)}`)
}

t.test('a clock outside its range is refused, nothing is stored, and every later request still answers', async (t) => {
  const app = await build(t)
  for (const [payload, message] of [
    ['{"offsetSeconds":1e13}', RANGE('an offset of 10000000000000 seconds')],
    ['{"offsetSeconds":8.64e12}', RANGE('an offset of 8640000000000 seconds')],
    ['{"offsetSeconds":-99999999999999}', RANGE('an offset of -99999999999999 seconds')],
    ['{"offsetSeconds":1e400}', 'body/offsetSeconds: must be a number, but Infinity was given'],
    ['{"now":"1969-12-31 23:59:59"}', RANGE("'1969-12-31 23:59:59'")],
    ['{"now":"0030-07-15 00:00:00"}', RANGE("'0030-07-15 00:00:00'")],
    ['{"now":"29663-03-11 00:00:00"}', "'29663-03-11 00:00:00' is not a real date and time as yyyy-MM-dd HH:mm:ss."],
  ] as const) {
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/clock',
      headers: { 'content-type': 'application/json' },
      payload
    })
    t.equal(res.statusCode, 400, payload)
    t.same(errorsOf(res), [message])
    t.equal((await admin(app).clock()).offsetSeconds, 0, 'nothing stored')
  }
  await everythingAnswers(t, app, 'after refusals')
})

t.test('both edges of the range: dates keep four-digit years and compare correctly', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const first = await client.setClock({ now: '1970-01-01 00:00:00' })
  t.equal(first.now.slice(0, 16), '1970-01-01 00:00')
  t.match(
    await client.deployment('FOO', 'FOO261124001'),
    { Status: 'Scheduled' },
    'a clock in the past sends nothing scheduled later'
  )
  t.equal((await cancel(app, body)).statusCode, 200)
  await everythingAnswers(t, app, 'at the earliest')

  await client.reset()
  const last = await client.setClock({ now: '9999-12-31 23:59:59' })
  t.equal(last.now, '9999-12-31 23:59:59')
  // Real time running on past the end, without waiting for it: the emulator reads Date.now().
  const realNow = Date.now
  Date.now = () => realNow() + 1100
  try {
    t.equal((await client.clock()).now, '9999-12-31 23:59:59', 'real time running on past the end stops at it')
    t.match(await client.deployment('FOO', 'FOO261124001'), { Status: 'Sent', SentDate: '2030-12-01 09:00:00' })
  } finally {
    Date.now = realNow
  }
  await everythingAnswers(t, app, 'at the latest')

  // By offset: a second inside each edge is taken, a second beyond is not.
  const earliest = Date.parse('1970-01-01T06:00:00Z')
  const inside = Math.ceil((earliest - Date.now()) / 1000) + 5
  t.equal((await client.setClock({ offsetSeconds: inside })).now.slice(0, 10), '1970-01-01')
  const beyond = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { offsetSeconds: inside - 10 } })
  t.equal(beyond.statusCode, 400)
  t.equal((await client.clock()).offsetSeconds, inside, 'the refused offset left the clock as it was')
})

t.test('daylight saving time: a skipped time is refused, a repeated one is its first pass', async (t) => {
  const app = await build(t)
  const skipped = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { now: '2027-03-14 02:30:00' } })
  t.equal(skipped.statusCode, 400)
  t.same(
    errorsOf(skipped),
    [`'2027-03-14 02:30:00' does not exist in ${CHICAGO}: the clocks skip it when daylight saving time begins.`]
  )
  const repeated = await admin(app).setClock({ now: '2026-11-01 01:30:00' })
  t.equal(repeated.now.slice(0, 16), '2026-11-01 01:30')
  // 01:30 CDT is 06:30 UTC; the second 01:30 (CST) would be an hour later.
  t.ok(
    Math.abs(Date.now() + repeated.offsetSeconds * 1000 - Date.parse('2026-11-01T06:30:00Z')) < 5000,
    'the earlier instant'
  )
  const after = await admin(app).setClock({ now: '2027-03-14 03:00:00' })
  t.equal(after.now.slice(0, 16), '2027-03-14 03:00', 'the first time after the gap')
  const london = await build(t, { timezone: 'Europe/London' })
  t.equal((await admin(london).setClock({ now: '2026-10-25 01:30:00' })).now.slice(0, 16), '2026-10-25 01:30')
  t.equal(
    (await london.inject({
      method: 'POST',
      url: '/__admin/clock',
      payload: { now: '2026-03-29 01:30:00' }
    })).statusCode,
    400
  )
})

t.test('an offset out of range already in a database file ' +
  '(an older version wrote it) is held to the range', async (t) => {
  const db = join(t.testdir({}), 'old.db')
  await (await build(t, { db })).close()
  const file = new Database(db)
  file.prepare("INSERT OR REPLACE INTO clocks (tenant, offset_ms) VALUES ('', 1e16)").run()
  file.close()
  const app = await build(t, { db })
  await everythingAnswers(t, app, 'with a stored offset of 1e16 ms')
  t.equal((await admin(app).clock()).now, '9999-12-31 23:59:59')
  t.equal((await admin(app).resetClock()).offsetSeconds, 0)
})
