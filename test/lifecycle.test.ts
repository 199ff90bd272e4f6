// The lifecycle around cancel: unschedule, schedule and send test. Every message byte for byte,
// each rule with a deployment that breaks only that rule, the order of checks, and no change to
// stored state on any refusal.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { OmedaEndpoint } from '../src/omeda/endpoints.js'
import type { FixtureDeployment } from '../src/seed/format.js'
import { admin, build, errorsOf, GUID, lookup, post } from './helpers.js'

const OWNER = 'omailAccount1'
const MISSING = 'FOO000000000'

/** The stored world, and the lookup (history included) of the deployment a body names. */
async function stored(app: FastifyInstance, body: Record<string, unknown>) {
  const found = typeof body.TrackId === 'string' ? await lookup(app, body.TrackId) : undefined
  const named: unknown = found?.statusCode === 200 ? found.json() : found?.statusCode
  return { world: await admin(app).fixtures(), named }
}

async function expectRefusal(
  t: Test, app: FastifyInstance, endpoint: OmedaEndpoint,
  body: Record<string, unknown>, status: number, errors: string[]
) {
  const before = await stored(app, body)
  const res = await post(app, endpoint, body)
  const label = `${endpoint} ${JSON.stringify(body)}`
  t.equal(res.statusCode, status, label)
  t.equal(res.headers['content-type'], 'application/json', label)
  t.same(errorsOf(res), errors, label)
  t.match(res.json(), { SubmissionId: GUID }, label)
  t.same(await stored(app, body), before, `${label}: nothing stored changed, history included`)
}

const sentOn = (trackId: string, date: string) => `Deployment '${trackId}' was sent on ${date}.`
const cancelledBefore = (trackId: string) => `Deployment '${trackId}' has been previously cancelled.`
const notFound = `No deployment was found matching trackId '${MISSING}'.`
const createdInPortal = "Deployment 'FOO261127003'  was created within the " +
  'Omail portal and is not eligible for API access.'
const editedInPortal = "Deployment 'FOO261127004' has been edited from the " +
  'Omail portal and is not eligible for API access. ' +
  'Last edited by portalEditor on 2026-11-27 15:42:10.'
const cannotBeEdited = (trackId: string) =>
  `Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.`

t.test('unschedule: each documented refusal, byte for byte', async (t) => {
  const app = await build(t)
  const cases: [Record<string, unknown>, number, string[]][] = [
    [{ UserId: OWNER, TrackId: MISSING }, 404, [notFound]],
    [
      { UserId: 'OmailAccount1', TrackId: 'FOO261124005' },
      403,
      ["User 'omailaccount1' is not authorized to unchedule this deployment."]
    ],
    [{ UserId: OWNER, TrackId: 'FOO261118001' }, 400, [sentOn('FOO261118001', '2026-11-18 08:00:00')]],
    [{ UserId: OWNER, TrackId: 'FOO261125001' }, 400, [sentOn('FOO261125001', '2026-11-25 14:00:00')]],
    [{ UserId: OWNER, TrackId: 'FOO261110001' }, 400, [cancelledBefore('FOO261110001')]],
    [{ UserId: OWNER, TrackId: 'FOO261124003' }, 400, ["Deployment 'FOO261124003' is not currently scheduled."]],
    [{ UserId: OWNER, TrackId: 'FOO261124004' }, 400, ["Deployment 'FOO261124004' is not currently scheduled."]],
    [{}, 400, ["The field 'UserId' is required.", "The field 'TrackId' is required."]],
    [{ UserId: 'u'.repeat(101), TrackId: 'T'.repeat(51) }, 400, [
      `The value '${'u'.repeat(101)}' for field 'UserId' exceeded a max length of 100.`,
      `The value '${'T'.repeat(51)}' for field 'TrackId' exceeded a max length of 50.`]],
  ]
  for (const [body, status, errors] of cases) await expectRefusal(t, app, 'unschedule', body, status, errors)
})

