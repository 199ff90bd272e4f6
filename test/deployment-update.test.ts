// Update (PUT …/omail/deployment/*): its own messages (TrackId, not found, not authorised, not
// editable), create's rules on the fields sent, and what a success changes: only the fields sent,
// one ModificationHistory entry each.
import t from 'tap'
import { admin, build } from './helpers.js'
import { atNow, lookedUp, NOW, refused, update, without } from './deployment-requests.js'

/** FOO261124003 is New, owned by omailAccount1, with no approver: every rule passes. */
const edit = (extra: Record<string, unknown> = {}) =>
  ({ TrackId: 'FOO261124003', OwnerUserId: 'omailAccount1', ...extra })

t.test('TrackId and OwnerUserId are required, each in its page\'s words', async (t) => {
  const app = await build(t)
  await atNow(app)
  const trackId = "'TrackId' is a required when updating an existing deployment."
  await refused(t, app, () => update(app, without(edit(), 'TrackId')), 400, [trackId])
  await refused(t, app, () => update(app, edit({ TrackId: ' ' })), 400, [trackId], 'a blank TrackId')
  await refused(t, app, () => update(app, edit({ TrackId: null })), 400, [trackId], 'a null TrackId')
  await refused(t, app, () => update(app, without(edit(), 'OwnerUserId')), 400, ["'OwnerUserId' is a required field."])
  await refused(t, app, () => update(app, edit({ OwnerUserId: '' })), 400, ["'OwnerUserId' is a required field."],
    'an empty OwnerUserId')
  await refused(t, app, () => update(app, {}), 400, [trackId, "'OwnerUserId' is a required field."], 'both')
  t.equal((await update(app, edit())).statusCode, 200, 'TrackId and OwnerUserId alone are enough')
})

t.test("create's rules apply to the fields sent", async (t) => {
  const app = await build(t)
  await atNow(app)
  const cases: [Record<string, unknown>, string][] = [
    [{ DeploymentName: 'x'.repeat(81) },
      `The value '${'x'.repeat(81)}' for field 'DeploymentName' exceeded a max length of 80.`],
    [{ CampaignId: 'c'.repeat(101) },
      `The value '${'c'.repeat(101)}' for field 'CampaignId' exceeded a max length of 100.`],
    [{ Splits: 3 }, "The The value '3' for field 'Splits' cannot be greater than 1."],
    [{ TrackLinks: -1 }, "The value '-1' for field 'TrackLinks' must be 0 or 1."],
    [{ TrackOpens: 7 }, "The value '7' for field 'TrackOpens' must be 0 or 1."],
    [{ DeploymentDate: '2026-12-05 10:00 AM' },
      "Invalid value '2026-12-05 10:00 AM' for field 'DeploymentDate'. Date format yyyy-MM-dd HH:mm is required."],
    [{ NumberOfRecommendations: 12 }, "The value '12' for field 'NumberOfRecommendations' must be between 1 and 10."],
    [{ UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 1 },
      "'NumberOfRecommendations' is required when the value for 'UseContentRecommendation' is 1."],
    [{ Testers: [{ FirstName: 'A', LastName: 'B' }] }, "'EmailAddress' is a required field."],
    [{ TrackId: 'FOO261124003', DeploymentDate: '2026-12-01 08:59' },
      "Invalid value '2026-12-01 08:59' for field 'DeploymentDate'. The date must be in the future."],
    [{ FinalApproverUserId: 'nobody' }, "'FinalApproverUserId' nobody was not found."],
    [{ FinalApproverUserId: 'retiredEditor' }, "'FinalApproverUserId' retiredEditor is not active."],
    [{ DeploymentTypeId: 77 },
      "Invalid value '77' submitted for field 'DeploymentTypeId'. The Deployment Type was not found."],
    [{ DeploymentTypeId: 99 },
      "Invalid value '99' submitted for field 'DeploymentTypeId'. The Deployment Type is not active."],
    [{ BillingCategoryCode: 'NOPE' }, "Unknown category code 'NOPE' submitted for field 'BillingCategoryCode'."],
  ]
  for (const [extra, message] of cases) await refused(t, app, () => update(app, edit(extra)), 400, [message])
  await refused(t, app, () => update(app, edit({ UseContentRecommendation: 1 })), 400, [
    "'ContentRecommendationBehaviorId' is required when the value for 'UseContentRecommendation' is 1.",
    "'UseImagesInRecommendation' is required when the value for 'UseContentRecommendation' is 1.",
    "'NumberOfRecommendations' is required when the value for 'UseContentRecommendation' is 1.",
  ], 'turning recommendations on for a deployment without them needs the group')
})

