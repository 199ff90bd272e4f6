// Fault injection through the admin API: forced statuses, delays, dropped connections and the
// ambiguous "applied, then failed" outcomes, each scoped and counted, each journaled.
import t from 'tap'
import { AdminClient, AdminError } from '../src/client.js'
import { admin, build, cancel, omedaUrl, errorsOf, listening, lookup, post, postJson } from './helpers.js'
import { ENDPOINT_NAMES } from '../src/omeda/endpoints.js'
import { FAULT_ACTIONS } from '../src/contract/faults.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }

t.test('a forced status answers in the vendor shape, for the next N matching calls only', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const fault = await client.fault({ action: 'status', status: 503, times: 2, trackId: 'FOO261124001' })
  t.match(
    fault,
    { id: Number, action: 'status', status: 503, remaining: 2, trackId: 'FOO261124001', brand: null, appScoped: false }
  )
  const other = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124003' })
  t.equal(other.statusCode, 200, 'another TrackId is not affected')
  for (let i = 0; i < 2; i++) {
    const res = await cancel(app, body)
    t.equal(res.statusCode, 503)
    t.same(errorsOf(res), ['Fault injected by the emulator: HTTP 503.'])
    t.equal((await client.submission(res.json().SubmissionId))?.FaultId, fault.id, 'journaled with the fault id')
  }
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'a forced status applies nothing')
  t.equal((await cancel(app, body)).statusCode, 200, 'the third call is real')
  t.same(await client.faults(), [], 'a used-up fault is gone from the list')
})

t.test('custom messages, brand and app-id scopes, and faults until removed', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const byApp = await client.fault({
    action: 'status',
    status: 429,
    errors: ['Too many requests.'],
    appId: 'foo-only-app-id'
  })
  t.equal(byApp.appScoped, true)
  t.notMatch(JSON.stringify(await client.faults()), 'foo-only-app-id', 'the app id is not shown or stored')
  t.equal((await cancel(app, body)).statusCode, 200, 'another app id is not affected')
  for (let i = 0; i < 3; i++) {
    const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' }, { appId: 'foo-only-app-id' })
    t.same([res.statusCode, errorsOf(res)], [429, ['Too many requests.']], 'until removed')
  }
  await client.removeFault(byApp.id)
  t.equal(
    (await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' }, { appId: 'foo-only-app-id' })).statusCode,
    200
  )
  await t.rejects(client.removeFault(byApp.id), { status: 404, errors: [`No fault was found with id ${byApp.id}.`] })

  await client.fault({ action: 'status', brand: 'bar' })
  t.equal(
    (await cancel(app, { UserId: 'barEditor', TrackId: 'BAR261124001' }, { brand: 'BAR' })).statusCode,
    503,
    'default status 503'
  )
  t.equal(
    (await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124003' })).statusCode,
    200,
    'other brands pass'
  )
  await client.clearFaults()
  t.same(await client.faults(), [])
})

t.test('a forced status comes after the app-id check and ' +
  'before body validation; lookups are covered too', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.fault({ action: 'status', status: 500, times: 1 })
  t.equal((await cancel(app, body, { appId: 'no-such-app' })).statusCode, 403, 'a bad app id does not consume it')
  t.equal((await cancel(app, { UserId: 5 })).statusCode, 500, 'an invalid body does')
  await client.fault({ action: 'status', status: 502, times: 1, trackId: 'FOO261118001' })
  const res = await lookup(app, 'FOO261118001', { prefix: 'short' })
  t.equal(res.statusCode, 502)
})

t.test('apply-then-status: the cancel takes effect, the client sees an error', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.fault({ action: 'apply-then-status', times: 1 })
  const res = await cancel(app, body)
  t.equal(res.statusCode, 500)
  t.same(errorsOf(res), ['Fault injected by the emulator: HTTP 500.'])
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled', 'yet the deployment is cancelled')
  const retry = await cancel(app, body)
  t.same(errorsOf(retry), ["Deployment 'FOO261124001' has been previously cancelled."], 'what a retry then meets')
})

t.test('drop and apply-then-drop close the connection without an answer', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  const post = () => postJson(`${url}${omedaUrl('cancel')}`, body)
  await client.fault({ action: 'drop', times: 1 })
  await t.rejects(post(), 'the client sees a network error')
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'a drop applies nothing')
  t.match(
    await client.submissions({ statusCode: 0 }),
    [{ TrackId: 'FOO261124001', ResponseBody: '' }],
    'journaled as status 0'
  )

  await client.fault({ action: 'apply-then-drop', times: 1 })
  await t.rejects(post())
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled', 'apply-then-drop applied the cancel')
  t.equal((await post()).status, 400, 'the server keeps serving')
})