t.test('unschedule: back to New, editable, still tested, with no ScheduledDate or ApprovalDate', async (t) => {
  const app = await build(t)
  const res = await post(app, 'unschedule', { UserId: ' qaLead ', TrackId: 'foo261124001' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    ResponseInfo: [{
      TrackId: 'FOO261124001',
      Url: /\/webservices\/rest\/brand\/FOO\/omail\/deployment\/lookup\/FOO261124001\/\*$/,
      SubmissionId: GUID
    }],
    SubmissionId: GUID,
  })
  const stored = await admin(app).deployment('FOO', 'FOO261124001')
  t.match(stored, { Status: 'New', ScheduledDate: null, ApprovalDate: null, TestSent: true })
  const history = (await lookup(app, 'FOO261124001')).json().ModificationHistory as {
    ChangeDescription: string
    ChangedBy: string
  }[]
  t.match(history.at(-1), { ChangeDescription: 'Deployment unscheduled', ChangedBy: 'qaLead' })
  t.equal(
    (await post(app, 'sendtest', { UserId: OWNER, TrackId: 'FOO261124001' })).statusCode,
    200,
    'editable again: a test can be sent'
  )
})

t.test('schedule: each documented refusal, byte for byte', async (t) => {
  const app = await build(t)
  const at = (TrackId: string, UserId = OWNER, ScheduledDate = '2031-01-05 09:30') => ({
    UserId,
    TrackId,
    ScheduledDate
  })
  const cases: [Record<string, unknown>, number, string[]][] = [
    [at(MISSING), 404, [notFound]],
    [
      at('FOO261127006', 'OmailAccount1'),
      403,
      ["UserId 'OmailAccount1' is not authorized to schedule deployment 'FOO261127006'."]
    ],
    [at('FOO261127003'), 400, [createdInPortal]],
    [at('FOO261127004'), 400, [editedInPortal]],
    [at('FOO261118001'), 400, [sentOn('FOO261118001', '2026-11-18 08:00:00')]],
    [at('FOO261110001'), 400, [cancelledBefore('FOO261110001')]],
    [at('FOO261124001'), 400, ["Deployment 'FOO261124001' is currently scheduled for 2030-12-01 09:00:00. " +
      'You must first unschedule the deployment if you wish to re-schedule.']],
    [at('FOO261127002'), 400, ['There are no recipients specified for this deployment.']],
    [at('FOO261127001'), 400, ["A test deployment must be sent before deployment 'FOO261127001' can be scheduled."]],
    [at('FOO261127005', OWNER, '2020-01-01 00:00'), 400, ['The scheduled date must be in the future.']],
    [
      at('FOO261127005', OWNER, 'tomorrow'),
      400,
      ["The value 'tomorrow' for field 'ScheduledDate' is not a date and time as yyyy-MM-dd HH:mm, or [NOW]."]
    ],
    [
      at('FOO261127005', OWNER, '2031-02-30 10:00'),
      400,
      ["The value '2031-02-30 10:00' for field 'ScheduledDate' is not a date and time as yyyy-MM-dd HH:mm, or [NOW]."]
    ],
    [
      at('FOO261127005', OWNER, '2031-01-05 09:30:00'),
      400,
      ["The value '2031-01-05 09:30:00' for field 'ScheduledDate' " +
        'is not a date and time as yyyy-MM-dd HH:mm, or [NOW].']
    ],
    [
      { UserId: OWNER, TrackId: 'FOO261127005', ScheduledDate: 20310105 },
      400,
      ["The field 'ScheduledDate' must be a string, but a number was given."]
    ],
    [
      {},
      400,
      ["The field 'UserId' is required.", "The field 'TrackId' is required.", "The field 'ScheduledDate' is required."]
    ],
  ]
  for (const [body, status, errors] of cases) await expectRefusal(t, app, 'schedule', body, status, errors)
})

