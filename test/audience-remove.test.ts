// Audience remove (POST …/omail/deployment/audience/remove/*): the page's three 404s (two spaces kept),
// a repeat is 404, removal by name, by QueryName, by split, or all; the answer with the lookup Url;
// RecipientCount after. Nothing stored changes on a refusal.
import t from 'tap'
import { admin, build, GUID, lookup } from './helpers.js'
import {
  added, clockAt, later, LOAD, NOW, overDates, refusedWith, removeAudience, single, stamped, statusOf, SUBSCRIBERS,
  TRACK, USER,
} from './audience-requests.js'

const removal = (extra: Record<string, unknown> = {}) => ({ UserId: USER, TrackId: TRACK, ...extra })
const count = async (app: Parameters<typeof lookup>[0], trackId = TRACK) =>
  (await lookup(app, trackId)).json<{ RecipientCount?: number }>().RecipientCount

t.test('the answer: ResponseInfo with the TrackId, SubmissionId and lookup Url; both URL forms', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  for (const [trackId, prefix] of [['FOO261127001', 'vendor'], ['FOO261127002', 'short']] as const) {
    const listId = await added(app, single({ TrackId: trackId }))
    const res = await removeAudience(app, removal({ TrackId: trackId, RecipientList: SUBSCRIBERS }), { prefix })
    t.equal(res.statusCode, 200, res.body)
    const body = res.json() as { ResponseInfo: Record<string, string>[] }
    t.same(Object.keys(body), ['ResponseInfo'])
    t.equal(body.ResponseInfo.length, 1)
    const [info] = body.ResponseInfo
    t.same(Object.keys(info!).sort(), ['SubmissionId', 'TrackId', 'Url'])
    t.equal(info!.TrackId, trackId)
    t.match(info!.SubmissionId, GUID)
    t.equal(info!.Url, `http://localhost:80/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`)
    t.match(await admin(app).submission(String(info!.SubmissionId)), { Endpoint: 'audienceRemove', StatusCode: 200 })
    t.equal((await statusOf(app, listId)).AssignmentStatusCode, 'LIST_REMOVED')
  }
})

t.test('the three 404s, a repeat is 404, and nothing stored changes', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  await refusedWith(t, app, () => removeAudience(app, removal()), 404,
    [`Deployment ${TRACK}  has no audience list assigned.`], 'no list ever')
  await refusedWith(t, app, () => removeAudience(app, removal({ RecipientList: SUBSCRIBERS })), 404,
    [`Deployment ${TRACK}  has no audience list assigned.`], 'no list ever, a name given')
  const { dates: assigned } = await stamped(app, () => added(app, single()))
  await refusedWith(t, app, () => removeAudience(app, removal({ RecipientList: 'other.csv' })), 404,
    overDates(assigned, (date) => ['Audience list other.csv is not assigned to this deployment. Currently assigned ' +
      `audience list is '${SUBSCRIBERS}' - assigned on ${date} by ${USER}.`]))
  await refusedWith(t, app, () => removeAudience(app, removal({ QueryName: SUBSCRIBERS })), 404,
    overDates(assigned, (date) => [`Audience list ${SUBSCRIBERS} is not assigned to this deployment. Currently ` +
      `assigned audience list is '${SUBSCRIBERS}' - assigned on ${date} by ${USER}.`]), 'a file is not a query')
  await refusedWith(t, app, () => removeAudience(app, removal({ SplitNumber: 2 })), 404,
    [`Deployment ${TRACK}  has no audience list assigned.`], 'a split without a list')
  await clockAt(app, later(NOW, 30))
  const { dates: removed } = await stamped(app, () => removeAudience(app, removal({ UserId: 'qaLead' })))
  const since = (date: string) => [`Deployment ${TRACK}  has no audience list assigned. An audience list with file ` +
    `name '${SUBSCRIBERS}' was removed from this deployment on ${date} by qaLead.`]
  await refusedWith(t, app, () => removeAudience(app, removal()), 404, overDates(removed, since), 'a repeat')
  await refusedWith(t, app, () => removeAudience(app, removal({ RecipientList: SUBSCRIBERS })), 404,
    overDates(removed, since), 'a repeat by name')
})

