// Requests shaped exactly as public Omeda clients send them, over a real socket: the JavaScript
// client of parameter1/omeda (packages/api-client: searchDeployments, lookupDeploymentById), the
// PHP clients that schedule, unschedule and send tests, and those that make deployments (create,
// update, deployment types). Each answer is read the way that client reads it.
import t from 'tap'
import type { LookupView, SearchResult, VendorErrorBody } from '../src/contract/omeda.js'
import { GUID, listening } from './helpers.js'
import { curlExchange } from './raw-http.js'

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

// Deployments the public clients make: jtstogner's WordPress connector, the cygnus Symfony bundle
// (cygnusb2b/ApiSuiteBundle) and Alley's wp-newsletter-builder, each read the way it reads.

/** PHP's json_encode with default flags: `/` escaped as `\/`, every non-ASCII character as `\uXXXX`. */
const phpJsonEncode = (value: unknown): string => JSON.stringify(value)
  .replace(/\//g, '\\/')
  .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** PHP's gmdate('Y-m-d H:i', seconds). */
const gmdate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')

t.test('the WordPress connector: deploymenttypes read as it reads them, its create body with a charset, ' +
  'top-level TrackId, and RecipientCount absent as "not ready"', async (t) => {
  const { url } = await listening(t)
  const brandUrl = `${url}/webservices/rest/brand/FOO/`
  // send_request(): app id and user agent always; Content-Type (with its charset, no space) only with a body.
  const sendRequest = async (endpoint: string, method: string, payload?: unknown) => {
    const res = await fetch(brandUrl + endpoint, {
      method,
      headers: {
        'x-omeda-appid': APP_ID, 'User-Agent': 'Omeda_WP_Integration/1.13.1',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json;charset=utf-8' }),
      },
      ...(payload === undefined ? {} : { body: phpJsonEncode(payload) }),
    })
    const text = await res.text()
    let decoded: unknown
    try { decoded = JSON.parse(text) } catch { decoded = text }
    if (res.status < 200 || res.status > 299) {
      const error = (decoded as Partial<VendorErrorBody>).Errors?.[0]?.Error
      throw Object.assign(new Error(`Omeda API Error (HTTP ${res.status}): ${error}`), { status: res.status })
    }
    return decoded as Record<string, unknown>
  }
  // class-omeda-data-manager.php: Id set, StatusCode == 1 (loosely), Name, else Description, else 'Unknown'.
  const types = (await sendRequest('deploymenttypes/*', 'GET')).DeploymentTypes as Record<string, unknown>[]
  const names = Object.fromEntries(types
    .filter((type) => type.Id !== undefined && type.Id !== null && String(type.StatusCode) === '1')
    .map((type) => [String(type.Id), String(type.Name ?? type.Description ?? 'Unknown')]))
  t.same(names, { 12: 'Weekly Newsletter', 20: 'Promotional' }, 'the active types, by Id, named')

  // A draft save: the next full hour in UTC, 'Y-m-d H:i'; every byte 1; Testers always [].
  const deploymentDate = gmdate(Math.ceil(Date.now() / 1000 / 3600) * 3600)
  const created = await sendRequest('omail/deployment/*', 'POST', {
    DeploymentName: 'Café notes / issue 7', DeploymentDate: deploymentDate, DeploymentTypeId: Number('12'),
    CampaignId: 'campaign-123-20251029', OwnerUserId: 'omailAccount1', FinalApproverUserId: 'omailAccount1',
    Splits: 1, TrackLinks: 1, TrackOpens: 1, Notes: 'Deployed via WordPress integration',
    ReloadOnqQueryBeforeFinalDeployment: 1, Testers: [],
  })
  // It reads the top-level TrackId only, and throws without it.
  if (typeof created.TrackId !== 'string') throw new Error('Failed to retrieve TrackId after creating deployment.')
  const trackId = created.TrackId
  t.match(trackId, /^FOO\d{6}\d{3}$/, 'BRAND + yyMMdd + 3 digits')

  // check_prerequisites: a 404 is "not created yet"; isset($details['RecipientCount']) is "the audience is ready".
  const lookupOf = async (id: string) => {
    try {
      return await sendRequest(`omail/deployment/lookup/${id}/*`, 'GET')
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null
      throw error
    }
  }
  const audienceReady = (details: Record<string, unknown> | null) =>
    details !== null && details.RecipientCount !== undefined && details.RecipientCount !== null
  const details = await lookupOf(trackId)
  t.not(details, null, 'created: the lookup finds it')
  t.notOk(audienceReady(details), 'no RecipientCount yet: the audience is not ready')
  t.match(details, {
    TrackId: trackId, DeploymentName: 'Café notes / issue 7', Status: 'New', DeploymentTypeId: 12,
    RequestedDate: `${deploymentDate}:00`, CampaignId: 'campaign-123-20251029',
    Notes: 'Deployed via WordPress integration', ReloadOnqQueryBeforeFinalDeployment: 'true', TrackLinks: 'true',
    TrackOpens: 'true', SplitCount: 1, Testers: [], FinalApproverUserId: 'omailAccount1',
  }, 'the escaped name decoded, every field as sent')
  t.ok(audienceReady(await lookupOf('FOO261127002')), 'a RecipientCount of 0 counts as ready')
  t.equal(await lookupOf('FOO000000000'), null, 'an unknown TrackId is "not created yet"')
  await t.rejects(
    sendRequest('omail/deployment/*', 'POST', { DeploymentName: '' }),
    { message: /^Omeda API Error \(HTTP 400\): / },
    'a refusal reaches it as Errors[0].Error'
  )
})

t.test('the Symfony bundle: its create POST and its PUT update (Expect: 100-continue), ' +
  'with its padded headers and no user agent', async (t) => {
  const { url, port } = await listening(t)
  const host = `Host:            127.0.0.1:${port}`
  // ApiClientOmeda: X-Omeda-Appid always; X-Omeda-Inputid and Content-Type: application/json on POST and PUT.
  const bundle = (method: 'POST' | 'PUT', path: string, body: string, expectContinue = false) =>
    curlExchange(port, [
      `${method} /webservices/rest/brand/FOO${path} HTTP/1.1`, host, 'Accept: */*',
      `X-Omeda-Appid:   ${APP_ID}`, 'X-Omeda-Inputid: INPUT123', 'Content-Type:    application/json',
      `Content-Length: ${Buffer.byteLength(body)}`, ...(expectContinue ? ['Expect: 100-continue'] : []),
    ], body, expectContinue)
  const lookup = async (trackId: string) => {
    const res = await curlExchange(port, [
      `GET /webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/* HTTP/1.1`, host, 'Accept: */*',
      `X-Omeda-Appid:   ${APP_ID}`,
    ], '')
    return { status: res.status, json: JSON.parse(res.body) as LookupView }
  }

  // omailDeploymentCreate: the caller's array, json_encode'd; the raw answer handed back.
  const made = await bundle('POST', '/omail/deployment/*', JSON.stringify({
    DeploymentName: 'Bundle digest', DeploymentDate: '2031-06-01 08:00', DeploymentTypeId: 20,
    OwnerUserId: 'omailAccount1', FinalApproverUserId: 'qaLead', Splits: 1, TrackLinks: 1, TrackOpens: 0,
  }))
  t.equal(made.status, 200, made.body)
  t.match(made.head, /\r\ncontent-type: application\/json\r\n/i)
  const { TrackId: trackId, ResponseInfo } = JSON.parse(made.body) as { TrackId: string; ResponseInfo: unknown[] }
  const lookupUrl = `${url}/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`
  t.match(ResponseInfo, [{ TrackId: trackId, Url: lookupUrl }])

  // omailDeploymentUpdate: CURLOPT_PUT from a file, Content-Length set; libcurl waits for 100 Continue.
  const updated = await bundle('PUT', '/omail/deployment/*', JSON.stringify({
    TrackId: trackId, OwnerUserId: 'omailAccount1', DeploymentName: 'Bundle digest (v2)', TrackOpens: 1,
  }), true)
  t.match(updated.interim, /^HTTP\/1\.1 100 Continue/, 'the server invites the body')
  t.equal(updated.status, 200, updated.body)
  t.equal((JSON.parse(updated.body) as { TrackId: string }).TrackId, trackId)
  const view = await lookup(trackId)
  t.equal(view.status, 200)
  t.match(view.json, { DeploymentName: 'Bundle digest (v2)', TrackOpens: 'true', FinalApproverUserId: 'qaLead' })
  t.same(view.json.ModificationHistory.slice(1).map((e) => e.ChangeDescription), [
    "DeploymentName changed from: 'Bundle digest' to: 'Bundle digest (v2)'", "TrackOpens changed from: '0' to: '1'",
  ])

  // A PUT without its TrackId (the bundle adds nothing): the page's own words, and no change.
  const bare = await bundle('PUT', '/omail/deployment/*', JSON.stringify({ OwnerUserId: 'omailAccount1' }), true)
  t.equal(bare.status, 400)
  t.same((JSON.parse(bare.body) as VendorErrorBody).Errors.map((e) => e.Error),
    ["'TrackId' is a required when updating an existing deployment."])
})

t.test("Alley's newsletter builder: a stray POST before each call (a 405 that changes nothing), " +
  'its create sent twice (two deployments), its deploymenttypes reading', async (t) => {
  const { url } = await listening(t)
  const userAgent = 'WordPress/6.4.1; https://newsletters.example.org'
  const stray: { endpoint: string; status: number; body: Partial<VendorErrorBody> }[] = []
  // Omeda_Client::call() @6ff255d: an unconditional wp_remote_post first (app id and JSON type only),
  // then the real request with the input id (empty in its settings); only the second answer counts,
  // and only an exact 200 is a success.
  const call = async (endpoint: string, data: unknown, method: 'GET' | 'POST') => {
    const target = `${url}/webservices/rest/brand/FOO/${endpoint}/*`
    const first = await fetch(target, {
      method: 'POST', body: JSON.stringify(data),
      headers: { 'x-omeda-appid': APP_ID, 'Content-Type': 'application/json', 'User-Agent': userAgent },
    })
    stray.push({ endpoint, status: first.status, body: (await first.json()) as Partial<VendorErrorBody> })
    const res = await fetch(target, {
      method,
      headers: {
        'x-omeda-appid': APP_ID, 'x-omeda-inputid': '', 'Content-Type': 'application/json', 'User-Agent': userAgent,
      },
      ...(method === 'POST' ? { body: JSON.stringify(data) } : {}),
    })
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
  const exportNow = async () => (await fetch(`${url}/__admin/fixtures`)).json()
  const before = await exportNow()

  // get_lists(): Id (as a string) and Name, sorted by Name; no StatusCode filter.
  const types = ((await call('deploymenttypes', null, 'GET')).DeploymentTypes as { Id: number; Name: string }[])
    .map((type) => ({ ListID: String(type.Id), Name: type.Name }))
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
  t.same(types, [
    { ListID: '20', Name: 'Promotional' }, { ListID: '99', Name: 'Retired' },
    { ListID: '12', Name: 'Weekly Newsletter' },
  ])
  t.match(stray[0], {
    endpoint: 'deploymenttypes', status: 405,
    body: {
      Errors: [{ Error: "The HTTP method 'POST' is not allowed for this resource. Use GET." }], SubmissionId: GUID,
    },
  }, 'the stray POST (body null) to deploymenttypes is a vendor-shaped 405')
  t.same(await exportNow(), before, 'and changes nothing')

  // create_campaign(): one tester, no FinalApproverUserId, the date one minute ahead in UTC.
  const body = {
    DeploymentName: 'Title - Post 123 - 2031-01-01 15:04:05', DeploymentTypeId: Number.parseInt(types[2]!.ListID, 10),
    DeploymentDate: gmdate(Math.floor(Date.now() / 1000) + 60), OwnerUserId: 'newHire', Splits: 1, TrackOpens: 1,
    TrackLinks: 1, Testers: [{ FirstName: 'Greg', LastName: 'Marshall', EmailAddress: 'greg@alley.example' }],
  }
  const created = await call('omail/deployment', body, 'POST')
  const trackId = created.TrackId as string
  t.equal(stray[1]?.status, 200, 'the stray POST of the same body is a create too')
  const strayTrackId = (stray[1]?.body as { TrackId?: string }).TrackId
  t.not(strayTrackId, undefined)
  t.not(trackId, strayTrackId, 'its double create makes two deployments, each with its own TrackId')

  // get_campaign(): a stray POST of [] to the lookup, then the GET (still with its JSON type, no body).
  const raw = await call(`omail/deployment/lookup/${trackId}`, [], 'GET')
  t.match(stray[2], { status: 405, body: { Errors: [{ Error: /^The HTTP method 'POST' is not allowed/ }] } })
  t.match(raw, {
    TrackId: trackId, Status: 'New', OwnerUserId: 'newHire', FinalApproverUserId: 'newHire',
    Testers: [{ FirstName: 'Greg', LastName: 'Marshall', EmailAddress: 'greg@alley.example' }],
  }, 'the final approver defaults to the owner')
  const twin = await call(`omail/deployment/lookup/${strayTrackId}`, [], 'GET')
  t.match(twin, { DeploymentName: body.DeploymentName, Status: 'New' })
  const after = (await exportNow()) as { deployments: { TrackId: string }[] }
  t.equal(after.deployments.length, (before as { deployments: unknown[] }).deployments.length + 2,
    'two deployments more, and the stray lookups changed nothing')
  t.same((raw.ModificationHistory as unknown[]).length, 1, 'the lookup left its history as it was')
})

t.test('parameter1 lookupDeploymentById of a deployment made through the API: it reads only JSON answers',
  async (t) => {
    const { url } = await listening(t)
    const res = await fetch(`${url}/webservices/rest/brand/FOO/omail/deployment/*`, {
      method: 'POST', headers: { ...JS_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({
        DeploymentName: 'Made for the JS client', DeploymentDate: '2031-06-01 08:00', DeploymentTypeId: 12,
        OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 0, TrackOpens: 1,
      }),
    })
    const { TrackId: trackId } = (await asTheJsClientReads(res)) as { TrackId: string }
    const lookupDeploymentById = async (id: string) => (await asTheJsClientReads(await fetch(
      `${url}/webservices/rest/brand/FOO/omail/deployment/lookup/${id.trim()}/*`, { headers: JS_HEADERS }
    ))) as LookupView
    t.match(await lookupDeploymentById(` ${trackId} `), {
      TrackId: trackId, DeploymentName: 'Made for the JS client', Status: 'New', TrackLinks: 'false',
      TrackOpens: 'true', DeploymentTypeDescription: 'Weekly Newsletter', ModificationHistory: [
        { ChangeDescription: /^Deployment created \(new\)\. Requested date\/time is Sun Jun 01 08:00:00 CDT 2031$/ },
      ],
    })
  })
