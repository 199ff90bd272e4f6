// Audience add (POST …/omail/deployment/audience/add/*): each of the page's messages, byte for byte,
// from a state that breaks only its rule; the body's rules; the order of checks; the single and the
// multi answer; both URL forms; isolation. Nothing stored changes on a refusal.
import t from 'tap'
import { join } from 'node:path'
import { admin, build, errorsOf, GUID, lookup } from './helpers.js'
import { created } from './deployment-requests.js'
import {
  addAudience, added, clockAt, LOAD, NOW, overDates, refusedWith, single, stamped, statusOf, SUBSCRIBERS, TRACK,
  USER,
} from './audience-requests.js'

const R = String.raw

t.test('the single form: a flat answer, ListId a string, the status Url; both URL forms', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  for (const [i, prefix] of (['vendor', 'short'] as const).entries()) {
    const trackId = ['FOO261127001', 'FOO261127002'][i]!
    const res = await addAudience(app, single({ TrackId: trackId }), { prefix })
    t.equal(res.statusCode, 200, `${prefix} form`)
    t.equal(res.headers['content-type'], 'application/json')
    const body = res.json() as Record<string, unknown>
    t.same(Object.keys(body), ['TrackId', 'ListId', 'Url', 'SubmissionId'], 'the page\'s keys, in its order')
    t.equal(body.TrackId, trackId)
    t.equal(typeof body.ListId, 'string', 'ListId is a string, as the page shows')
    t.equal(body.ListId, String(1000001 + i), 'ListIds count on from 1000001')
    t.equal(body.Url, `http://localhost:80/webservices/rest/brand/FOO/omail/deployment/audience/status/${body.ListId}/*`)
    t.match(body.SubmissionId, GUID)
    const journaled = await admin(app).submission(String(body.SubmissionId))
    t.match(journaled, { Endpoint: 'audienceAdd', StatusCode: 200, TrackId: trackId, UserId: USER })
  }
  const status = await statusOf(app, 1000002, { prefix: 'short' })
  t.match(status, { ListId: 1000002, TrackId: 'FOO261127002', RecipientList: SUBSCRIBERS, SplitNumber: 1 })
})

t.test('the multi form: ResponseInfo with a ListId and Url per entry; ListNumber appends to a split', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const res = await addAudience(app, {
    UserId: USER, TrackId: TRACK, Audience: [
      { RecipientList: SUBSCRIBERS, SplitNumber: 1 },
      { QueryName: 'Active subscribers', OutputCriteria: 'Anything', SplitNumber: 1, ListNumber: 1 },
      { OmailOutput: 'weekly-output.csv', SplitNumber: 1, ListNumber: 2 },
    ],
  })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json() as { TrackId: string; SubmissionId: string; ResponseInfo: Record<string, unknown>[] }
  t.same(Object.keys(body).sort(), ['ResponseInfo', 'SubmissionId', 'TrackId'])
  t.equal(body.TrackId, TRACK)
  t.match(body.SubmissionId, GUID)
  t.same(body.ResponseInfo, [1000001, 1000002, 1000003].map((id) => ({
    ListId: String(id), Url: `http://localhost:80/webservices/rest/brand/FOO/omail/deployment/audience/status/${id}/*`,
  })))
  t.match(await statusOf(app, 1000002), { QueryName: 'Active subscribers', SplitNumber: 1 })
  t.match(await statusOf(app, 1000003), { OmailOutput: 'weekly-output.csv', SplitNumber: 1 })
})

