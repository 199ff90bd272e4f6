// A deployment made through the API, over a real socket: create → update → clone → lookup and
// search → send test → schedule (refused for want of recipients) → cancel, in both URL forms and
// under isolation; its TrackId by the sandbox clock's day; and where else it shows: the export (and
// the export re-imported), the events stream, the metrics and the journal.
import t, { type Test } from 'tap'
import type { DeploymentSaved } from '../src/contract/deployment-bodies.js'
import type { LookupView, SearchResult, VendorErrorBody } from '../src/contract/omeda.js'
import { AdminClient } from '../src/client.js'
import { build, GUID, listening } from './helpers.js'

type Answer = DeploymentSaved & LookupView & SearchResult & VendorErrorBody

/** An Omeda client on `base` (either URL form) for one app id, with every answer's status and JSON. */
function omedaClient(t: Test, base: string, appId: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-omeda-appid': appId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    t.equal(res.headers.get('content-type'), 'application/json', `${method} ${path} answers JSON`)
    return { status: res.status, json: (await res.json()) as Answer }
  }
}

const createBody = (extra: Record<string, unknown> = {}) => ({
  DeploymentName: 'Spring issue', DeploymentDate: '2031-03-02 07:45', DeploymentTypeId: 12,
  OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1, CampaignId: 'spring-2031',
  Testers: [{ FirstName: 'Ada', LastName: 'Tester', EmailAddress: 'ada@example.com' }], ...extra,
})

const changes = (view: LookupView) => view.ModificationHistory.map((e) => [e.ChangeDescription, e.ChangedBy])