t.test('an unknown TrackId is 404; an account that may not act on it is 403', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => update(app, edit({ TrackId: 'FOO999999999' })), 404,
    ["No deployment was found matching trackId 'FOO999999999'."])
  await refused(t, app, () => update(app, edit({ TrackId: 'BAR261124002' })), 404,
    ["No deployment was found matching trackId 'BAR261124002'."], "another brand's deployment")
  await refused(t, app, () => update(app, edit({ OwnerUserId: 'newHire' })), 403,
    ["OwnerUserId 'newHire' is not authorized to edit deployment 'FOO261124003'"])
  await refused(t, app, () => update(app, edit({ OwnerUserId: 'nobody' })), 400,
    ["'OwnerUserId' nobody was not found."], 'an account that does not exist is a 400, before who may act')
  await refused(t, app, () => update(app, edit({ OwnerUserId: 'retiredEditor' })), 400,
    ["'OwnerUserId' retiredEditor is not active."])
  const rights = { UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 0,
    NumberOfRecommendations: 3 }
  await refused(t, app, () => update(app, { TrackId: 'FOO261127001', OwnerUserId: 'qaLead', ...rights }), 403,
    ["OwnerUserId 'qaLead' is not authorized to create deployments that Use Content Recommendations."])
  t.equal((await update(app, edit(rights))).statusCode, 200, 'the owner allowed them may')
})

t.test('Sent, Sending, Scheduled, Approved and Cancelled deployments, and portal ones, cannot be edited',
  async (t) => {
    const app = await build(t)
    await atNow(app)
    for (const [trackId, status] of [['FOO261118001', 'Sent'], ['FOO261125001', 'Sending'],
      ['FOO261124001', 'Scheduled'], ['FOO261124004', 'Approved'], ['FOO261110001', 'Cancelled']]) {
      await refused(t, app, () => update(app, edit({ TrackId: trackId, Notes: 'n' })), 400,
        [`Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot ` +
          'be edited.'], status)
    }
    await refused(t, app, () => update(app, edit({ TrackId: 'FOO261127003' })), 400,
      ["Deployment 'FOO261127003'  was created within the Omail portal and is not eligible for API access."])
    await refused(t, app, () => update(app, edit({ TrackId: 'FOO261127004' })), 400,
      ["Deployment 'FOO261127004' has been edited from the Omail portal and is not eligible for API access. " +
        'Last edited by portalEditor on 2026-11-27 15:42:10.'])
  })

t.test('only the fields sent change, each change one history entry', async (t) => {
  const app = await build(t)
  await atNow(app)
  const before = await admin(app).deployment('FOO', 'FOO261124003')
  const historyBefore = (await lookedUp(app, 'FOO', 'FOO261124003')).ModificationHistory as unknown[]
  const res = await update(app, edit({ DeploymentName: 'Launch', CampaignId: 'C-1', Notes: 'see brief' }),
    { prefix: 'short' })
  t.equal(res.statusCode, 200)
  const { SubmissionId } = res.json()
  t.same(res.json().ResponseInfo, [{ SubmissionId, TrackId: 'FOO261124003',
    Url: 'http://localhost:80/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124003/*' }])
  t.equal(res.json().TrackId, 'FOO261124003')
  const after = await admin(app).deployment('FOO', 'FOO261124003')
  t.same(
    after,
    {
      ...before, DeploymentName: 'Launch', CampaignId: 'C-1', Notes: 'see brief',
      ModificationHistory: after?.ModificationHistory,
    },
    'nothing else but the history, checked next'
  )
  const entry = (what: string, from: string, to: string) =>
    ({ ChangeDescription: `${what} changed from: '${from}' to: '${to}'`, ChangedBy: 'omailAccount1', ChangedDate: NOW })
  const history = (await lookedUp(app, 'FOO', 'FOO261124003')).ModificationHistory as unknown[]
  t.same(history, [...historyBefore, entry('DeploymentName', 'Product launch (draft)', 'Launch'),
    entry('CampaignId', '', 'C-1'), entry('Notes', '', 'see brief')])

  const retyped = await update(app, edit({ DeploymentTypeId: 12, TrackOpens: 0 }))
  t.equal(retyped.statusCode, 200)
  const typed = await lookedUp(app, 'FOO', 'FOO261124003')
  t.equal(typed.DeploymentTypeId, 12)
  t.equal(typed.DeploymentTypeDescription, 'Weekly Newsletter', 'the type brings its description')
  t.equal(typed.DeploymentDesignation, 'Newsletter', 'and its designation')
  t.equal(typed.TrackOpens, 'false')
  t.same((typed.ModificationHistory as unknown[]).slice(-2),
    [entry('DeploymentTypeId', '20', '12'), entry('TrackOpens', '1', '0')], 'the type change is one entry')
  const same = await update(app, edit({ DeploymentName: 'Launch' }))
  t.equal(same.statusCode, 200)
  t.equal(((await lookedUp(app, 'FOO', 'FOO261124003')).ModificationHistory as unknown[]).length, history.length + 2,
    'a field sent unchanged adds no entry')
})