t.test('required fields in the page\'s words, one list name, 0/1 values, splits from 1, callback URLs', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const required = (field: string) => `'${field}' is a required field.`
  for (const field of ['UserId', 'TrackId', 'SplitNumber']) {
    const body = single()
    delete body[field]
    await refusedWith(t, app, () => addAudience(app, body), 400, [required(field)], `${field} missing`)
    await refusedWith(t, app, () => addAudience(app, single({ [field]: null })), 400, [required(field)],
      `${field} null`)
  }
  for (const field of ['UserId', 'TrackId']) {
    await refusedWith(t, app, () => addAudience(app, single({ [field]: ' ' })), 400, [required(field)],
      `${field} blank`)
  }
  const none = "One of the following fields must be set: 'RecipientList', 'OmailOutput' or 'QueryName'."
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: undefined })), 400, [none])
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: '  ' })), 400, [none], 'a blank name')
  await refusedWith(t, app, () => addAudience(app, single({ QueryName: 'Active subscribers' })), 400,
    ["Only one of 'RecipientList', 'OmailOutput' and 'QueryName' may be set, but 'RecipientList' and 'QueryName' " +
      'were.'])
  await refusedWith(t, app, () => addAudience(app, single({ OmailOutput: 'a.csv', QueryName: 'q' })), 400,
    ["Only one of 'RecipientList', 'OmailOutput' and 'QueryName' may be set, but 'RecipientList' and 'OmailOutput' " +
      "and 'QueryName' were."])
  for (const field of ['RemoveDuplicates', 'SuppressHardBounces', 'ApplyBrandLevelDefaultSuppressions']) {
    for (const value of [2, -1]) {
      await refusedWith(t, app, () => addAudience(app, single({ [field]: value })), 400,
        [`The value '${value}' for field '${field}' must be 0 or 1.`])
    }
  }
  for (const field of ['SplitNumber', 'ListNumber']) {
    await refusedWith(t, app, () => addAudience(app, single({ [field]: 0 })), 400,
      [`The value '0' for field '${field}' must be at least 1.`])
  }
  await refusedWith(t, app, () => addAudience(app, single({ CallbackURLs: ['ftp://example.test/x', 'nope'] })), 400,
    ["The value 'ftp://example.test/x' in 'CallbackURLs' is not an http or https URL.",
      "The value 'nope' in 'CallbackURLs' is not an http or https URL."])
  await refusedWith(t, app, () => addAudience(app, single({ SplitNumber: '1' })), 400,
    ["The field 'SplitNumber' must be an integer, but a string was given."])
  await refusedWith(t, app, () => addAudience(app, {}), 400,
    [required('UserId'), required('TrackId'), none, required('SplitNumber')], 'every problem at once')
  const fine = await addAudience(app, single({ RemoveDuplicates: 1, SuppressHardBounces: 0, CallbackURLs: [] }))
  t.equal(fine.statusCode, 200, 'the 0/1 values at their bounds are taken')
})

t.test('the multi form: no list field beside Audience, at least one entry, each entry\'s own rules', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const multi = (extra: Record<string, unknown>) => ({ UserId: USER, TrackId: TRACK, ...extra })
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: [], RecipientList: SUBSCRIBERS })), 400, [
    "The field 'RecipientList' is not allowed beside 'Audience': each list's fields go in its own entry.",
    "The field 'Audience' must hold at least one list.",
  ])
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: [{ RecipientList: SUBSCRIBERS, SplitNumber: 1 }],
    SplitNumber: 0, CallbackURLs: ['ftp://x'] })), 400, [
    "The field 'SplitNumber' is not allowed beside 'Audience': each list's fields go in its own entry.",
    "The value 'ftp://x' in 'CallbackURLs' is not an http or https URL.",
  ], 'a misplaced field once, not its value too; the callbacks beside Audience are checked')
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: [{ QueryName: 'Active subscribers' }] })), 400,
    ["'SplitNumber' is a required field."], 'an entry without its split')
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: [{ SplitNumber: 1, RemoveDuplicates: 3 }] })),
    400, ["One of the following fields must be set: 'RecipientList', 'OmailOutput' or 'QueryName'.",
      "The value '3' for field 'RemoveDuplicates' must be 0 or 1."])
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: {} })), 400,
    ["The field 'Audience' must be an array, but an object was given."])
  // Split 2 does not exist yet: only the single form adds a split.
  const second = [{ QueryName: 'Active subscribers', SplitNumber: 2 }]
  await refusedWith(t, app, () => addAudience(app, multi({ Audience: second })), 400,
    ["Split 2 can only be added by a single list: in the 'Audience' form every split must exist."])
  const ok = await addAudience(app, multi({ CallbackURLs: ['http://127.0.0.1:9/x'], Audience: [
    { RecipientList: SUBSCRIBERS, SplitNumber: 1 },
  ] }))
  t.equal(ok.statusCode, 200, 'CallbackURLs may stand beside Audience')
})

