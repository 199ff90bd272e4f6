// The sibling Lookup API: the Url a successful cancel returns can be followed, and shows the cancel.
import t from 'tap'
import { appIdHeader, build, cancel, errorsOf, GUID, lookup, lookupPath } from './helpers.js'

t.test('a lookup returns the deployment in the vendor shape, on both prefixes and each tail', async (t) => {
  const app = await build(t)
  for (const [prefix, tail] of [['vendor', '/*'], ['vendor', ''], ['short', '/'], ['short', '/*']] as const) {
    const res = await lookup(app, 'FOO261118001', { prefix, tail })
    t.equal(res.statusCode, 200, `${prefix} ${tail}`)
    t.equal(res.headers['content-type'], 'application/json')
    t.same(res.json(), {
      TrackId: 'FOO261118001', DeploymentName: 'November digest', Status: 'Sent', OwnerUserId: 'omailAccount1',
      FinalApproverUserId: null, CreatedBy: 'omailAccount1', CreatedDate: '2026-11-17 16:30:00',
      ApprovalDate: null, ScheduledDate: '2026-11-18 08:00:00', SentDate: '2026-11-18 08:00:00',
      DeploymentDesignation: 'Newsletter', DeploymentTypeId: 12, DeploymentTypeDescription: 'Weekly Newsletter',
      RequestedDate: null, CampaignId: '', TrackLinks: 'true', TrackOpens: 'true', IsFiltered: 'false',
      ReloadOnqQueryBeforeFinalDeployment: 'false',
      SentCount: 0, RecipientCount: 5100, UniqueOpens: 0, SplitCount: 0, Splits: [], Testers: [],
      ModificationHistory: [
        { ChangeDescription: 'Deployment created', ChangedBy: 'omailAccount1', ChangedDate: '2026-11-17 16:30:00' },
        { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: '2026-11-18 08:00:00' },
      ],
    })
  }
  const head = await app.inject({ method: 'HEAD', url: lookupPath('FOO261118001'), headers: appIdHeader() })
  t.equal(head.statusCode, 200, 'HEAD is answered like GET')
})

t.test('following the Url of a successful cancel shows it Cancelled, with who and when', async (t) => {
  const app = await build(t)
  const done = await cancel(app, { UserId: 'qaLead', TrackId: 'FOO261124002' })
  const url = new URL(done.json().ResponseInfo[0].Url as string)
  const res = await app.inject({ method: 'GET', url: url.pathname, headers: appIdHeader() })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.Status, 'Cancelled')
  const last = body.ModificationHistory.at(-1)
  t.match(
    last,
    {
      ChangeDescription: 'Deployment cancelled',
      ChangedBy: 'qaLead',
      ChangedDate: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
    }
  )
})

t.test('lookup errors: app id first, then 404 in the documented words, 405 with Allow: GET', async (t) => {
  const app = await build(t)
  const forbidden = await lookup(app, 'BAR261124001', { brand: 'BAR', appId: 'foo-only-app-id' })
  t.equal(forbidden.statusCode, 403)
  t.same(errorsOf(forbidden), ['The AppId submitted is forbidden access.'])
  const missing = await lookup(app, 'FOO000000000')
  t.equal(missing.statusCode, 404)
  t.same(errorsOf(missing), ['Could not find deployment matching track Id FOO000000000'])
  t.match(missing.json().SubmissionId, GUID)
  const post = await app.inject({ method: 'POST', url: lookupPath('FOO261124001'), headers: appIdHeader() })
  t.equal(post.statusCode, 405)
  t.equal(post.headers.allow, 'GET')
  t.same(errorsOf(post), ["The HTTP method 'POST' is not allowed for this resource. Use GET."])
})
