// Requests shaped exactly as public Omeda clients send them, over a real socket: the JavaScript
// client of parameter1/omeda (packages/api-client: searchDeployments, lookupDeploymentById) and the
// PHP clients that schedule, unschedule and send tests. Each answer is read the way that client reads it.
import t from 'tap'
import type { LookupView, SearchResult, VendorErrorBody } from '../src/contract/omeda.js'
import { listening } from './helpers.js'

const APP_ID = 'sandbox-app-id'
// What the JavaScript client puts in every request: its app id and its user agent; a body's type when it has one.
const JS_HEADERS = {
  'x-omeda-appid': APP_ID,
  'user-agent': '@parameter1/omeda-api-client v0.7.0 (+https://github.com/parameter1/omeda/tree/main/packages/api-client#readme)',
}

/** The JavaScript client's reading of an answer: JSON by content type; on failure, Errors[0].Error. */
async function asTheJsClientReads(res: Response): Promise<unknown> {
  if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) {
    throw new Error(`unsupported content type ${res.headers.get('content-type')}`)
  }
  const json = (await res.json()) as Partial<VendorErrorBody>
  if (!res.ok) throw Object.assign(new Error(json.Errors?.[0]?.Error ?? res.statusText), { status: res.status })
  return json
}

t.test('parameter1 searchDeployments: its default body, its filters, its reading of Deployments', async (t) => {
  const { url } = await listening(t)
  const searchUrl = `${url}/webservices/rest/brand/FOO/omail/deployment/search/*`
  const searchDeployments = async (body: Record<string, unknown>) => {
    const res = await fetch(
      searchUrl,
      { method: 'POST', headers: { ...JS_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) }
    )
    return ((await asTheJsClientReads(res)) as SearchResult).Deployments
  }
  const all = await searchDeployments({ NumResults: 50 })
  t.equal(all.length, 14, 'with no arguments it sends only NumResults 50')
  for (const d of all) {
    for (const key of ['Owner', 'Status', 'FinalApprover', 'Url', 'DeploymentTypeId', 'DeploymentTypeDescription',
      'DeploymentDesignation',
      'TrackId', 'CreatedDate', 'CreatedBy', 'DeploymentName'] as const) t.ok(key in d, `${d.TrackId} has ${key}`)
  }
  // Its dates are format-date's default, 'YYYY-MM-DD HH:mm', in America/Chicago time.
  const filtered = await searchDeployments({
    DeploymentDateStart: '2026-11-01 00:00', DeploymentDateEnd: '2026-11-30 23:59',
    DeploymentDesignations: ['Newsletter'],
    DeploymentName: 'digest', Type: 12, EnteredByOrAssignedTo: 'omailAccount1', NumResults: 50, Statuses: ['SENT'],
    TrackId: 'FOO2611',
  })
  t.same(filtered.map((d) => [d.TrackId, d.Status, d.SentDate]), [['FOO261118001', 'Sent', '2026-11-18 08:00:00']])
  const lookupOfHit = await fetch(filtered[0]!.Url, { headers: JS_HEADERS })
  t.equal(
    ((await asTheJsClientReads(lookupOfHit)) as LookupView).TrackId,
    'FOO261118001',
    "each item's Url is a working lookup"
  )
})

t.test('parameter1 lookupDeploymentById: GET with no body ' +
  'type, TrackId read; a 404 throws the vendor message', async (t) => {
  const { url } = await listening(t)
  const lookupDeploymentById = async (trackId: string, inputId?: string) => {
    const res = await fetch(`${url}/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId.trim()}/*`, {
      headers: { ...JS_HEADERS, ...(inputId === undefined ? {} : { 'x-omeda-inputid': inputId }) },
    })
    return (await asTheJsClientReads(res)) as LookupView
  }
  t.match(
    await lookupDeploymentById(' FOO261124001 '),
    { TrackId: 'FOO261124001', Status: 'Scheduled', ModificationHistory: Array }
  )
  t.match(await lookupDeploymentById('FOO261124002', 'INPUT123'), { TrackId: 'FOO261124002' }, 'with an input id')
  await t.rejects(
    lookupDeploymentById('FOO000000000'),
    { message: 'Could not find deployment matching track Id FOO000000000', status: 404 }
  )
})

t.test('the PHP clients: schedule with [NOW] or Y-m-d H:i, unschedule, sendtest, with their headers', async (t) => {
  const { url } = await listening(t)
  const php = async (endpoint: string, body: Record<string, unknown>, contentType = 'application/json') => {
    const res = await fetch(`${url}/webservices/rest/brand/FOO/omail/deployment/${endpoint}/*`, {
      method: 'POST', headers: {
        'x-omeda-appid': APP_ID,
        'x-omeda-inputid': 'INPUT123',
        'Content-Type': contentType
      }, body: JSON.stringify(body),
    })
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & Partial<VendorErrorBody> }
  }
  t.equal((await php('sendtest', { TrackId: 'FOO261127001', UserId: 'omailAccount1' })).status, 200)
  t.equal(
    (await php(
      'schedule',
      { TrackId: 'FOO261127001', UserId: 'omailAccount1', ScheduledDate: '2031-04-01 10:00' }
    )).status,
    200
  )
  t.equal((await php('unschedule', { TrackId: 'FOO261127001', UserId: 'omailAccount1' })).status, 200)
  const now = await php(
    'schedule',
    { UserId: 'omailAccount1', TrackId: 'FOO261127001', ScheduledDate: '[NOW]' },
    'application/json;charset=utf-8'
  )
  t.equal(now.status, 200, 'the WordPress connector: [NOW], with a charset')
  const again = await php(
    'schedule',
    { UserId: 'omailAccount1', TrackId: 'FOO261127001', ScheduledDate: '[NOW]' },
    'application/json;charset=utf-8'
  )
  t.equal(again.status, 400)
  t.match(
    again.json.Errors?.[0]?.Error,
    /^Deployment 'FOO261127001' was sent on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.$/,
    'it reads Errors[0].Error'
  )
})
