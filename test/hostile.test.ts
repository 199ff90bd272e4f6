// Hostile input, property-based (fast-check, fixed seed): random bodies, headers, content types,
// methods and paths. Every answer is JSON in the vendor's shape with a SubmissionId, never a 5xx,
// and stored state changes only when the request was a valid cancel, unschedule, schedule or send test.
import type { VendorErrorBody } from '../src/contract/omeda.js'
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { admin, APP_ID, build, cancel, GUID, lookup } from './helpers.js'

const SEED = 20261126
const OVERSIZED = '<a valid cancel padded past the body limit>'
const oversized = `{"UserId":"omailAccount1","TrackId":"FOO261124001","pad":"${'x'.repeat(70_000)}"}`
const RUNS = Number(process.env.HOSTILE_RUNS ?? 2500)

const DEFAULT_TRACK_IDS = ['FOO261124001', 'FOO261124002', 'FOO261124003', 'FOO261124005', 'FOO261118001',
  'FOO261110001', 'BAR261124001',
  'FOO261127001', 'FOO261127002', 'FOO261127004', 'FOO261127005']
const ENDPOINTS = ['cancel', 'unschedule', 'schedule', 'sendtest', 'search'] as const
const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE deployments; --",
  '" OR ""="',
  '1; DELETE FROM submissions',
  "%' AND 1=0 UNION SELECT app_id FROM apps --"
]

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  fc.constantFrom(...DEFAULT_TRACK_IDS, ...SQL, 'omailAccount1', 'qaLead', '', '   ', '\u0000', 'ｆｏｏ', '😀'.repeat(30)),
  fc.integer({ min: 45, max: 120 }).map((n) => 'X'.repeat(n))
)
const anyJson = fc.jsonValue({ maxDepth: 3 })
const fieldValue = fc.oneof(text, text, anyJson, fc.constant(null), fc.constant(undefined))
const dateText = fc.oneof(
  text,
  fc.constantFrom(
    '[NOW]',
    '[now]',
    '2031-01-01 09:00',
    '2020-01-01 09:00',
    '2031-02-30 09:00',
    '2031-01-01 09:00:00',
    '2031-01-01T09:00'
  )
)
const bodyObject = fc.record({
  UserId: fieldValue, TrackId: fieldValue,
  ScheduledDate: fc.oneof(dateText, fieldValue),
  DeploymentName: fieldValue, EnteredByOrAssignedTo: fieldValue,
  DeploymentDateStart: fc.oneof(dateText, fieldValue), DeploymentDateEnd: fc.oneof(dateText, fieldValue),
  DeploymentDesignations: fc.oneof(
    fc.array(fc.oneof(fc.constantFrom('Newsletter', 'third party', 'Podcast'), text, anyJson), { maxLength: 3 }),
    fieldValue
  ),
  NumResults: fc.oneof(fc.integer({ min: -5, max: 500 }), fieldValue),
  Statuses: fc.oneof(
    fc.array(
      fc.oneof(fc.constantFrom('SENT', 'SCHEDULED', 'SENT_OR_SENDING', 'BOGUS'), text, anyJson),
      { maxLength: 4 }
    ),
    fieldValue
  ),
  Type: fc.oneof(fc.integer(), fieldValue),
  extra: fc.option(
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'Extra', 'userid'), anyJson),
    { nil: undefined }
  ),
}, { requiredKeys: ['UserId', 'TrackId'] })
/** JSON text with keys in order, `__proto__` included as a plain key, undefined fields left out. */
const objectText = ({ extra, ...fields }: { extra?: Record<string, unknown> | undefined } & Record<string, unknown>) =>
  `{${[...Object.entries(extra ?? {}), ...Object.entries(fields)]
    .filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`
