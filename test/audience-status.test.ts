// Audience status (GET …/omail/deployment/audience/status/{listId}/*): QUEUED, IN_PROCESS, then DONE
// or WARNING on the world's sandbox clock, 409 for a list with no valid record, LIST_REMOVED once
// removed; unknown ids; what lookup, schedule and send test see of a list still loading.
import t from 'tap'
import { admin, build, errorsOf, GUID, lookup, post } from './helpers.js'
import {
  added, audienceStatus, clockAt, later, LOAD, NOW, overDates, removeAudience, single, stamped, statusOf, SUBSCRIBERS,
  TRACK, USER,
} from './audience-requests.js'

const at = (seconds: number) => later(NOW, seconds)

t.test('QUEUED, IN_PROCESS, then DONE as the admin clock moves; both keys; both URL forms', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const listId = await added(app, single())
  const seen: string[] = []
  for (const [seconds, expected] of [[0, 'QUEUED'], [60, 'QUEUED'], [300, 'IN_PROCESS'], [590, 'IN_PROCESS'],
    [LOAD + 5, 'DONE'], [86_400, 'DONE']] as const) {
    await clockAt(app, at(seconds))
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await audienceStatus(app, listId, { prefix })
      t.equal(res.statusCode, 200)
      const body = res.json() as Record<string, unknown>
      t.equal(body.AssignmentStatusCode, expected, `${prefix} at +${seconds}s`)
      t.equal(body.AssignmentStatus, body.AssignmentStatusCode, 'AssignmentStatus says the same')
      t.match(body.SubmissionId, GUID)
      const journaled = await admin(app).submission(String(body.SubmissionId))
      t.match(journaled, { Endpoint: 'audienceStatus', StatusCode: 200, TrackId: TRACK })
      seen.push(String(body.AssignmentStatusCode))
    }
  }
  const done = await statusOf(app, listId)
  const { SubmissionId: _, ...rest } = done
  t.same(rest, {
    ListId: Number(listId), TrackId: TRACK, AssignmentStatusCode: 'DONE', AssignmentStatus: 'DONE', SplitNumber: 1,
    RecipientList: SUBSCRIBERS, RecipientCount: 250,
  }, 'DONE: ListId a number, the count of records, no Message')
  await clockAt(app, at(300))
  t.notOk('RecipientCount' in await statusOf(app, listId), 'no RecipientCount before it has loaded')
})

t.test('WARNING with its Message; a query and an output by their own key', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const partial = await added(app, single({ RecipientList: 'partial.csv' }))
  const query = await added(app, single({ TrackId: 'FOO261127002', RecipientList: undefined,
    QueryName: 'Lapsed readers' }))
  const output = await added(app, single({ TrackId: 'FOO261124003', RecipientList: undefined,
    OmailOutput: 'weekly-output.csv' }))
  await clockAt(app, at(LOAD + 5))
  const { SubmissionId: _, ...warning } = await statusOf(app, partial)
  t.same(warning, {
    ListId: Number(partial), TrackId: TRACK, AssignmentStatusCode: 'WARNING', AssignmentStatus: 'WARNING',
    SplitNumber: 1, RecipientList: 'partial.csv', RecipientCount: 96,
    Message: 'There were 4 invalid recipient records; 4 of which contain invalid email addresses.',
  })
  t.match(await statusOf(app, query), { AssignmentStatusCode: 'WARNING', QueryName: 'Lapsed readers',
    RecipientCount: 288,
    Message: 'There were 12 invalid recipient records; 12 of which contain invalid email addresses.' })
  const done = await statusOf(app, output)
  t.match(done, { AssignmentStatusCode: 'DONE', OmailOutput: 'weekly-output.csv', RecipientCount: 40 })
  t.notOk('RecipientList' in done || 'QueryName' in done, 'only the key of its kind')
})

t.test('a list with no valid record: 409 once loaded; schedule then finds no recipients', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const listId = await added(app, single({ TrackId: 'FOO261127005', RecipientList: 'bounced.txt' }))
  t.equal((await statusOf(app, listId)).AssignmentStatusCode, 'QUEUED', 'it queues like any other')
  await clockAt(app, at(LOAD + 5))
  const res = await audienceStatus(app, listId)
  t.same([res.statusCode, errorsOf(res)], [409, ['File contained no valid recipient records.']])
  t.match(res.json(), { SubmissionId: GUID })
  t.equal((await admin(app).submission(res.json<{ SubmissionId: string }>().SubmissionId))?.StatusCode, 409)
  const schedule = await post(app, 'schedule',
    { UserId: USER, TrackId: 'FOO261127005', ScheduledDate: '2026-12-20 10:00' })
  t.same([schedule.statusCode, errorsOf(schedule)], [400, ['There are no recipients specified for this deployment.']])
})