t.test('send test: each documented refusal, byte for byte', async (t) => {
  const app = await build(t)
  const as = (TrackId: string, UserId = OWNER) => ({ UserId, TrackId })
  const cases: [Record<string, unknown>, number, string[]][] = [
    [as(MISSING), 404, [notFound]],
    [
      as('FOO261127006', 'OmailAccount1'),
      403,
      ["UserId 'OmailAccount1' is not authorized to edit deployment 'FOO261127006'"]
    ],
    [as('FOO261127003'), 400, [createdInPortal]],
    [as('FOO261127004'), 400, [editedInPortal]],
    ...['FOO261118001', 'FOO261125001', 'FOO261124001', 'FOO261124004', 'FOO261110001']
      .map((id): [Record<string, unknown>, number, string[]] => [as(id), 400, [cannotBeEdited(id)]]),
    [as('FOO261124003'), 400, ['There is no final approver assigned to this deployment.']],
    [{ UserId: 7, TrackId: ['FOO261127001'] }, 400, ["The field 'UserId' must be a string, but a number was given.",
      "The field 'TrackId' must be a string, but an array was given."]],
  ]
  for (const [body, status, errors] of cases) await expectRefusal(t, app, 'sendtest', body, status, errors)
})

t.test('send test, then schedule: tested, Scheduled, approved now, and history says who', async (t) => {
  const app = await build(t)
  await admin(app).setClock({ now: '2026-12-10 12:00:00' })
  const tested = await post(app, 'sendtest', { UserId: 'QALEAD', TrackId: 'FOO261127001' })
  t.equal(tested.statusCode, 200)
  t.match(tested.json(), { ResponseInfo: [{ TrackId: 'FOO261127001', SubmissionId: tested.json().SubmissionId }] })
  t.equal((await admin(app).deployment('FOO', 'FOO261127001'))?.TestSent, true)
  const scheduled = await post(
    app,
    'schedule',
    { UserId: OWNER, TrackId: 'FOO261127001', ScheduledDate: '2026-12-24 06:15' }
  )
  t.equal(scheduled.statusCode, 200)
  const view = (await lookup(app, 'FOO261127001')).json()
  t.match(
    view,
    {
      Status: 'Scheduled',
      ScheduledDate: '2026-12-24 06:15:00',
      ApprovalDate: /^2026-12-10 12:00:\d\d$/,
      RecipientCount: 1200
    }
  )
  t.match(view.ModificationHistory, [
    { ChangeDescription: 'Deployment created', ChangedBy: OWNER, ChangedDate: '2026-11-27 09:05:00' },
    { ChangeDescription: 'Test sent', ChangedBy: 'QALEAD', ChangedDate: /^2026-12-10 12:00/ },
    { ChangeDescription: 'Deployment scheduled', ChangedBy: OWNER, ChangedDate: /^2026-12-10 12:00/ },
  ])
})

t.test('the time zone: with the clock at 12:00 Omeda time, ' +
  'that minute and earlier are past, 12:30 is future', async (t) => {
  for (const timezone of ['America/Chicago', 'Asia/Kolkata']) {
    const app = await build(t, { timezone })
    await admin(app).setClock({ now: '2026-12-10 12:00:00' })
    const schedule = (ScheduledDate: string) => post(
      app,
      'schedule',
      { UserId: OWNER, TrackId: 'FOO261127005', ScheduledDate }
    )
    for (const past of ['2026-12-10 11:59', '2026-12-10 12:00']) {
      const res = await schedule(past)
      t.equal(res.statusCode, 400, `${timezone} ${past}`)
      t.same(errorsOf(res), ['The scheduled date must be in the future.'])
    }
    const future = await schedule('2026-12-10 12:30')
    t.equal(future.statusCode, 200, `${timezone} 12:30`)
    t.match((await lookup(app, 'FOO261127005')).json(), { Status: 'Scheduled', ScheduledDate: '2026-12-10 12:30:00' })
    await admin(app).setClock({ now: '2026-12-10 12:30:00' })
    t.match(
      (await lookup(app, 'FOO261127005')).json(),
      { Status: 'Sent', SentDate: '2026-12-10 12:30:00' },
      'the clock sends it when due'
    )
  }
})

