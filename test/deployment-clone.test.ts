// Clone (POST …/omail/deployment/clone/*): its page's messages byte for byte, each from a body that
// breaks only its rule; and what a copy keeps, takes from the body and merges.
import t from 'tap'
import { admin, build } from './helpers.js'
import { atNow, clone, create, created, lookedUp, NOW, refused, validCreate, without } from './deployment-requests.js'

/** FOO261124003 is New, owned by omailAccount1: every rule passes. */
const copy = (extra: Record<string, unknown> = {}) =>
  ({ CloneTrackId: 'FOO261124003', DeploymentDate: '2026-12-05 10:00', ...extra })

t.test('CloneTrackId and DeploymentDate are required; the date in the format and in the future', async (t) => {
  const app = await build(t)
  await atNow(app)
  for (const field of ['CloneTrackId', 'DeploymentDate']) {
    await refused(t, app, () => clone(app, without(copy(), field)), 400, [`'${field}' is a required field.`])
    await refused(t, app, () => clone(app, copy({ [field]: ' ' })), 400, [`'${field}' is a required field.`],
      `${field} blank`)
  }
  await refused(t, app, () => clone(app, copy({ DeploymentDate: '2026-12-05 25:00' })), 400,
    ["Invalid value '2026-12-05 25:00' for field 'DeploymentDate'. Date format yyyy-MM-dd HH:mm is required."])
  await refused(t, app, () => clone(app, copy({ DeploymentDate: '2026-12-01 09:00' })), 400,
    ["Invalid value '2026-12-01 09:00' for field 'DeploymentDate'. The date must be in the future."])
})

t.test('CampaignId is at most 50 here (100 on create); the other field rules are create\'s', async (t) => {
  const app = await build(t)
  await atNow(app)
  const c = (n: number) => 'c'.repeat(n)
  await refused(t, app, () => clone(app, copy({ CampaignId: c(51) })), 400,
    [`The value '${c(51)}' for field 'CampaignId' exceeded a max length of 50.`])
  t.equal((await clone(app, copy({ CampaignId: c(50) }))).statusCode, 200, '50 is taken')
  t.equal((await create(app, validCreate({ CampaignId: c(51) }))).statusCode, 200, 'create takes 51')
  await refused(t, app, () => clone(app, copy({ DeploymentName: 'n'.repeat(81) })), 400,
    [`The value '${'n'.repeat(81)}' for field 'DeploymentName' exceeded a max length of 80.`])
  await refused(t, app, () => clone(app, copy({ TrackLinks: 3 })), 400,
    ["The value '3' for field 'TrackLinks' must be 0 or 1."])
  await refused(t, app, () => clone(app, copy({ TrackOpens: 3 })), 400,
    ["The value '3' for field 'TrackOpens' must be 0 or 1."])
  await refused(t, app, () => clone(app, copy({ Testers: [{ FirstName: 'A', EmailAddress: 'a@b.test' }] })), 400,
    ["'LastName' is a required field."])
  const twice = [{ FirstName: 'A', LastName: 'B', EmailAddress: 'a@b.test' },
    { FirstName: 'C', LastName: 'D', EmailAddress: 'A@B.TEST' }]
  await refused(t, app, () => clone(app, copy({ Testers: twice })), 400,
    ["The Duplicate value 'A@B.TEST' submitted for Testers array, field 'EmailAddress'. " +
      'Tester emails must be unique.'])
})

t.test('source not found (404), accounts (400), who may act (403), portal sources cannot be cloned', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => clone(app, copy({ CloneTrackId: 'FOO000000000' })), 404,
    ["No deployment was found matching trackId 'FOO000000000'."])
  await refused(t, app, () => clone(app, copy(), { brand: 'BAR' }), 404,
    ["No deployment was found matching trackId 'FOO261124003'."], 'a source of another brand')
  const accounts: [Record<string, unknown>, string][] = [
    [{ OwnerUserId: 'nobody' }, "'OwnerUserId' nobody was not found."],
    [{ OwnerUserId: 'retiredEditor' }, "'OwnerUserId' retiredEditor is not active."],
    [{ FinalApproverUserId: 'nobody' }, "'FinalApproverUserId' nobody was not found."],
    [{ FinalApproverUserId: 'retiredEditor' }, "'FinalApproverUserId' retiredEditor is not active."],
  ]
  for (const [extra, message] of accounts) await refused(t, app, () => clone(app, copy(extra)), 400, [message])
  await refused(t, app, () => clone(app, copy({ OwnerUserId: 'newHire' })), 403,
    ["OwnerUserId 'newHire' is not authorized to edit deployment 'FOO261124003'"])
  await refused(t, app, () => clone(app, copy({ CloneTrackId: 'FOO261127006', OwnerUserId: 'omailAccount1' })), 403,
    ["OwnerUserId 'omailAccount1' is not authorized to edit deployment 'FOO261127006'"])
  const asOwner = await clone(app, copy({ CloneTrackId: 'FOO261127006' }))
  t.equal(asOwner.statusCode, 200, "without an OwnerUserId the source's owner acts, and may")
  t.equal((await lookedUp(app, 'FOO', asOwner.json().TrackId)).OwnerUserId, 'partnerDesk')
  for (const trackId of ['FOO261127003', 'FOO261127004']) {
    await refused(t, app, () => clone(app, copy({ CloneTrackId: trackId })), 400,
      [`Deployment '${trackId}' cannot be cloned.`])
  }
})

