// Black-box smoke test of a running emulator (a container, in CI) over a real socket, with the
// fixtures in test/docker/fixtures mounted. Usage: node smoke.mjs http://127.0.0.1:3000
// Prints TAP-style lines and a closing `# smoke: N passed, M failed`; exits 1 on any failure.
const base = process.argv[2] ?? 'http://127.0.0.1:3000'
const APP = 'ci-app-id'
let passed = 0
let failed = 0

function check(name, ok, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok ? '' : ` (${detail})`}`)
}

async function call(method, path, { body, appId = APP, type = 'application/json' } = {}) {
  const headers = {}
  if (appId) headers['x-omeda-appid'] = appId
  if (body !== undefined && type) headers['content-type'] = type
  const res = await fetch(
    `${base}${path}`,
    {
      method,
      headers,
      signal: AbortSignal.timeout(10000),
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    }
  )
  const text = await res.text()
  let json
  try { json = JSON.parse(text) } catch { json = undefined }
  return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), json, text }
}

const cancelPath = '/webservices/rest/brand/QA/omail/deployment/cancel/*'
const cancel = (TrackId, UserId = 'ciOwner', options = {}) => call(
  'POST',
  cancelPath,
  { body: { UserId, TrackId }, ...options }
)
const errors = (r) => (r.json?.Errors ?? []).map((e) => e.Error)
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/

async function expectError(name, response, status, messages) {
  const r = await response
  const same = r.status === status && JSON.stringify(errors(r)) === JSON.stringify(messages) &&
    r.type === 'application/json' && GUID.test(r.json?.SubmissionId ?? '')
  check(name, same, `${r.status} ${r.text}`)
}

const ok = await cancel('QA261201001', 'CILEAD')
check('200 cancel by an authorized user ' +
  '(any case), vendor success shape', ok.status === 200 && ok.type === 'application/json' &&
  ok.json?.ResponseInfo?.[0]?.TrackId === 'QA261201001' &&
  ok.json.ResponseInfo[0].SubmissionId === ok.json.SubmissionId &&
  ok.json.ResponseInfo[0].Url === `${base}/webservices/rest/brand/QA/omail/deployment/lookup/QA261201001/*`,
  `${ok.status} ${ok.text}`)
const followed = await call('GET', new URL(ok.json?.ResponseInfo?.[0]?.Url ?? `${base}/x`).pathname)
check(
  'the Url of a cancel shows it Cancelled',
  followed.status === 200 && followed.json?.Status === 'Cancelled',
  followed.text
)
await expectError(
  '400 previously cancelled',
  cancel('QA261201001'),
  400,
  ["Deployment 'QA261201001' has been previously cancelled."]
)
await expectError('400 sent', cancel('QA261101001'), 400, ["Deployment 'QA261101001' was sent on 2026-11-01 08:00:00."])
await expectError(
  '400 sending',
  cancel('QA261125001'),
  400,
  ["Deployment 'QA261125001' was sent on 2026-11-25 14:00:00."]
)
await expectError(
  '400 fixture cancelled',
  cancel('QA261110001'),
  400,
  ["Deployment 'QA261110001' has been previously cancelled."]
)
await expectError(
  '400 sent on schedule (the clock)',
  cancel('QA260101001'),
  400,
  ["Deployment 'QA260101001' was sent on 2026-01-01 09:00:00."]
)
await expectError(
  '403 user',
  cancel('QA261201003'),
  403,
  ["User 'ciowner' is not authorized to cancel this deployment."]
)
await expectError(
  '404 TrackId',
  cancel('QA999999999'),
  404,
  ["No deployment was found matching trackId 'QA999999999'."]
)
await expectError(
  '403 unknown app id',
  cancel('QA261201003', 'otherOwner', { appId: 'nope' }),
  403,
  ['The AppId submitted is forbidden access.']
)
await expectError('403 default fixtures are not loaded',
  cancel('QA261201003', 'otherOwner', { appId: 'sandbox-app-id' }), 403, ['The AppId submitted is forbidden access.'])
await expectError('400 every field checked', call('POST', cancelPath, { body: { UserId: ' ', TrackId: 7 } }), 400,
  ["The field 'UserId' is required.", "The field 'TrackId' must be a string, but a number was given."])
await expectError('400 content type', call('POST', cancelPath, { body: '{}', type: 'text/plain' }), 400,
  ["The content type 'text/plain' is not supported. Use 'application/json'."])
const notAllowed = await call('GET', cancelPath)
check('405 with Allow: POST', notAllowed.status === 405 && notAllowed.allow === 'POST', notAllowed.text)
await expectError(
  '404 unknown URL',
  call('POST', '/nowhere', { body: {} }),
  404,
  ['No resource matches POST /nowhere.']
)
const counted = await call(
  'POST',
  '/__admin/submissions/count',
  { body: { trackId: 'QA261201001', method: 'POST', statusCode: 200 } }
)
check('the journal counts the one successful cancel', counted.json?.count === 1, counted.text)
const health = await call('GET', '/__admin/health')
check('health', health.status === 200 && health.json?.status === 'ok', health.text)
const page = await call('GET', '/__admin/ui/')
check(
  'the dashboard page ships with the server',
  page.status === 200 && page.type?.startsWith('text/html') && page.text.includes('Omeda emulator'),
  `${page.status} ${page.type}`
)
const parser = await call('GET', '/__admin/ui/vendor/eventsource-parser/index.js')
check(
  'and the SSE parser it imports',
  parser.status === 200 && /javascript/.test(parser.type ?? ''),
  `${parser.status} ${parser.type}`
)

console.log(`# smoke: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