t.test('the deployment: not found, not authorized, portal, not editable', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  await clockAt(app, NOW)
  await refusedWith(t, app, () => removeAudience(app, removal({ TrackId: 'FOO000000000' })), 404,
    ["No deployment was found matching trackId 'FOO000000000'."])
  await refusedWith(t, app, () => removeAudience(app, removal({ UserId: 'newHire' })), 403,
    [`UserId 'newHire' is not authorized to edit deployment '${TRACK}'`])
  await refusedWith(t, app, () => removeAudience(app, removal({ TrackId: 'FOO261127003' })), 400,
    ["Deployment 'FOO261127003'  was created within the Omail portal and is not eligible for API access."])
  await refusedWith(t, app, () => removeAudience(app, removal({ TrackId: 'FOO261124001' })), 400,
    ["Deployment 'FOO261124001' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be " +
      'edited.'])
  for (const field of ['UserId', 'TrackId']) {
    await refusedWith(t, app, () => removeAudience(app, removal({ [field]: undefined })), 400,
      [`'${field}' is a required field.`])
  }
  await refusedWith(t, app, () => removeAudience(app, removal({ RecipientList: 'a.csv', QueryName: 'q' })), 400,
    ["Only one of 'RecipientList', 'OmailOutput' and 'QueryName' may be set, but 'RecipientList' and 'QueryName' " +
      'were.'])
  await refusedWith(t, app, () => removeAudience(app, removal({ SplitNumber: 0 })), 400,
    ["The value '0' for field 'SplitNumber' must be at least 1."])
})

t.test('by name, by QueryName, by split, or all; RecipientCount after each', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const file = await added(app, single())
  const query = await added(app, single({ RecipientList: undefined, QueryName: 'Active subscribers', ListNumber: 1 }))
  const output = await added(app, single({ RecipientList: undefined, OmailOutput: 'weekly-output.csv',
    SplitNumber: 2 }))
  t.equal(await count(app), 250 + 1200 + 40)
  t.equal((await removeAudience(app, removal({ QueryName: 'ACTIVE SUBSCRIBERS' }))).statusCode, 200, 'by query name')
  t.equal((await statusOf(app, query)).AssignmentStatusCode, 'LIST_REMOVED')
  t.equal((await statusOf(app, file)).AssignmentStatusCode, 'DONE', 'the other list of the split stays')
  t.equal(await count(app), 250 + 40)
  t.equal((await removeAudience(app, removal({ RecipientList: 'weekly-output.csv' }))).statusCode, 200,
    'an output by RecipientList')
  t.equal((await statusOf(app, output)).AssignmentStatusCode, 'LIST_REMOVED')
  t.equal(await count(app), 250)
  t.equal((await removeAudience(app, removal({ SplitNumber: 1 }))).statusCode, 200, 'by split')
  t.equal((await statusOf(app, file)).AssignmentStatusCode, 'LIST_REMOVED')
  t.equal(await count(app), undefined, 'no audience left: lookup shows no RecipientCount')

  const other = 'FOO261127002'
  const lists = [
    await added(app, single({ TrackId: other })),
    await added(app, single({ TrackId: other, RecipientList: 'partial.csv', SplitNumber: 2 })),
  ]
  t.equal(await count(app, other), 346)
  t.equal((await removeAudience(app, removal({ TrackId: other, RecipientList: 'partial.csv', SplitNumber: 1 })))
    .statusCode, 404, 'a name on another split than the one given')
  t.equal((await removeAudience(app, removal({ TrackId: other }))).statusCode, 200, 'without a name: every list')
  for (const id of lists) t.equal((await statusOf(app, id)).AssignmentStatusCode, 'LIST_REMOVED')
  t.equal(await count(app, other), undefined)
})