t.test('the clock set from a real instant: 18:00Z is 12:00 in Chicago and 23:30 in Kolkata', async (t) => {
  const instant = Date.UTC(2026, 11, 10, 18, 0, 0)
  const cases = [
    ['America/Chicago', ['2026-12-10 11:59', '2026-12-10 12:00'], '2026-12-10 12:30'],
    ['Asia/Kolkata', ['2026-12-10 12:30', '2026-12-10 23:30'], '2026-12-10 23:45'],
  ] as const
  for (const [timezone, past, future] of cases) {
    const app = await build(t, { timezone })
    await admin(app).setClock({ offsetSeconds: (instant - Date.now()) / 1000 })
    const schedule = (ScheduledDate: string) => post(
      app,
      'schedule',
      { UserId: OWNER, TrackId: 'FOO261127005', ScheduledDate }
    )
    for (const date of past) {
      t.same(
        errorsOf(await schedule(date)),
        ['The scheduled date must be in the future.'],
      `${timezone}: ${date} is past`
      )
    }
    t.equal((await schedule(future)).statusCode, 200, `${timezone}: ${future} is future`)
  }
})

t.test('[NOW] schedules at the current time: never "in the past", and sent at once', async (t) => {
  const app = await build(t)
  await admin(app).setClock({ now: '2026-12-10 12:00:59' })
  const res = await post(app, 'schedule', { UserId: 'qaLead', TrackId: 'FOO261127005', ScheduledDate: '[NOW]' })
  t.equal(res.statusCode, 200)
  const view = (await lookup(app, 'FOO261127005')).json()
  t.match(
    view,
    { Status: 'Sent', ScheduledDate: /^2026-12-10 12:0[01]:\d\d$/, ApprovalDate: /^2026-12-10 12:0[01]:\d\d$/ }
  )
  t.equal(view.SentDate, view.ScheduledDate)
})

t.test('who may act: owner, final approver and authorized accounts, ignoring case; no one else', async (t) => {
  const app = await build(t)
  const seeded: FixtureDeployment = {
    Brand: 'FOO', TrackId: 'FOO261201010', OwnerUserId: 'owner1', FinalApproverUserId: 'approver1',
    AuthorizedUserIds: ['helper1'],
    Status: 'New', TestSent: false,
  }
  await admin(app).seed({ deployments: [seeded] })
  const id = seeded.TrackId
  t.same(
    errorsOf(await post(app, 'sendtest', { UserId: 'stranger', TrackId: id })),
    [`UserId 'stranger' is not authorized to edit deployment '${id}'`]
  )
  t.equal((await post(app, 'sendtest', { UserId: 'HELPER1', TrackId: id })).statusCode, 200, 'an authorized account')
  t.equal(
    (await post(app, 'schedule', { UserId: 'Approver1', TrackId: id, ScheduledDate: '2031-01-01 00:00' })).statusCode,
    200,
    'the final approver'
  )
  t.equal((await post(app, 'unschedule', { UserId: 'approver1', TrackId: id })).statusCode, 200, 'the final approver')
  t.equal(
    (await post(app, 'cancel', { UserId: 'approver1', TrackId: id })).statusCode,
    200,
    'the final approver may cancel too'
  )
})