for (const where of ['in memory', 'in a database file'] as const) {
  t.test(`the multi form is all or nothing: an entry refused keeps none before it (${where})`, async (t) => {
    const db = where === 'in memory' ? ':memory:' : join(t.testdir(), 'lists.db')
    const app = await build(t, { audienceLoadSeconds: LOAD, db })
    await clockAt(app, NOW)
    await refusedWith(t, app, () => addAudience(app, { UserId: USER, TrackId: TRACK, Audience: [
      { RecipientList: SUBSCRIBERS, SplitNumber: 1 }, { RecipientList: 'legacy.xls', SplitNumber: 1, ListNumber: 1 },
    ] }), 400, ['Recipient list legacy.xls is not a valid file type. Valid file types are .csv and .txt'])
    // Two entries naming one list: the second is refused as used, though neither was stored before.
    // The date is the world's now: the clock is set to NOW, and the call comes within half a minute of it.
    await clockAt(app, NOW)
    const dates = Array.from({ length: 30 }, (_, s) => `${NOW.slice(0, 17)}${String(s).padStart(2, '0')}`)
    await refusedWith(t, app, () => addAudience(app, { UserId: USER, TrackId: TRACK, Audience: [
      { RecipientList: SUBSCRIBERS, SplitNumber: 1 }, { RecipientList: SUBSCRIBERS, SplitNumber: 1, ListNumber: 1 },
    ] }), 400, overDates(dates, (date) =>
      [`A recipient list with the name '${SUBSCRIBERS}' has been used previously for this deployment on ${date}.`]))
    t.equal(await added(app, single()), '1000001', 'the first entry\'s name and ListId are still free')
  })
}

t.test('the list rules, one message each, from a state that breaks only that rule', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: 'legacy.xls' })), 400,
    ['Recipient list legacy.xls is not a valid file type. Valid file types are .csv and .txt'])
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: 'nope.csv' })), 404,
    [R`We could not find the following file : '"\\FOO\\nope.csv in your Omail ftp folder.`,
      'Please verify that your file has been placed in the proper brand folder in your Omail FTP folder.'])
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: 'names-only.csv' })), 400,
    ["Recipient list 'names-only.csv' does not have a valid email header. Valid headers are 'email', " +
      "'email_address', 'email-address', and 'emailaddress'."])
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: 'two-emails.csv' })), 400,
    ["Recipient list 'two-emails.csv' has more than one email header defined: 'email','EmailAddress'."])
  await refusedWith(t, app, () => addAudience(app, single({ QueryName: 'Nobody', RecipientList: undefined })), 404,
    ["Query 'Nobody' was not found for brand FOO."])
  await refusedWith(t, app, () => addAudience(app, single({ OmailOutput: 'gone.csv', RecipientList: undefined })), 404,
    ["Omail output 'gone.csv' was not found for brand FOO."])
  await refusedWith(t, app, () => addAudience(app, single({ SplitNumber: 3 })), 400,
    [`Split 3 does not exist for deployment ${TRACK}. Deployment '${TRACK}' has only 1 split.`])
  await refusedWith(t, app, () => addAudience(app, single({ ApplyBrandLevelDefaultSuppressions: 1 })), 400,
    ["Value '1' for field 'ApplyBrandLevelDefaultSuppressions' is not allowed for digital deployments."])
  t.equal((await addAudience(app, single({ ApplyBrandLevelDefaultSuppressions: 0 }))).statusCode, 200,
    '0 is taken on a digital brand')
  const bar = { UserId: 'barEditor', TrackId: 'BAR261124002', QueryName: 'Trade buyers', SplitNumber: 1 }
  t.equal((await addAudience(app, { ...bar, ApplyBrandLevelDefaultSuppressions: 1 }, { brand: 'BAR' })).statusCode,
    200, '1 is taken on a brand that is not digital')
})

t.test('a name used on the deployment before, even removed; a split that holds a list', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const { dates } = await stamped(app, () => added(app, single()))
  const used = (date: string) =>
    [`A recipient list with the name '${SUBSCRIBERS}' has been used previously for this deployment on ${date}.`]
  await refusedWith(t, app, () => addAudience(app, single()), 400, overDates(dates, used), 'the same name again')
  const upper = single({ RecipientList: SUBSCRIBERS.toUpperCase(), SplitNumber: 2 })
  await refusedWith(t, app, () => addAudience(app, upper), 400, overDates(dates, used),
    'ignoring case, on another split')
  const holds = (date: string) => [`Split 1 already has recipient list '${SUBSCRIBERS}' assigned on ${date}. ` +
    `You must first remove '${SUBSCRIBERS}' before assigning a list to split 1.`]
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: 'partial.csv' })), 400,
    overDates(dates, holds))
  const query = single({ RecipientList: undefined, QueryName: 'Active subscribers' })
  await refusedWith(t, app, () => addAudience(app, query), 400, overDates(dates, holds), 'a query on the same split')
  const removed = await app.inject({
    method: 'POST', url: '/FOO/omail/deployment/audience/remove/*',
    headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' },
    payload: JSON.stringify({ UserId: USER, TrackId: TRACK }),
  })
  t.equal(removed.statusCode, 200)
  await refusedWith(t, app, () => addAudience(app, single()), 400, overDates(dates, used), 'after its removal')
  t.equal((await addAudience(app, single({ RecipientList: 'partial.csv' }))).statusCode, 200,
    'the split takes a list of another name once emptied')
  t.equal((await addAudience(app, single({ TrackId: 'FOO261127002' }))).statusCode, 200,
    'the name is only used up on its own deployment')
})