t.test("a copy is New, named 'Copy of …', keeps the source's fields, merges testers", async (t) => {
  const app = await build(t)
  await atNow(app)
  const tester = (EmailAddress: string) => ({ FirstName: 'T', LastName: 'S', EmailAddress })
  const source = await created(app, {
    DeploymentName: 'Spring', CampaignId: 'C-9', Notes: 'brief', TrackLinks: 0, FinalApproverUserId: 'qaLead',
    BillingCategoryCode: 'O1230001', Testers: [tester('a@b.test'), tester('c@b.test')],
  })
  const res = await clone(app, copy({ CloneTrackId: source, DeploymentDate: '2026-12-24 08:00',
    Testers: [tester('C@B.test'), tester('e@b.test')] }))
  t.equal(res.statusCode, 200)
  const { TrackId } = res.json()
  t.equal(TrackId, 'FOO261201002', 'a TrackId of its own, of the sandbox day')
  const [from, to] = [await lookedUp(app, 'FOO', source), await lookedUp(app, 'FOO', TrackId)]
  t.match(to, {
    Status: 'New', DeploymentName: 'Copy of Spring', CampaignId: 'C-9', Notes: 'brief', TrackLinks: 'false',
    FinalApproverUserId: 'qaLead', BillingCategoryCode: 'O1230001', DeploymentTypeId: from.DeploymentTypeId,
    RequestedDate: '2026-12-24 08:00:00', CreatedDate: NOW,
  })
  t.same((to.Testers as { EmailAddress: string }[]).map((x) => x.EmailAddress), ['a@b.test', 'c@b.test', 'e@b.test'],
    "the source's testers, then the body's new ones (an email once, ignoring case)")
  t.same(to.ModificationHistory, [{ ChangeDescription: 'Deployment created (new). Requested date/time is ' +
    'Thu Dec 24 08:00:00 CST 2026', ChangedBy: 'omailAccount1', ChangedDate: NOW }])
  const named = await clone(app, copy({ CloneTrackId: source, DeploymentName: 'Summer', CampaignId: 'C-10' }))
  t.match(await lookedUp(app, 'FOO', named.json().TrackId), { DeploymentName: 'Summer', CampaignId: 'C-10' },
    'the fields sent replace the copy\'s')
  const long = await created(app, { DeploymentName: 'L'.repeat(80) })
  const cut = await clone(app, copy({ CloneTrackId: long }))
  t.equal((await lookedUp(app, 'FOO', cut.json().TrackId)).DeploymentName, `Copy of ${'L'.repeat(72)}`,
    'the default name is cut at 80 characters')
  t.equal((await admin(app).deployment('FOO', source))?.DeploymentName, 'Spring', 'the source is unchanged')
})

t.test('fields the clone page does not list are neither checked nor copied', async (t) => {
  const app = await build(t)
  await atNow(app)
  const res = await clone(app, copy({
    DeploymentTypeId: '12', Splits: 5, BillingCategoryCode: 5, UseContentRecommendation: 1,
    ContentRecommendationBehaviorId: { x: 1 }, NumberOfRecommendations: 'lots', OwnerUserId: 'omailAccount1',
  }))
  t.equal(res.statusCode, 200, res.body)
  const to = await lookedUp(app, 'FOO', res.json().TrackId)
  t.match(to, { DeploymentTypeId: 20, DeploymentTypeDescription: 'Promotional', DeploymentDesignation: 'Marketing' },
    "the source's type")
  t.notOk(to.BillingCategoryCode, 'no billing category')
  const stored = await admin(app).deployment('FOO', res.json().TrackId)
  t.match(stored, { UseContentRecommendation: false, ContentRecommendationBehaviorId: null,
    NumberOfRecommendations: null }, 'no content recommendations, which no right was checked for')
})

t.test("the copy's owner and approver, sent or the source's, must be active accounts", async (t) => {
  const app = await build(t)
  await atNow(app)
  await admin(app).seed({ deployments: [
    { Brand: 'FOO', TrackId: 'FOO261201901', OwnerUserId: 'retiredEditor', Status: 'New', DeploymentName: 'Old' },
    { Brand: 'FOO', TrackId: 'FOO261201902', OwnerUserId: 'omailAccount1', FinalApproverUserId: 'retiredEditor',
      Status: 'New', DeploymentName: 'Old approver' },
  ] })
  await refused(t, app, () => clone(app, copy({ CloneTrackId: 'FOO261201901' })), 400,
    ["'OwnerUserId' retiredEditor is not active."], "the source's inactive owner would own the copy")
  await refused(t, app, () => clone(app, copy({ CloneTrackId: 'FOO261201902' })), 400,
    ["'FinalApproverUserId' retiredEditor is not active."], "the source's inactive approver would approve it")
  const res = await clone(app, copy({ CloneTrackId: 'FOO261201902', FinalApproverUserId: 'qaLead' }))
  t.equal(res.statusCode, 200, 'an active approver sent instead')
})