t.test('delays: fixed, and random within a range', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.fault({ action: 'delay', delayMs: 150, times: 1 })
  let started = Date.now()
  t.equal((await cancel(app, body)).statusCode, 200, 'a delay alone still serves the call')
  t.ok(Date.now() - started >= 140, 'it was delayed')
  await client.fault({ action: 'status', status: 504, delayMs: 50, delayMaxMs: 120, times: 1 })
  started = Date.now()
  t.equal((await cancel(app, body)).statusCode, 504)
  t.ok(Date.now() - started >= 45, 'a delay can precede any action')
})

t.test('fault specs are validated', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const attempts: [unknown, RegExp][] = [
    [
      { action: 'explode' },
      new RegExp(`^body/action: must be one of ${FAULT_ACTIONS.map((action) => `'${action}'`).join(', ')}$`)
    ],
    [{ action: 'status', status: 200 }, /^body\/status: /],
    [{ action: 'status', times: 0 }, /^body\/times: /],
    [{ action: 'delay', delayMs: 100, delayMaxMs: 10 }, /^body\/delayMaxMs: must not be less than delayMs \(100\)$/],
    // Faults that would silently do nothing.
    [{ action: 'delay' }, /^This fault needs 'delayMs' \(a 'delay' fault waits that many milliseconds\)\.$/],
    [{ action: 'status', delayMaxMs: 100 }, /^This fault needs 'delayMs' \('delayMaxMs' is the top of a random wait/],
    [{ action: 'drop', times: 'twice' }, /^body\/times: must be a whole number, but 'twice' was given$/],
    [{ action: 'drop', when: 'now' }, /^body\/when: unknown property/],
    [
      { action: 'drop', endpoint: 'Cancel' },
      new RegExp(`^body/endpoint: must be one of ${ENDPOINT_NAMES.map((name) => `'${name}'`).join(', ')}$`)
    ],
  ]
  for (const [spec, message] of attempts) {
    const error = (await client.fault(spec as never).catch((e: unknown) => e)) as AdminError
    t.equal(error.status, 400)
    t.match(error.errors[0], message)
  }
  t.same(await client.faults(), [])
})

t.test('an endpoint scope: the fault applies to that endpoint only, and is shown and journaled with it', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const fault = await client.fault({ action: 'status', status: 502, endpoint: 'schedule', trackId: 'FOO261127005' })
  t.match(fault, { endpoint: 'schedule', trackId: 'FOO261127005', remaining: null })
  t.match(await client.faults(), [{ id: fault.id, endpoint: 'schedule' }])
  t.equal((await lookup(app, 'FOO261127005')).statusCode, 200, 'a lookup of that TrackId is not affected')
  t.equal((await post(app, 'search', { TrackId: 'FOO261127005' })).statusCode, 200, 'nor a search for it')
  const scheduled = await post(
    app,
    'schedule',
    { UserId: 'omailAccount1', TrackId: 'FOO261127005', ScheduledDate: '2031-01-01 00:00' }
  )
  t.same([scheduled.statusCode, errorsOf(scheduled)], [502, ['Fault injected by the emulator: HTTP 502.']])
  t.equal((await client.deployment('FOO', 'FOO261127005'))?.Status, 'New', 'nothing applied')
  t.match(await client.submission(scheduled.json().SubmissionId), { FaultId: fault.id, Endpoint: 'schedule' })
  t.equal(
    (await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261127005' })).statusCode,
    200,
    'a cancel of it is not affected'
  )

  for (const endpoint of ['unschedule', 'sendtest', 'search', 'lookup'] as const) {
    const once = await client.fault({ action: 'apply-then-status', status: 500, endpoint, times: 1 })
    const res = endpoint === 'lookup'
      ? await lookup(app, 'FOO261124002')
      : await post(
        app,
        endpoint,
        endpoint === 'search'
          ? {}
          : {
              UserId: 'omailAccount1',
              TrackId: endpoint === 'sendtest' ? 'FOO261127001' : 'FOO261124002'
            }
      )
    t.equal(res.statusCode, 500, `${endpoint}: apply-then-status`)
    t.match(await client.submission(res.json().SubmissionId), { FaultId: once.id, Endpoint: endpoint })
  }
  t.equal(
    (await client.deployment('FOO', 'FOO261124002'))?.Status,
    'New',
    'the unschedule took effect before the forced 500'
  )
  t.equal((await client.deployment('FOO', 'FOO261127001'))?.TestSent, true, 'so did the test')
})