t.test('the walk, in both URL forms, each in its own isolated world', async (t) => {
  const { url } = await listening(t, { isolation: 'app-id' })
  for (const [form, base] of [['vendor', `${url}/webservices/rest/brand/FOO`], ['short', `${url}/FOO`]] as const) {
    const appId = `sandbox-app-id+created-walk-${form}`
    const call = omedaClient(t, base, appId)
    await new AdminClient({ baseUrl: url, appId }).setClock({ now: '2031-02-10 09:00:00' })

    const types = await call('GET', '/deploymenttypes/*')
    t.equal(types.status, 200)
    const made = await call('POST', '/omail/deployment/*', createBody())
    t.equal(made.status, 200, `${form}: created ${JSON.stringify(made.json.Errors ?? '')}`)
    const trackId = made.json.TrackId
    t.equal(trackId, 'FOO310210001', `${form}: the first TrackId of the sandbox day`)
    const lookupUrl = `${url}/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`
    t.same(made.json.ResponseInfo, [{ SubmissionId: made.json.SubmissionId, TrackId: trackId, Url: lookupUrl }])
    t.match(made.json.SubmissionId, GUID)

    const updated = await call('PUT', '/omail/deployment/*', {
      TrackId: trackId, OwnerUserId: 'omailAccount1', DeploymentName: 'Spring issue (final)', DeploymentTypeId: 20,
      Notes: 'Checked by the desk',
    })
    t.equal(updated.status, 200, `${form}: updated ${JSON.stringify(updated.json.Errors ?? '')}`)
    t.same([updated.json.TrackId, updated.json.ResponseInfo[0]?.TrackId], [trackId, trackId])

    const cloned = await call('POST', '/omail/deployment/clone/*', {
      CloneTrackId: trackId, DeploymentDate: '2031-03-09 07:45',
    })
    t.equal(cloned.status, 200, `${form}: cloned ${JSON.stringify(cloned.json.Errors ?? '')}`)
    t.equal(cloned.json.TrackId, 'FOO310210002', 'the clone takes the next TrackId of the day')

    const original = (await call('GET', `/omail/deployment/lookup/${trackId}/*`)).json
    t.match(original, {
      TrackId: trackId, DeploymentName: 'Spring issue (final)', Status: 'New', OwnerUserId: 'omailAccount1',
      FinalApproverUserId: 'omailAccount1', CreatedBy: 'omailAccount1', CreatedDate: /^2031-02-10 09:0\d:\d\d$/,
      DeploymentTypeId: 20, DeploymentTypeDescription: 'Promotional', DeploymentDesignation: 'Marketing',
      RequestedDate: '2031-03-02 07:45:00', CampaignId: 'spring-2031', Notes: 'Checked by the desk',
      TrackLinks: 'true', TrackOpens: 'true', SplitCount: 1,
      Testers: [{ FirstName: 'Ada', LastName: 'Tester', EmailAddress: 'ada@example.com' }],
    })
    t.notOk('RecipientCount' in original, 'no RecipientCount before an audience')
    const copy = (await call('GET', '/omail/deployment/lookup/FOO310210002/*')).json
    t.match(copy, {
      DeploymentName: 'Copy of Spring issue (final)', Status: 'New', RequestedDate: '2031-03-09 07:45:00',
      DeploymentTypeId: 20, CampaignId: 'spring-2031', Notes: 'Checked by the desk', CreatedBy: 'omailAccount1',
      Testers: [{ EmailAddress: 'ada@example.com' }],
    })

    const found = await call('POST', '/omail/deployment/search/*', {
      TrackId: 'FOO310210', Type: 20, DeploymentDesignations: ['Marketing'], EnteredByOrAssignedTo: 'omailAccount1',
    })
    t.equal(found.status, 200)
    t.same(found.json.Deployments.map((d) => d.TrackId).sort(), [trackId, 'FOO310210002'], `${form}: search finds both`)
    t.match(found.json.Deployments.find((d) => d.TrackId === trackId), {
      CreatedBy: 'omailAccount1', CreatedDate: original.CreatedDate, DeploymentTypeId: 20,
      DeploymentTypeDescription: 'Promotional', DeploymentDesignation: 'Marketing', Status: 'New', Url: lookupUrl,
      Owner: 'omailAccount1', FinalApprover: 'omailAccount1',
    })

    const tested = await call('POST', '/omail/deployment/sendtest/*', { TrackId: trackId, UserId: 'omailAccount1' })
    t.equal(tested.status, 200, `${form}: the test is sent, the final approver being the owner`)
    const scheduled = await call('POST', '/omail/deployment/schedule/*', {
      TrackId: trackId, UserId: 'omailAccount1', ScheduledDate: '2031-03-02 07:45',
    })
    t.equal(scheduled.status, 400)
    t.same(scheduled.json.Errors.map((e) => e.Error), ['There are no recipients specified for this deployment.'])
    const cancelled = await call('POST', '/omail/deployment/cancel/*', { TrackId: trackId, UserId: 'omailAccount1' })
    t.equal(cancelled.status, 200, `${form}: cancelled`)

    const after = (await call('GET', `/omail/deployment/lookup/${trackId}/*`)).json
    t.equal(after.Status, 'Cancelled')
    t.same(changes(after).slice(1), [
      ["DeploymentName changed from: 'Spring issue' to: 'Spring issue (final)'", 'omailAccount1'],
      ["DeploymentTypeId changed from: '12' to: '20'", 'omailAccount1'],
      ["Notes changed from: '' to: 'Checked by the desk'", 'omailAccount1'],
      ['Test sent', 'omailAccount1'], ['Deployment cancelled', 'omailAccount1'],
    ], 'the refused schedule left no trace')
    t.match(changes(after)[0], [/^Deployment created \(new\)\. Requested date\/time is Sun Mar 02 07:45:00 CST 2031$/])
    const again = await call('POST', '/omail/deployment/search/*', { TrackId: trackId })
    t.match(again.json.Deployments, [{ TrackId: trackId, Status: 'Cancelled' }], `${form}: search finds it Cancelled`)
  }
  const elsewhere = await omedaClient(t, `${url}/FOO`, 'sandbox-app-id')(
    'GET', '/omail/deployment/lookup/FOO310210001/*'
  )
  t.equal(elsewhere.status, 404, 'a world that made nothing has no such deployment')
})