const rawBody = fc.oneof(
  bodyObject.map(objectText),
  bodyObject.map(objectText),
  anyJson.map((v) => JSON.stringify(v) ?? ''),
  fc.string(),
  // truncated
  bodyObject.map(objectText)
    .chain((json) => fc.nat({ max: Math.max(0, json.length - 1) }).map((n) => json.slice(0, n))),
  fc.constant(OVERSIZED) // over the limit below
)
/** What an HTTP client can put in a header value: visible ASCII and spaces. */
function headerText(maxLength: number) {
  return fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength })
}
const contentType = fc.option(fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
  headerText(30)
), { nil: undefined })
const appId = fc.option(
  fc.oneof(fc.constantFrom(APP_ID, APP_ID, 'foo-only-app-id', 'baz-app-id', 'nope', ''), headerText(20)),
  { nil: undefined }
)
const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')
const brand = fc.oneof(
  fc.constantFrom('FOO', 'foo', 'BAR', 'BAZ', 'NOPE'),
  fc.stringMatching(/^[A-Za-z0-9%._-]{1,12}$/)
)
const path = fc.oneof(
  fc.tuple(
    fc.constantFrom('/webservices/rest/brand/', '/'),
    brand,
    fc.constantFrom(...ENDPOINTS),
    fc.constantFrom('/*', '', '/', '/x', '/*/*')
  )
    .map(([prefix, b, endpoint, tail]) => `${prefix}${b}/omail/deployment/${endpoint}${tail}`),
  fc.tuple(brand, fc.oneof(fc.constantFrom(...DEFAULT_TRACK_IDS), fc.stringMatching(/^[A-Za-z0-9%'" ;=-]{1,20}$/)))
    .map(([b, id]) => `/webservices/rest/brand/${b}/omail/deployment/lookup/${encodeURIComponent(id)}/*`),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`))
)
// Mostly hostile, sometimes nearly valid, so that real cancels happen among the noise too.
const nearlyValid = fc.record({
  method: fc.constant('POST'),
  path: fc.tuple(
    fc.constantFrom('/webservices/rest/brand/FOO', '/FOO', '/foo'),
    fc.constantFrom(...ENDPOINTS),
    fc.constantFrom('/*', '', '/')
  )
    .map(([prefix, endpoint, tail]) => `${prefix}/omail/deployment/${endpoint}${tail}`),
  body: fc.record({
    UserId: fc.constantFrom('omailAccount1', 'OMAILACCOUNT1', 'qaLead', 'partnerDesk', 'nobody'),
    TrackId: fc.constantFrom(...DEFAULT_TRACK_IDS),
    ScheduledDate: fc.constantFrom('[NOW]', '2031-01-01 09:00', '2020-01-01 09:00', undefined),
    Statuses: fc.option(fc.constantFrom(['SCHEDULED'], ['BOGUS'], ['SENT_OR_SENDING']), { nil: undefined }),
  }).map((fields) => objectText(fields)),
  contentType: fc.constantFrom(undefined, 'application/json', 'application/json;charset=utf-8'),
  appId: fc.constantFrom(APP_ID, 'foo-only-app-id'),
})
const request = fc.oneof(
  { weight: 4, arbitrary: fc.record({ method, path, body: rawBody, contentType, appId }) },
  { weight: 1, arbitrary: nearlyValid }
)

type State = { deployments: Record<string, unknown>[]; history: unknown }
/** What a successful call leaves on the one deployment it changed. */
const EFFECT: Record<(typeof ENDPOINTS)[number], (d: Record<string, unknown>) => boolean> = {
  cancel: (d) => d.Status === 'Cancelled',
  unschedule: (d) => d.Status === 'New' && d.ScheduledDate === null,
  schedule: (d) => d.Status === 'Scheduled' || d.Status === 'Sent',
  sendtest: (d) => d.TestSent === true,
  search: () => false,
}

/** The stored world, and the history of the default deployment a body names, if any (the export leaves history out). */
async function snapshot(app: FastifyInstance, body: string): Promise<State> {
  const deployments = (await admin(app).fixtures()).deployments as Record<string, unknown>[]
  const named = DEFAULT_TRACK_IDS.find((id) => body.includes(`"${id}"`))
  const history = named === undefined
    ? null
    : (await lookup(app, named, { brand: named.slice(0, 3) })).json().ModificationHistory as unknown
  return { deployments, history }
}

t.test(`${RUNS} random requests: vendor-shaped JSON, never 5xx, state changed only by a valid change`, async (t) => {
  const app = await build(t, { bodyLimit: 64 * 1024 })
  const done = { cancel: 0, unschedule: 0, schedule: 0, sendtest: 0, search: 0 }
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const before = await snapshot(app, r.body)
      const headers: Record<string, string> = {}
      if (r.contentType !== undefined) headers['content-type'] = r.contentType
      if (r.appId !== undefined) headers['x-omeda-appid'] = r.appId
      const res = await app.inject({
        method: r.method as 'POST', url: r.path, headers,
        ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { payload: r.body === OVERSIZED ? oversized : r.body }),
      })
      const context = `${r.method} ${r.path} ${res.statusCode} ${res.body.slice(0, 200)}`
      if (res.statusCode >= 500) throw new Error(`5xx: ${context}`)
      if (r.method !== 'HEAD') {
        if (res.headers['content-type'] !== 'application/json') throw new Error(`not JSON: ${context}`)
        const json = JSON.parse(res.body) as Partial<VendorErrorBody>
        const isLookup = res.statusCode === 200 && r.method === 'GET'
        if (!isLookup && !GUID.test(json.SubmissionId ?? '')) throw new Error(`no SubmissionId: ${context}`)
        if (res.statusCode >= 400 &&
          !(Array.isArray(json.Errors) && json.Errors.length > 0 &&
            json.Errors.every((e) => typeof e.Error === 'string' && e.Error.length > 0))) {
          throw new Error(`not the vendor error shape: ${context}`)
        }
      }
      const after = await snapshot(app, r.body)
      const changed = after.deployments.filter((d, i) => JSON.stringify(d) !== JSON.stringify(before.deployments[i]))
      const historyChanged = JSON.stringify(after.history) !== JSON.stringify(before.history)
      const endpoint = ENDPOINTS.find((e) => r.path.includes(`/deployment/${e}`))
      const changes = res.statusCode === 200 && r.method === 'POST' && endpoint !== 'search'
      if (!changes && (changed.length > 0 || historyChanged)) {
        throw new Error(`state changed without a successful change: ${context}`)
      }
      if (changes) {
        done[endpoint!]++
        // A test of a deployment already tested changes only its history, which the export leaves out.
        const unseen = endpoint === 'sendtest' && changed.length === 0
        if (!unseen && (changed.length !== 1 || !EFFECT[endpoint!](changed[0]!))) {
          throw new Error(`a 200 must change exactly one deployment as the endpoint says: ${context}`)
        }
        await admin(app).reset()
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true }
  )
  t.pass(`no counterexample in ${RUNS} runs (seed ${SEED})`)
  for (const [endpoint, n] of Object.entries(done)) {
    if (endpoint !== 'search') {
      t.ok(n > 0, `some random requests were successful ${endpoint} calls (${n}), so that branch was exercised`)
    }
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched')
})

t.test('SQL in path parameters and bodies is data, never SQL', async (t) => {
  const app = await build(t)
  for (const fragment of SQL) {
    const res = await cancel(app, { UserId: fragment, TrackId: fragment }, { brand: encodeURIComponent(fragment) })
    t.equal(res.statusCode, 403, `brand ${fragment}`)
    const inBody = await cancel(app, { UserId: 'omailAccount1', TrackId: fragment })
    t.equal(inBody.statusCode, 404, `TrackId ${fragment}`)
    t.same(inBody.json().Errors, [{ Error: `No deployment was found matching trackId '${fragment}'.` }])
    const found = await lookup(app, encodeURIComponent(fragment), { prefix: 'short' })
    t.equal(found.statusCode, 404)
  }
  t.equal((await admin(app).fixtures()).deployments.length, 22, 'every deployment is still there')
  t.equal(await admin(app).count({ trackId: SQL[1] }), 2, 'the journal kept the fragment as text')
})