t.test('SplitNumber one past the last adds a split in the single form, not in the multi form', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const trackId = await created(app, { DeploymentDate: '2026-12-05 10:00' })
  const splits = async () => (await lookup(app, trackId)).json<{ SplitCount: number }>().SplitCount
  t.equal(await splits(), 1)
  await refusedWith(t, app, () => addAudience(app, { UserId: USER, TrackId: trackId,
    Audience: [{ RecipientList: SUBSCRIBERS, SplitNumber: 2 }] }), 400,
  ["Split 2 can only be added by a single list: in the 'Audience' form every split must exist."])
  await added(app, single({ TrackId: trackId, SplitNumber: 2 }))
  t.equal(await splits(), 2, 'lookup counts the new split')
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: trackId, RecipientList: 'partial.csv',
    SplitNumber: 4 })), 400,
  [`Split 4 does not exist for deployment ${trackId}. Deployment '${trackId}' has only 2 splits.`])
  await added(app, single({ TrackId: trackId, RecipientList: 'partial.csv', SplitNumber: 3 }))
  t.equal(await splits(), 3)
  const multi = await addAudience(app, { UserId: USER, TrackId: trackId, Audience: [
    { QueryName: 'Active subscribers', SplitNumber: 1 }, { QueryName: 'Lapsed readers', SplitNumber: 3, ListNumber: 1 },
  ] })
  t.equal(multi.statusCode, 200, 'the multi form reaches every existing split')
  t.equal(await splits(), 3)
})

t.test('the deployment: not found, not authorized, portal-made or edited, not editable', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'FOO000000000' })), 404,
    ["No deployment was found matching trackId 'FOO000000000'."])
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'BAR261124002' })), 404,
    ["No deployment was found matching trackId 'BAR261124002'."], 'a deployment of another brand')
  await refusedWith(t, app, () => addAudience(app, single({ UserId: 'newHire' })), 403,
    [`UserId 'newHire' is not authorized to edit deployment '${TRACK}'`])
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'FOO261127003' })), 400,
    ["Deployment 'FOO261127003'  was created within the Omail portal and is not eligible for API access."])
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'FOO261127004' })), 400,
    ["Deployment 'FOO261127004' has been edited from the Omail portal and is not eligible for API access. " +
      'Last edited by portalEditor on 2026-11-27 15:42:10.'])
  for (const trackId of ['FOO261118001', 'FOO261125001', 'FOO261124001', 'FOO261124004', 'FOO261110001']) {
    await refusedWith(t, app, () => addAudience(app, single({ TrackId: trackId })), 400,
      [`Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be ` +
        'edited.'], `${trackId} not editable`)
  }
  const forbidden = await addAudience(app, single(), { appId: 'nobody-app-id' })
  t.equal(forbidden.statusCode, 403)
  t.same(errorsOf(forbidden), ['The AppId submitted is forbidden access.'])
  t.equal((await addAudience(app, single({ UserId: 'QALEAD' }))).statusCode, 200, 'the approver, ignoring case')
})

t.test('a brand without an FTP folder: refused for files, after the file type; queries still work', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  await admin(app).seed({
    apps: [{ AppId: 'qux-app-id', Brands: ['QUX'] }],
    brands: [{ BrandAbbrev: 'QUX', Id: 4000, Description: 'Qux', MissingFtpFolder: true }],
    audiences: [{ Brand: 'QUX', RecipientList: 'qux.csv', Rows: 5 }, { Brand: 'QUX', QueryName: 'Qux query', Rows: 9 }],
    deployments: [{ Brand: 'QUX', TrackId: 'QUX001', OwnerUserId: USER, Status: 'New' }],
  })
  const qux = { brand: 'QUX', appId: 'qux-app-id' }
  const folder = [R`The following brand subdirectory : '\\QUX' does not exist in your Omail ftp folder. ` +
    'Files must be ' +
    'placed in the appropriate brand subdirectory in order to be processed.']
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'QUX001', RecipientList: 'qux.csv' }), qux), 400,
    folder, 'a file that is in the fixtures')
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'QUX001', RecipientList: 'absent.csv' }), qux),
    400, folder, 'the folder before the file')
  await refusedWith(t, app, () => addAudience(app, single({ TrackId: 'QUX001', RecipientList: 'qux.xls' }), qux), 400,
    ['Recipient list qux.xls is not a valid file type. Valid file types are .csv and .txt'],
    'the type before the folder')
  const query = await addAudience(app, { UserId: USER, TrackId: 'QUX001', QueryName: 'Qux query', SplitNumber: 1 },
    { ...qux, prefix: 'short' })
  t.equal(query.statusCode, 200, 'a query needs no folder')
})

