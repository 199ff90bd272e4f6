// Create (POST …/omail/deployment/*): each of the page's messages, byte for byte, from a body that
// breaks only its rule, on the status chosen for it; nothing stored changes on a refusal.
import t from 'tap'
import { build, errorsOf, GUID } from './helpers.js'
import { atNow, clone, create, lookedUp, refused, update, validCreate, without } from './deployment-requests.js'

const tester = (EmailAddress: string, extra: Record<string, unknown> = {}) =>
  ({ FirstName: 'Ada', LastName: 'Lovelace', EmailAddress, ...extra })
const recommending = (extra: Record<string, unknown> = {}) => validCreate({
  UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 1,
  NumberOfRecommendations: 5, ...extra,
})

t.test('each required field, missing, blank or null, is named in the page\'s words', async (t) => {
  const app = await build(t)
  await atNow(app)
  const required = ['DeploymentName', 'DeploymentDate', 'OwnerUserId', 'Splits', 'TrackLinks', 'TrackOpens']
  for (const field of required) {
    const message = `'${field}' is a required field.`
    await refused(t, app, () => create(app, without(validCreate(), field)), 400, [message], `${field} missing`)
    await refused(t, app, () => create(app, validCreate({ [field]: null })), 400, [message], `${field} null`)
  }
  for (const field of ['DeploymentName', 'DeploymentDate', 'OwnerUserId']) {
    await refused(t, app, () => create(app, validCreate({ [field]: '  ' })), 400, [`'${field}' is a required field.`],
      `${field} blank`)
  }
  await refused(t, app, () => create(app, without(validCreate(), 'DeploymentTypeId')), 400,
    ["Field 'DeploymentTypeId' is a required field."])
})

t.test('max lengths: DeploymentName 80, CampaignId 100, a tester\'s names 80 and email 255', async (t) => {
  const app = await build(t)
  await atNow(app)
  const long = (n: number) => 'x'.repeat(n)
  await refused(t, app, () => create(app, validCreate({ DeploymentName: long(81) })), 400,
    [`The value '${long(81)}' for field 'DeploymentName' exceeded a max length of 80.`])
  await refused(t, app, () => create(app, validCreate({ CampaignId: long(101) })), 400,
    [`The value '${long(101)}' for field 'CampaignId' exceeded a max length of 100.`])
  for (const [field, max] of [['FirstName', 80], ['LastName', 80], ['EmailAddress', 255]] as const) {
    await refused(t, app, () => create(app, validCreate({ Testers: [tester('a@b.test', { [field]: long(max + 1) })] })),
      400, [`The value '${long(max + 1)}' for field '${field}' exceeded a max length of ${max}.`])
  }
  const atMost = await create(app, validCreate({
    DeploymentName: long(80), CampaignId: long(100),
    Testers: [{ FirstName: long(80), LastName: long(80), EmailAddress: long(255) }],
  }))
  t.equal(atMost.statusCode, 200, 'every field at its max length is taken')
})

t.test('testers: each field required, emails unique ignoring case', async (t) => {
  const app = await build(t)
  await atNow(app)
  for (const field of ['FirstName', 'LastName', 'EmailAddress']) {
    await refused(t, app, () => create(app, validCreate({ Testers: [without(tester('a@b.test'), field)] })), 400,
      [`'${field}' is a required field.`], `tester without ${field}`)
    await refused(t, app, () => create(app, validCreate({ Testers: [tester('a@b.test', { [field]: ' ' })] })), 400,
      [`'${field}' is a required field.`], `tester with a blank ${field}`)
  }
  const twice = [tester('Ada@B.test'), tester('ada@b.test')]
  await refused(t, app, () => create(app, validCreate({ Testers: twice })), 400,
    ["The Duplicate value 'ada@b.test' submitted for Testers array, field 'EmailAddress'. " +
      'Tester emails must be unique.'])
  const fine = await create(app, validCreate({ Testers: [tester('a@b.test'), tester('c@b.test')] }))
  t.equal(fine.statusCode, 200, 'two testers with emails of their own are taken')
})

