// The order of checks of create, update and clone (docs: app id, URL, body, date, existence, what
// the body names, who may act, state): a body breaking two rules of different stages gets only the
// earlier stage's answer; the problems of one stage come together, in the page's order.
import t from 'tap'
import { admin, build } from './helpers.js'
import { atNow, clone, create, refused, update, validCreate, without } from './deployment-requests.js'

const PAST = '2026-11-30 09:00'
const pastDate = `Invalid value '${PAST}' for field 'DeploymentDate'. The date must be in the future.`
const typeNotFound = "Invalid value '13' submitted for field 'DeploymentTypeId'. The Deployment Type was not found."
const recommendations = { UseContentRecommendation: 1, ContentRecommendationBehaviorId: 123,
  UseImagesInRecommendation: 1, NumberOfRecommendations: 4 }

t.test('create: body, then date, then what the body names, then the right to recommend', async (t) => {
  const app = await build(t)
  await atNow(app)
  await refused(t, app, () => create(app, validCreate({ Splits: 2, DeploymentDate: PAST, DeploymentTypeId: 13 })),
    400, ["The The value '2' for field 'Splits' cannot be greater than 1."], 'a body problem before the date')
  await refused(t, app, () => create(app, validCreate({ DeploymentDate: PAST, DeploymentTypeId: 13 })), 400,
    [pastDate], 'the date before the type')
  await refused(t, app, () => create(app, validCreate({ DeploymentTypeId: 13, OwnerUserId: 'qaLead',
    ...recommendations })), 400, [typeNotFound], 'the type before the right to recommend')
  await refused(t, app, () => create(app, validCreate({ TrackId: 'X' }), { appId: 'nope' }), 403,
    ['The AppId submitted is forbidden access.'], 'the app id before the body')
})

t.test('create: every body problem in one answer, schema order then the rules in the page\'s order', async (t) => {
  const app = await build(t)
  await atNow(app)
  const tester = { FirstName: 'A', LastName: 'B', EmailAddress: 'a@b.test' }
  const body = {
    ...without(validCreate(), 'DeploymentName', 'TrackOpens'), DeploymentTypeId: 'twelve', CampaignId: 'c'.repeat(101),
    TrackId: 'FOO1', DeploymentDate: '2026-13-01 10:00', Testers: [tester, tester], Splits: 2, TrackLinks: 5,
    NumberOfRecommendations: 0,
  }
  await refused(t, app, () => create(app, body), 400, [
    "'DeploymentName' is a required field.",
    "The field 'DeploymentTypeId' must be an integer, but a string was given.",
    `The value '${'c'.repeat(101)}' for field 'CampaignId' exceeded a max length of 100.`,
    "'TrackOpens' is a required field.",
    "'TrackId' is not a valid field when creating a deployment. It will be auto-generated.",
    "Invalid value '2026-13-01 10:00' for field 'DeploymentDate'. Date format yyyy-MM-dd HH:mm is required.",
    "The Duplicate value 'a@b.test' submitted for Testers array, field 'EmailAddress'. Tester emails must be unique.",
    "The The value '2' for field 'Splits' cannot be greater than 1.",
    "The value '5' for field 'TrackLinks' must be 0 or 1.",
    "The value '0' for field 'NumberOfRecommendations' must be between 1 and 10.",
  ])
  await refused(t, app, () => create(app, validCreate({ OwnerUserId: 'nobody', FinalApproverUserId: 'retiredEditor',
    DeploymentTypeId: 99, BillingCategoryCode: 'B1', ...recommendations, ContentRecommendationBehaviorId: 9 })), 400, [
    "'OwnerUserId' nobody was not found.",
    "'FinalApproverUserId' retiredEditor is not active.",
    "Invalid value '99' submitted for field 'DeploymentTypeId'. The Deployment Type is not active.",
    "Unknown category code 'B1' submitted for field 'BillingCategoryCode'.",
    "The value '9' for field 'ContentRecommendationBehaviorId' is not a valid Content Recommendation Behavior.",
  ], 'what the body names: every problem together')
})