t.test('two app ids under isolation: their own TrackId sequences, ' +
  "and neither sees the other's deployments", async (t) => {
  const { url } = await listening(t, { isolation: 'app-id' })
  const [a, b] = ['sandbox-app-id+desk-a', 'sandbox-app-id+desk-b']
  const callA = omedaClient(t, `${url}/webservices/rest/brand/FOO`, a)
  const callB = omedaClient(t, `${url}/webservices/rest/brand/FOO`, b)
  await new AdminClient({ baseUrl: url, appId: a }).setClock({ now: '2031-02-10 09:00:00' })
  await new AdminClient({ baseUrl: url, appId: b }).setClock({ now: '2031-02-10 09:00:00' })

  const a1 = await callA('POST', '/omail/deployment/*', createBody({ DeploymentName: 'Desk A one' }))
  const a2 = await callA('POST', '/omail/deployment/*', createBody({ DeploymentName: 'Desk A two' }))
  const b1 = await callB('POST', '/omail/deployment/*', createBody({ DeploymentName: 'Desk B one' }))
  t.same([a1.json.TrackId, a2.json.TrackId, b1.json.TrackId], ['FOO310210001', 'FOO310210002', 'FOO310210001'])

  t.equal((await callB('GET', '/omail/deployment/lookup/FOO310210002/*')).status, 404, "B cannot look up A's")
  t.equal((await callB('GET', '/omail/deployment/lookup/FOO310210001/*')).json.DeploymentName, 'Desk B one')
  t.equal((await callA('GET', '/omail/deployment/lookup/FOO310210001/*')).json.DeploymentName, 'Desk A one')
  const searchA = await callA('POST', '/omail/deployment/search/*', { TrackId: 'FOO310210' })
  const searchB = await callB('POST', '/omail/deployment/search/*', { TrackId: 'FOO310210' })
  t.same(searchA.json.Deployments.map((d) => d.DeploymentName).sort(), ['Desk A one', 'Desk A two'])
  t.same(searchB.json.Deployments.map((d) => d.DeploymentName), ['Desk B one'])
  const cancelled = await callB(
    'POST', '/omail/deployment/cancel/*', { TrackId: 'FOO310210001', UserId: 'omailAccount1' }
  )
  t.equal(cancelled.status, 200)
  t.equal((await callA('GET', '/omail/deployment/lookup/FOO310210001/*')).json.Status, 'New', "B's cancel is B's own")
  const byUpdate = await callB('PUT', '/omail/deployment/*', { TrackId: 'FOO310210002', OwnerUserId: 'omailAccount1' })
  t.equal(byUpdate.status, 404, "B cannot update A's")
  t.same(byUpdate.json.Errors.map((e) => e.Error), ["No deployment was found matching trackId 'FOO310210002'."])
})