t.test('the 0/1 fields, Splits and the content-recommendation group', async (t) => {
  const app = await build(t)
  await atNow(app)
  for (const field of ['TrackLinks', 'TrackOpens', 'ReloadOnqQueryBeforeFinalDeployment', 'UseContentRecommendation',
    'UseImagesInRecommendation']) {
    await refused(t, app, () => create(app, validCreate({ [field]: 2 })), 400,
      [`The value '2' for field '${field}' must be 0 or 1.`])
  }
  await refused(t, app, () => create(app, validCreate({ Splits: 2 })), 400,
    ["The The value '2' for field 'Splits' cannot be greater than 1."])
  await refused(t, app, () => create(app, validCreate({ Splits: 0 })), 400,
    ["The value '0' for field 'Splits' must be at least 1."])
  for (const field of ['ContentRecommendationBehaviorId', 'UseImagesInRecommendation', 'NumberOfRecommendations']) {
    await refused(t, app, () => create(app, without(recommending(), field)), 400,
      [`'${field}' is required when the value for 'UseContentRecommendation' is 1.`])
  }
  for (const count of [0, 11, -3]) {
    await refused(t, app, () => create(app, recommending({ NumberOfRecommendations: count })), 400,
      [`The value '${count}' for field 'NumberOfRecommendations' must be between 1 and 10.`])
  }
  for (const count of [1, 10]) {
    t.equal((await create(app, recommending({ NumberOfRecommendations: count }))).statusCode, 200, `${count} is taken`)
  }
})

t.test('a TrackId is refused; DeploymentDate must be yyyy-MM-dd HH:mm and in the future', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => create(app, validCreate({ TrackId: 'FOO261201001' })), 400,
    ["'TrackId' is not a valid field when creating a deployment. It will be auto-generated."])
  const badDates = ['2026-12-05 10:00:00', '2026-12-05T10:00', '2026-02-30 10:00', '05/12/2026 10:00', '2026-12-05']
  for (const date of badDates) {
    await refused(t, app, () => create(app, validCreate({ DeploymentDate: date })), 400,
      [`Invalid value '${date}' for field 'DeploymentDate'. Date format yyyy-MM-dd HH:mm is required.`])
  }
  for (const date of ['2026-12-01 09:00', '2026-11-30 23:59', '2020-01-01 00:00']) {
    await refused(t, app, () => create(app, validCreate({ DeploymentDate: date })), 400,
      [`Invalid value '${date}' for field 'DeploymentDate'. The date must be in the future.`])
  }
  t.equal((await create(app, validCreate({ DeploymentDate: '2026-12-01 09:01' }))).statusCode, 200,
    'the next minute is in the future')
})

t.test('owner and approver exist and are active; the type exists and is active; billing and behavior exist',
  async (t) => {
    const app = await build(t)
    await atNow(app)
    const cases: [Record<string, unknown>, string][] = [
      [{ OwnerUserId: 'nobody' }, "'OwnerUserId' nobody was not found."],
      [{ FinalApproverUserId: 'nobody' }, "'FinalApproverUserId' nobody was not found."],
      [{ OwnerUserId: 'retiredEditor' }, "'OwnerUserId' retiredEditor is not active."],
      [{ FinalApproverUserId: 'retiredEditor' }, "'FinalApproverUserId' retiredEditor is not active."],
      [{ DeploymentTypeId: 13 },
        "Invalid value '13' submitted for field 'DeploymentTypeId'. The Deployment Type was not found."],
      [{ DeploymentTypeId: 99 },
        "Invalid value '99' submitted for field 'DeploymentTypeId'. The Deployment Type is not active."],
      [{ BillingCategoryCode: 'O9990001' },
        "Unknown category code 'O9990001' submitted for field 'BillingCategoryCode'."],
    ]
    for (const [extra, message] of cases) {
      await refused(t, app, () => create(app, validCreate(extra)), 400, [message])
    }
    await refused(t, app, () => create(app, recommending({ ContentRecommendationBehaviorId: 7 })), 400,
      ["The value '7' for field 'ContentRecommendationBehaviorId' is not a valid Content Recommendation Behavior."])
    await refused(t, app, () => create(app, validCreate({ DeploymentTypeId: 20 }), { brand: 'BAR' }), 400,
      ["Invalid value '20' submitted for field 'DeploymentTypeId'. The Deployment Type was not found."],
      "another brand's type")
    const named = await create(app, validCreate({ BillingCategoryCode: 'O1230001', FinalApproverUserId: 'qaLead' }))
    t.equal(named.statusCode, 200, 'a listed billing category and an active approver are taken')
  })