t.test('the order of checks: each state breaks two rules, the earlier one answers', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const cases: [Record<string, unknown>, number, string][] = [
    [single({ TrackId: 'FOO000000000', SplitNumber: undefined }), 400, "'SplitNumber' is a required field."],
    [single({ TrackId: 'FOO000000000', UserId: 'newHire' }), 404,
      "No deployment was found matching trackId 'FOO000000000'."],
    [single({ TrackId: 'FOO261127003', UserId: 'newHire' }), 403,
      "UserId 'newHire' is not authorized to edit deployment 'FOO261127003'"],
    [single({ TrackId: 'FOO261124001', ApplyBrandLevelDefaultSuppressions: 1 }), 400,
      "Deployment 'FOO261124001' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be " +
        'edited.'],
    [single({ SplitNumber: 5, ApplyBrandLevelDefaultSuppressions: 1 }), 400,
      "Value '1' for field 'ApplyBrandLevelDefaultSuppressions' is not allowed for digital deployments."],
    [single({ SplitNumber: 5, RecipientList: 'legacy.xls' }), 400,
      `Split 5 does not exist for deployment ${TRACK}. Deployment '${TRACK}' has only 1 split.`],
  ]
  for (const [body, status, error] of cases) {
    const res = await addAudience(app, body)
    t.same([res.statusCode, errorsOf(res)], [status, [error]], error)
  }
  // The name before the split's list.
  const { dates } = await stamped(app, () => added(app, single()))
  const res = await addAudience(app, single())
  t.ok(overDates(dates, (d) => `A recipient list with the name '${SUBSCRIBERS}' has been used previously for this ` +
    `deployment on ${d}.`).includes(errorsOf(res)[0]!), 'a used name, not the split holding it')
})

t.test('isolation by app id: a list lives in its own world; ListIds count per world', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0, isolation: 'app-id' })
  const [a, b] = ['sandbox-app-id+a', 'sandbox-app-id+b']
  const listA = await added(app, single(), { appId: a })
  t.equal(listA, '1000001')
  t.equal((await statusOf(app, listA, { appId: a })).AssignmentStatusCode, 'DONE')
  const unseen = await app.inject({ method: 'GET', url: `/FOO/omail/deployment/audience/status/${listA}/*`,
    headers: { 'x-omeda-appid': b } })
  t.same([unseen.statusCode, errorsOf(unseen)], [404, [`ListId ${listA} was not found.`]], 'b does not see a\'s list')
  t.equal((await lookup(app, TRACK, { appId: a })).json<{ RecipientCount: number }>().RecipientCount, 250)
  t.equal((await lookup(app, TRACK, { appId: b })).json<{ RecipientCount: number }>().RecipientCount, 1200,
    "b's deployment keeps its seeded count")
  const listB = await added(app, single({ RecipientList: 'partial.csv' }), { appId: b })
  t.equal(listB, '1000001', 'b numbers its lists from the start, and the name a used is free in b')
  t.equal((await statusOf(app, listB, { appId: b })).RecipientList, 'partial.csv')
  t.equal((await statusOf(app, listA, { appId: a })).RecipientList, SUBSCRIBERS, 'a still sees its own')
})

t.test('headers quoted and in any case, a .TXT file, a name in another case: the fixture\'s spelling', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const upper = 'Upper_20261201_090000.TXT'
  const { result: listId, dates } = await stamped(app, () =>
    added(app, single({ RecipientList: 'upper_20261201_090000.txt' })))
  t.match(await statusOf(app, listId), { AssignmentStatusCode: 'DONE', RecipientList: upper, RecipientCount: 12 })
  await refusedWith(t, app, () => addAudience(app, single({ RecipientList: upper.toLowerCase(), SplitNumber: 2 })),
    400, overDates(dates, (date) =>
      [`A recipient list with the name '${upper}' has been used previously for this deployment on ${date}.`]),
    'the name in any case is the same name')
})
