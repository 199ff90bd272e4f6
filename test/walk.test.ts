// The lifecycle walk over a real socket, in both URL forms and under app-id isolation:
// send test → schedule → lookup → unschedule → schedule again → cancel → search finds it Cancelled.
import t from 'tap'
import type { DeploymentChanged, LookupView, SearchResult, VendorErrorBody } from '../src/contract/omeda.js'
import { admin, listening } from './helpers.js'

const TRACK_ID = 'FOO261127001'

t.test('the walk, in both URL forms, each in its own isolated world', async (t) => {
  const { app, url } = await listening(t, { isolation: 'app-id' })
  for (const [form, base] of [['vendor', `${url}/webservices/rest/brand/FOO`], ['short', `${url}/FOO`]] as const) {
    const appId = `sandbox-app-id+walk-${form}`
    const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-omeda-appid': appId, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      t.equal(res.headers.get('content-type'), 'application/json', `${form} ${method} ${path}`)
      return { status: res.status, json: (await res.json()) as T }
    }
    const act = async (endpoint: string, body: Record<string, unknown>) => {
      const res = await call<DeploymentChanged & VendorErrorBody>(
        'POST',
        `/omail/deployment/${endpoint}/*`,
        { TrackId: TRACK_ID, ...body }
      )
      t.equal(res.status, 200, `${form}: ${endpoint} ${JSON.stringify(res.json.Errors ?? '')}`)
      t.equal(res.json.ResponseInfo[0]?.TrackId, TRACK_ID)
      return res.json
    }
    const view = async () => (await call<LookupView>('GET', `/omail/deployment/lookup/${TRACK_ID}/*`)).json

    await act('sendtest', { UserId: 'qaLead' })
    const scheduled = await act('schedule', { UserId: 'omailAccount1', ScheduledDate: '2031-03-02 07:45' })
    const lookupUrl = scheduled.ResponseInfo[0]!.Url
    t.equal(
      lookupUrl,
      `${url}/webservices/rest/brand/FOO/omail/deployment/lookup/${TRACK_ID}/*`,
      'the Url is the lookup, in the vendor form'
    )
    const followed = await fetch(lookupUrl, { headers: { 'x-omeda-appid': appId } })
    t.match(
      await followed.json(),
      { TrackId: TRACK_ID, Status: 'Scheduled', ScheduledDate: '2031-03-02 07:45:00' },
      `${form}: the Url can be followed`
    )
    t.match(await view(), { Status: 'Scheduled', ApprovalDate: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/ })

    await act('unschedule', { UserId: 'omailAccount1' })
    t.match(await view(), { Status: 'New', ScheduledDate: null, ApprovalDate: null })

    await act('schedule', { UserId: 'qaLead', ScheduledDate: '2031-03-09 07:45' })
    t.match(
      await view(),
      { Status: 'Scheduled', ScheduledDate: '2031-03-09 07:45:00' },
      'scheduled again without a new test'
    )

    await act('cancel', { UserId: 'omailAccount1' })
    const found = await call<SearchResult>('POST', '/omail/deployment/search/*', { TrackId: TRACK_ID })
    t.equal(found.status, 200)
    t.match(
      found.json.Deployments,
      [{ TrackId: TRACK_ID, Status: 'Cancelled', Url: lookupUrl }],
      `${form}: search finds it Cancelled`
    )
    t.same((await view()).ModificationHistory.map((e) => [e.ChangeDescription, e.ChangedBy]), [
      ['Deployment created', 'omailAccount1'], ['Test sent', 'qaLead'], ['Deployment scheduled', 'omailAccount1'],
      ['Deployment unscheduled', 'omailAccount1'], ['Deployment scheduled', 'qaLead'], [
        'Deployment cancelled',
        'omailAccount1'
      ],
    ])
    t.equal(
      await admin(app, { appId }).count({ trackId: TRACK_ID }),
      11,
      'every call (5 changes, a search, 5 lookups) journaled in its world'
    )
  }
  t.equal(
    (await admin(app, { appId: 'sandbox-app-id' }).deployment('FOO', TRACK_ID))?.Status,
    'New',
    'another world never saw the walk'
  )
})