t.test('LIST_REMOVED with who removed it and when', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const listId = await added(app, single())
  await clockAt(app, at(60))
  const { dates } = await stamped(app, () => removeAudience(app, { UserId: 'qaLead', TrackId: TRACK }))
  for (const seconds of [60, LOAD + 5]) {
    await clockAt(app, at(seconds))
    const { SubmissionId: _, ...rest } = await statusOf(app, listId)
    t.ok(overDates(dates, (date) => JSON.stringify({
      ListId: Number(listId), TrackId: TRACK, AssignmentStatusCode: 'LIST_REMOVED', AssignmentStatus: 'LIST_REMOVED',
      SplitNumber: 1, RecipientList: SUBSCRIBERS,
      Message: `List removed: Audience list '${SUBSCRIBERS}' was removed by qaLead on ${date}.`,
    })).includes(JSON.stringify(rest)), `at +${seconds}s`, { rest })
  }
})

t.test('an unknown ListId, one of another brand, not a number: ListId {x} was not found. (404)', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const listId = await added(app, single())
  const cases: [string | number, string, string][] = [
    [999, 'FOO', '999'], [1000002, 'FOO', '1000002'], [listId, 'BAR', listId], ['abc', 'FOO', 'abc'],
    ['-1', 'FOO', '-1'], ['1e3', 'FOO', '1e3'], ['1000001.0', 'FOO', '1000001.0'],
    ['9'.repeat(40), 'FOO', '9'.repeat(40)],
  ]
  for (const [id, brand, shown] of cases) {
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await audienceStatus(app, id, { brand, prefix })
      t.same([res.statusCode, errorsOf(res)], [404, [`ListId ${shown} was not found.`]], `${brand} ${id} ${prefix}`)
    }
  }
  t.equal((await audienceStatus(app, listId, { brand: 'foo' })).statusCode, 200, 'the brand ignoring case')
  const forbidden = await audienceStatus(app, listId, { appId: 'baz-app-id' })
  t.same([forbidden.statusCode, errorsOf(forbidden)], [403, ['The AppId submitted is forbidden access.']])
})

t.test('audienceLoadSeconds 0: DONE at once, and lookup counts it at once', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const listId = await added(app, single())
  t.match(await statusOf(app, listId), { AssignmentStatusCode: 'DONE', RecipientCount: 250 })
  t.equal((await lookup(app, TRACK)).json<{ RecipientCount: number }>().RecipientCount, 250)
})

t.test('lookup: no RecipientCount while loading, the lists\' records after; schedule and test wait', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  const trackId = 'FOO261127005'
  const count = async () => (await lookup(app, trackId)).json<{ RecipientCount?: number }>().RecipientCount
  t.equal(await count(), 3000, 'the seeded count before any list')
  await added(app, single({ TrackId: trackId }))
  await added(app, single({ TrackId: trackId, RecipientList: undefined, QueryName: 'Active subscribers',
    ListNumber: 1 }))
  const loading = `Audience list ${SUBSCRIBERS} is not valid (recipient upload did not complete).`
  for (const seconds of [0, 300]) {
    await clockAt(app, at(seconds))
    t.equal(await count(), undefined, `no RecipientCount at +${seconds}s`)
    const schedule = await post(app, 'schedule', { UserId: USER, TrackId: trackId, ScheduledDate: '2026-12-20 10:00' })
    t.same([schedule.statusCode, errorsOf(schedule)], [400, [loading]], `schedule refused at +${seconds}s`)
    const test = await post(app, 'sendtest', { UserId: USER, TrackId: trackId })
    t.same([test.statusCode, errorsOf(test)], [400, [loading]], `send test refused at +${seconds}s`)
  }
  await clockAt(app, at(LOAD + 5))
  t.equal(await count(), 1450, 'both lists\' records once loaded')
  const schedule = await post(app, 'schedule', { UserId: USER, TrackId: trackId, ScheduledDate: '2026-12-20 10:00' })
  t.equal(schedule.statusCode, 200, schedule.body)
})

t.test('a deployment made or edited in the portal since: the status page\'s own messages', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const listId = await added(app, single())
  const stored = await admin(app).deployment('FOO', TRACK)
  await admin(app).seed({ deployments: [{
    ...stored!, EditedInPortalBy: 'portalEditor', EditedInPortalDate: '2026-12-02 08:00:00',
  }] })
  const edited = await audienceStatus(app, listId)
  t.same([edited.statusCode, errorsOf(edited)], [400, [
    `Deployment '${TRACK}' assocated with this file has been edited ` +
    'from the Omail portal and is not eligible for API access. Last edited by portalEditor on 2026-12-02 08:00:00.']])
  await admin(app).seed({ deployments: [{ ...stored!, CreatedInPortal: true }] })
  const made = await audienceStatus(app, listId)
  t.same([made.statusCode, errorsOf(made)], [400, [`Deployment '${TRACK}' associated with this file was created ` +
    'within the Omail portal and is not eligible for API access.']])
})