t.test("the TrackId's day is the sandbox clock's, in the vendor's zone", async (t) => {
  const { app, url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  const call = omedaClient(t, `${url}/webservices/rest/brand/FOO`, 'sandbox-app-id')
  const make = async (brand = 'FOO') => {
    const res = await omedaClient(t, `${url}/webservices/rest/brand/${brand}`, 'sandbox-app-id')(
      'POST', '/omail/deployment/*', createBody({ DeploymentDate: '2031-04-01 09:00' })
    )
    t.equal(res.status, 200, JSON.stringify(res.json.Errors ?? ''))
    return res.json.TrackId
  }
  // 23:30 in Chicago is already the next day in UTC: the day is Chicago's.
  await client.setClock({ now: '2031-03-04 23:30:00' })
  t.equal(await make(), 'FOO310304001')
  t.equal(await make(), 'FOO310304002')
  t.equal(await make('BAR'), 'BAR310304001', 'each brand has its own sequence')
  await client.setClock({ now: '2031-03-05 00:10:00' })
  t.equal(await make(), 'FOO310305001', 'a new day starts at 001')

  // A seeded deployment already holding the day's 001: the next create takes 002.
  await client.seed({
    deployments: [{ Brand: 'FOO', TrackId: 'FOO310306001', OwnerUserId: 'omailAccount1', Status: 'New' }],
  })
  await client.setClock({ now: '2031-03-06 08:00:00' })
  t.equal(await make(), 'FOO310306002')
  t.equal((await call('GET', '/omail/deployment/lookup/FOO310306002/*')).json.DeploymentName, 'Spring issue')
  t.equal((await client.deployment('FOO', 'FOO310306001'))?.DeploymentName ?? null, null, 'the seeded one untouched')
  await app.close()

  // East of UTC, 02:00 in Tokyo is still the day before in UTC: the day is Tokyo's.
  const east = await listening(t, { timezone: 'Asia/Tokyo' })
  await new AdminClient({ baseUrl: east.url }).setClock({ now: '2031-03-05 02:00:00' })
  const res = await omedaClient(t, `${east.url}/FOO`, 'sandbox-app-id')(
    'POST', '/omail/deployment/*', createBody({ DeploymentDate: '2031-04-01 09:00' })
  )
  t.equal(res.json.TrackId, 'FOO310305001')
})

/** One sample's value from the Prometheus text, 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `))
  return found === undefined ? 0 : Number(found.slice(line.length + 1))
}

t.test('a created deployment in the export (which re-imports), the events, the metrics and the journal',
  async (t) => {
    const { url } = await listening(t)
    const client = new AdminClient({ baseUrl: url })
    await client.setClock({ now: '2031-02-10 09:00:00' })
    const scrape = async () => (await fetch(`${url}/__admin/metrics`)).text()
    const before = await scrape()
    const events = await client.events({ type: 'submission' })
    const call = omedaClient(t, `${url}/webservices/rest/brand/FOO`, 'sandbox-app-id')

    const made = await call('POST', '/omail/deployment/*', createBody())
    const trackId = made.json.TrackId
    t.equal(trackId, 'FOO310210001')
    const update = { TrackId: trackId, OwnerUserId: 'omailAccount1', Notes: 'Second look' }
    t.equal((await call('PUT', '/omail/deployment/*', update)).status, 200)

    for await (const event of events) {
      if (event.type !== 'submission') continue
      t.match(event.submission, {
        Endpoint: 'create', Method: 'POST', TrackId: trackId, StatusCode: 200, SubmissionId: made.json.SubmissionId,
      }, 'the first submission event is the create, naming its TrackId')
      break
    }

    const after = await scrape()
    for (const kind of ['created', 'updated']) {
      const line = `omeda_state_transitions_total{kind="${kind}"}`
      t.equal(sample(after, line) - sample(before, line), 1, `one ${kind}`)
    }

    const [journaled] = await client.submissions({ endpoint: 'create' })
    t.match(journaled, { SubmissionId: made.json.SubmissionId, TrackId: trackId, Brand: 'FOO', StatusCode: 200 })
    t.same(JSON.parse(journaled?.ResponseBody ?? '{}'), made.json, 'the journal holds the answer as sent')
    t.equal(await client.count({ trackId, endpoint: 'update' }), 1, 'the update is journaled under it too')

    const exported = await client.fixtures()
    const stored = exported.deployments.find((d) => d.TrackId === trackId)
    t.match(stored, {
      Brand: 'FOO', Status: 'New', DeploymentName: 'Spring issue', Notes: 'Second look', CampaignId: 'spring-2031',
      RequestedDate: '2031-03-02 07:45:00', FinalApproverUserId: 'omailAccount1', DeploymentTypeId: 12,
    })
    const view = (await call('GET', `/omail/deployment/lookup/${trackId}/*`)).json

    // The export seeded into a fresh emulator: the same deployment, looked up there.
    const fresh = await build(t, { fixtures: [] })
    const seeded = await fresh.inject({
      method: 'POST', url: '/__admin/fixtures', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(exported),
    })
    t.equal(seeded.statusCode, 200, seeded.body)
    const there = await fresh.inject({
      url: `/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`,
      headers: { 'x-omeda-appid': 'sandbox-app-id' },
    })
    t.equal(there.statusCode, 200)
    t.same(there.json(), view, 'every field of the lookup, its history included')
    t.notOk('RecipientCount' in (there.json() as object), 'still without an audience')
  })