t.test("the OwnerUserId of a PUT is the account acting: an approver's edit keeps the owner", async (t) => {
  const app = await build(t)
  await atNow(app)
  const res = await update(app, { TrackId: 'FOO261127001', OwnerUserId: 'qaLead', Notes: 'checked' })
  t.equal(res.statusCode, 200, 'the final approver may edit')
  const d = await lookedUp(app, 'FOO', 'FOO261127001')
  t.equal(d.OwnerUserId, 'omailAccount1', 'the owner is still the owner')
  t.same((d.ModificationHistory as { ChangeDescription: string }[]).slice(1).map((e) => e.ChangeDescription),
    ["Notes changed from: '' to: 'checked'"], 'one change, by the approver')
  const owner = await update(app, { TrackId: 'FOO261127001', OwnerUserId: 'omailAccount1', Notes: 'sent' })
  t.equal(owner.statusCode, 200, 'and may still edit it')
})

t.test('content recommendations on update: the group once, a behavior checked whenever given', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => update(app, edit({ ContentRecommendationBehaviorId: 5 })), 400,
    ["The value '5' for field 'ContentRecommendationBehaviorId' is not a valid Content Recommendation Behavior."],
    'an unknown behavior sent alone')
  await refused(t, app, () => update(app, edit({ UseContentRecommendation: 1 })), 400, [
    "'ContentRecommendationBehaviorId' is required when the value for 'UseContentRecommendation' is 1.",
    "'UseImagesInRecommendation' is required when the value for 'UseContentRecommendation' is 1.",
    "'NumberOfRecommendations' is required when the value for 'UseContentRecommendation' is 1.",
  ], 'turning them on needs the group')
  const group = { ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 1, NumberOfRecommendations: 4 }
  t.equal((await update(app, edit({ UseContentRecommendation: 1, ...group }))).statusCode, 200)
  const again = await update(app, edit({ UseContentRecommendation: 1, NumberOfRecommendations: 6 }))
  t.equal(again.statusCode, 200, 'a deployment that has the group keeps it: only the change is sent')
  t.match(await admin(app).deployment('FOO', 'FOO261124003'),
    { UseContentRecommendation: true, ContentRecommendationBehaviorId: 123, NumberOfRecommendations: 6 })
})

t.test('the history names the acting account in its own spelling; the same type again changes nothing', async (t) => {
  const app = await build(t)
  await atNow(app)
  const before = await lookedUp(app, 'FOO', 'FOO261124003')
  t.equal((await update(app, edit({ OwnerUserId: 'OMAILACCOUNT1', DeploymentTypeId: before.DeploymentTypeId,
    Notes: 'n' }))).statusCode, 200)
  const after = await lookedUp(app, 'FOO', 'FOO261124003')
  t.same((after.ModificationHistory as unknown[]).slice(-1),
    [{ ChangeDescription: "Notes changed from: '' to: 'n'", ChangedBy: 'omailAccount1', ChangedDate: NOW }])
  t.same([after.DeploymentTypeDescription, after.DeploymentDesignation],
    [before.DeploymentTypeDescription, before.DeploymentDesignation])
})

t.test("the vendor's name for an approver change; the right a deployment's recommendations need", async (t) => {
  const app = await build(t)
  await atNow(app)
  t.equal((await update(app, edit({ FinalApproverUserId: 'qaLead' }))).statusCode, 200)
  t.match((await lookedUp(app, 'FOO', 'FOO261124003')).ModificationHistory,
    [{}, { ChangeDescription: "FinalApproverEmail changed from: '' to: 'qaLead'" }])
  const group = { UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123, UseImagesInRecommendation: 1,
    NumberOfRecommendations: 4 }
  t.equal((await update(app, edit(group))).statusCode, 200)
  await refused(t, app, () => update(app, edit({ OwnerUserId: 'qaLead', NumberOfRecommendations: 9 })), 403,
    ["OwnerUserId 'qaLead' is not authorized to create deployments that Use Content Recommendations."],
    'an approver without the right may not change the group')
  t.equal((await update(app, edit({ OwnerUserId: 'qaLead', Notes: 'fine' }))).statusCode, 200,
    'but may edit the rest')
})