t.test('an owner not allowed content recommendations is 403', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => create(app, recommending({ OwnerUserId: 'qaLead' })), 403,
    ["OwnerUserId 'qaLead' is not authorized to create deployments that Use Content Recommendations."])
  t.equal((await create(app, recommending())).statusCode, 200, 'omailAccount1 may')
})

t.test('a create answers the TrackId of the sandbox day, in ResponseInfo and at the top', async (t) => {
  const app = await build(t)
  await atNow(app)
  const res = await create(app, validCreate({ DeploymentDate: '2027-07-04 10:00' }))
  t.equal(res.statusCode, 200)
  const { ResponseInfo, TrackId, SubmissionId } = res.json()
  t.equal(TrackId, 'FOO261201001', '{BRAND}{yyMMdd}{nnn} of the sandbox day')
  t.match(SubmissionId, GUID)
  const Url = `http://localhost:80/webservices/rest/brand/FOO/omail/deployment/lookup/${TrackId}/*`
  t.same(ResponseInfo, [{ SubmissionId, TrackId, Url }])
  t.equal((await create(app, validCreate())).json().TrackId, 'FOO261201002', 'the next one that day')
  const d = await lookedUp(app, 'FOO', TrackId)
  t.equal(d.Status, 'New')
  t.equal(d.FinalApproverUserId, 'omailAccount1', 'the final approver defaults to the owner')
  t.same(d.ModificationHistory, [{
    ChangeDescription: 'Deployment created (new). Requested date/time is Sun Jul 04 10:00:00 CDT 2027',
    ChangedBy: 'omailAccount1', ChangedDate: '2026-12-01 09:00:00',
  }])
  const winter = await lookedUp(app, 'FOO', 'FOO261201002')
  t.match(winter.ModificationHistory, [{ ChangeDescription: /is Sat Dec 05 10:00:00 CST 2026$/ }])
  t.same(errorsOf(await create(app, validCreate(), { appId: 'nope' })), ['The AppId submitted is forbidden access.'])
})

t.test('a requested time the clocks skip is printed on its own day, in the zone of the hour after', async (t) => {
  const app = await build(t)
  await atNow(app)
  const res = await create(app, validCreate({ DeploymentDate: '2027-03-14 02:30' }))
  t.equal(res.statusCode, 200)
  t.match((await lookedUp(app, 'FOO', res.json().TrackId)).ModificationHistory,
    [{ ChangeDescription: 'Deployment created (new). Requested date/time is Sun Mar 14 02:30:00 CDT 2027' }])
})

t.test("a tester's ReportRecipient of another type says so", async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => create(app, validCreate({ Testers: [tester('a@b.c', { ReportRecipient: '1' })] })), 400,
    ["The field 'ReportRecipient' must be an integer, but a string was given."])
  await refused(t, app, () => create(app, validCreate({ Testers: [tester('a@b.c', { ReportRecipient: 2 })] })), 400,
    ["The value '2' for field 'ReportRecipient' must be 0 or 1."])
})

t.test('the configured longest UserId and TrackId hold for the ids create, update and clone name', async (t) => {
  const app = await build(t, { maxLength: { UserId: 12, TrackId: 14 } })
  await atNow(app)
  const long = 'omailAccount1x'
  await refused(t, app, () => create(app, validCreate({ OwnerUserId: long, FinalApproverUserId: long })), 400, [
    `The value '${long}' for field 'OwnerUserId' exceeded a max length of 12.`,
    `The value '${long}' for field 'FinalApproverUserId' exceeded a max length of 12.`,
  ])
  await refused(t, app, () => update(app, { TrackId: 'FOO261124003999', OwnerUserId: 'qaLead' }), 400,
    ["The value 'FOO261124003999' for field 'TrackId' exceeded a max length of 14."])
  await refused(t, app, () => clone(app, { CloneTrackId: 'FOO261124003999', DeploymentDate: '2026-12-05 10:00' }), 400,
    ["The value 'FOO261124003999' for field 'CloneTrackId' exceeded a max length of 14."])
})