t.test('the order of checks: a deployment that breaks two rules gets the earlier one', async (t) => {
  const app = await build(t)
  const base = {
    Brand: 'FOO',
    OwnerUserId: OWNER,
    FinalApproverUserId: 'qaLead',
    Status: 'New' as const,
    TestSent: true
  }
  const deployments: FixtureDeployment[] = [
    { ...base, TrackId: 'ORDER1', CreatedInPortal: true, Status: 'Cancelled' },
    {
      ...base,
      TrackId: 'ORDER2',
      EditedInPortalBy: 'x',
      EditedInPortalDate: '2026-11-01 00:00:00',
      Status: 'Sent',
      SentDate: '2026-11-02 00:00:00'
    },
    { ...base, TrackId: 'ORDER3', Status: 'Scheduled', ScheduledDate: '2031-01-01 00:00:00', RecipientCount: 0 },
    { ...base, TrackId: 'ORDER4', RecipientCount: 0, TestSent: false },
    { ...base, TrackId: 'ORDER5', TestSent: false },
    {
      ...base,
      TrackId: 'ORDER6',
      CreatedInPortal: true,
      EditedInPortalBy: 'x',
      EditedInPortalDate: '2026-11-01 00:00:00'
    },
    { ...base, TrackId: 'ORDER7', Status: 'Approved', FinalApproverUserId: null },
  ]
  await admin(app).seed({ deployments })
  const schedule = (TrackId: string, UserId = OWNER, ScheduledDate = '2020-01-01 00:00') =>
    post(app, 'schedule', { UserId, TrackId, ScheduledDate })
  t.same(
    errorsOf(await schedule('ORDER1')),
    ["Deployment 'ORDER1'  was created within the Omail portal and is not eligible for API access."],
    'portal before cancelled'
  )
  t.same(
    errorsOf(await schedule('ORDER2')),
    ["Deployment 'ORDER2' has been edited from the Omail portal and is " +
      'not eligible for API access. Last edited by x on 2026-11-01 00:00:00.'],
    'portal before sent'
  )
  t.match(
    errorsOf(await schedule('ORDER3')),
    [/is currently scheduled for 2031-01-01 00:00:00/],
    'scheduled before recipients'
  )
  t.same(
    errorsOf(await schedule('ORDER4')),
    ['There are no recipients specified for this deployment.'],
    'recipients before test'
  )
  t.same(
    errorsOf(await schedule('ORDER5')),
    ["A test deployment must be sent before deployment 'ORDER5' can be scheduled."],
    'test before date'
  )
  t.match(errorsOf(await schedule('ORDER6')), [/was created within/], 'created before edited')
  t.equal((await schedule('ORDER1', 'stranger')).statusCode, 403, 'not authorized before portal')
  t.equal((await schedule('NOSUCH', 'stranger', 'soon')).statusCode, 400, 'the body before not found')
  t.equal((await schedule('NOSUCH', 'stranger')).statusCode, 404, 'not found before not authorized')
  t.same(
    errorsOf(await post(app, 'sendtest', { UserId: OWNER, TrackId: 'ORDER7' })),
    [cannotBeEdited('ORDER7')],
    'state before final approver'
  )
  t.same(
    errorsOf(await post(app, 'unschedule', { UserId: OWNER, TrackId: 'ORDER1' })),
    [cancelledBefore('ORDER1')],
    'unschedule does not check the portal'
  )
})

t.test('the app id is checked first on every new endpoint, per brand', async (t) => {
  const app = await build(t)
  for (const endpoint of ['unschedule', 'schedule', 'sendtest', 'search'] as const) {
    for (const [appId, brand] of [[null, 'FOO'], ['nope', 'FOO'], ['foo-only-app-id', 'BAR']] as const) {
      const res = await post(app, endpoint, '{not json', { appId, brand })
      t.equal(res.statusCode, 403, `${endpoint} ${appId} ${brand}`)
      t.same(errorsOf(res), ['The AppId submitted is forbidden access.'])
    }
    const wrong = await app.inject({ method: 'GET', url: `/FOO/omail/deployment/${endpoint}/*` })
    t.equal(wrong.statusCode, 405, `${endpoint} GET`)
    t.equal(wrong.headers.allow, 'POST')
  }
})