t.test('update: body, date, TrackId found, names, who may act, state', async (t) => {
  const app = await build(t)
  await atNow(app)
  const edit = (extra: Record<string, unknown>) => update(app, { OwnerUserId: 'omailAccount1', ...extra })
  const unknown = "No deployment was found matching trackId 'FOO000000000'."
  await refused(t, app, () => edit({ TrackId: 'FOO000000000', TrackLinks: 9 }), 400,
    ["The value '9' for field 'TrackLinks' must be 0 or 1."], 'a body problem before an unknown TrackId')
  await refused(t, app, () => edit({ TrackId: 'FOO000000000', DeploymentDate: PAST }), 400, [pastDate],
    'the date before an unknown TrackId')
  await refused(t, app, () => edit({ TrackId: 'FOO000000000', OwnerUserId: 'newHire' }), 404, [unknown],
    'an unknown TrackId before who may act')
  await refused(t, app, () => edit({ TrackId: 'FOO000000000', OwnerUserId: 'nobody' }), 404, [unknown],
    'an unknown TrackId before the accounts named')
  await refused(t, app, () => edit({ TrackId: 'FOO261124003', OwnerUserId: 'newHire', DeploymentTypeId: 13 }), 400,
    [typeNotFound], 'what the body names before who may act')
  await refused(t, app, () => edit({ TrackId: 'FOO261124001', OwnerUserId: 'newHire' }), 403,
    ["OwnerUserId 'newHire' is not authorized to edit deployment 'FOO261124001'"], 'who may act before the state')
  await refused(t, app, () => edit({ TrackId: 'FOO261124001', OwnerUserId: 'qaLead', ...recommendations }), 403,
    ["OwnerUserId 'qaLead' is not authorized to create deployments that Use Content Recommendations."],
    'the right to recommend before the state')
  await refused(t, app, () => edit({ TrackId: 'FOO261127003', OwnerUserId: 'newHire' }), 403,
    ["OwnerUserId 'newHire' is not authorized to edit deployment 'FOO261127003'"], 'who may act before the portal')
  const [refusal] = await admin(app).submissions({ limit: 1 })
  t.match(refusal, { Endpoint: 'update', Method: 'PUT', StatusCode: 403, TrackId: 'FOO261127003' },
    'the journal has the refusal, with its TrackId')
})

t.test('clone: body, date, source found, names, who may act, portal', async (t) => {
  const app = await build(t)
  await atNow(app)
  const copy = (extra: Record<string, unknown>) =>
    clone(app, { CloneTrackId: 'FOO261124003', DeploymentDate: '2026-12-05 10:00', ...extra })
  const unknown = "No deployment was found matching trackId 'FOO000000000'."
  await refused(t, app, () => copy({ CloneTrackId: 'FOO000000000', CampaignId: 'c'.repeat(51) }), 400,
    [`The value '${'c'.repeat(51)}' for field 'CampaignId' exceeded a max length of 50.`])
  await refused(t, app, () => copy({ CloneTrackId: 'FOO000000000', DeploymentDate: PAST }), 400, [pastDate])
  await refused(t, app, () => copy({ CloneTrackId: 'FOO000000000', OwnerUserId: 'nobody' }), 404, [unknown])
  await refused(t, app, () => copy({ OwnerUserId: 'retiredEditor' }), 400,
    ["'OwnerUserId' retiredEditor is not active."], 'the accounts named before who may act')
  await refused(t, app, () => copy({ CloneTrackId: 'FOO261127003', OwnerUserId: 'newHire' }), 403,
    ["OwnerUserId 'newHire' is not authorized to edit deployment 'FOO261127003'"], 'who may act before the portal')
  const [refusal] = await admin(app).submissions({ limit: 1 })
  t.match(refusal, { Endpoint: 'clone', Method: 'POST', StatusCode: 403 }, 'the journal has the refusal')
})
