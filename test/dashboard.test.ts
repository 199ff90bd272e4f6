// The dashboard's files as the server serves them (the page in a browser is test/browser/): open
// without the admin token, while the data they load needs it.
import t from 'tap'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ENDPOINT_NAMES } from '../src/omeda/endpoints.js'
import { APP_ID, build, omedaUrl, lookupPath, ROOT } from './helpers.js'

t.test('the page, its script, its style and the SSE parser ' +
  'are served; /__admin/ui redirects to the page', async (t) => {
  const app = await build(t, { adminToken: 'ui-token' })
  const page = await app.inject({ method: 'GET', url: '/__admin/ui/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, '<script type="module" src="dashboard-app.js"></script>')
  for (const [path, type] of [
    ['dashboard-app.js', /javascript/],
    ['dashboard-style.css', /^text\/css/],
    ['favicon.svg', /^image\/svg\+xml/],
    ['vendor/eventsource-parser/index.js', /javascript/]
  ] as const) {
    const res = await app.inject({ method: 'GET', url: `/__admin/ui/${path}` })
    t.equal(res.statusCode, 200, path)
    t.match(res.headers['content-type'], type, path)
  }
  const bare = await app.inject({ method: 'GET', url: '/__admin/ui' })
  t.equal(bare.statusCode, 302)
  t.equal(bare.headers.location, '/__admin/ui/')
  t.equal(
    (await app.inject({ method: 'GET', url: '/__admin/fixtures' })).statusCode,
    401,
    'the data it loads needs the token'
  )
  const missing = await app.inject({ method: 'GET', url: '/__admin/ui/nothing.js' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['content-type'], 'application/json', 'a missing file is a JSON 404 like any other')
})

t.test('the lookup view of a stored deployment, for the page: 404 in the vendor shape when unknown', async (t) => {
  const app = await build(t)
  const found = await app.inject({ method: 'GET', url: '/__admin/deployments/FOO/FOO261118001/lookup' })
  t.match(
    found.json(),
    {
      TrackId: 'FOO261118001',
      Status: 'Sent',
      ModificationHistory: [{ ChangeDescription: 'Deployment created' }, { ChangeDescription: 'Deployment sent' }]
    }
  )
  const missing = await app.inject({ method: 'GET', url: '/__admin/deployments/FOO/NOPE/lookup' })
  t.equal(missing.statusCode, 404)
  t.same(missing.json().Errors, [{ Error: "No deployment was found matching trackId 'NOPE'." }])
})

// Every header helmet can set: the dashboard gets its own choice of them; nothing else gets any.
const HELMET_HEADERS = [
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';" +
  "object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'"

t.test('the dashboard carries a strict CSP and refuses framing; ' +
  'the Omeda and admin JSON answers gain no such header', async (t) => {
  const app = await build(t)
  for (const url of ['/__admin/ui/', '/__admin/ui/dashboard-app.js', '/__admin/ui/dashboard-style.css',
    '/__admin/ui/favicon.svg',
    '/__admin/ui/vendor/eventsource-parser/index.js', '/__admin/ui']) {
    const res = await app.inject({ method: 'GET', url })
    t.match(res.headers, {
      'content-security-policy': CSP,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    }, url)
    t.equal(res.headers['strict-transport-security'], undefined, `${url}: no HSTS on a local host name`)
  }

  const answers = {
    'Omeda lookup (200)': await app.inject({
      method: 'GET',
      url: lookupPath('FOO261124001'),
      headers: { 'x-omeda-appid': APP_ID }
    }),
    'Omeda cancel (400)': await app.inject({
      method: 'POST',
      url: omedaUrl('cancel'),
      headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
      payload: '{}'
    }),
    'Omeda cancel (405)': await app.inject({
      method: 'GET',
      url: omedaUrl('cancel'),
      headers: { 'x-omeda-appid': APP_ID }
    }),
    'unknown URL (404)': await app.inject({ method: 'GET', url: '/nothing/here' }),
    'admin health': await app.inject({ method: 'GET', url: '/__admin/health' }),
    'admin fixtures (the page\'s data)': await app.inject({ method: 'GET', url: '/__admin/fixtures' }),
    'admin clock': await app.inject({ method: 'GET', url: '/__admin/clock' }),
    'admin OpenAPI': await app.inject({ method: 'GET', url: '/__admin/openapi.json' }),
  }
  for (const [name, res] of Object.entries(answers)) {
    t.same(
      HELMET_HEADERS.filter((header) => header in res.headers),
      [],
      `${name}: ${res.statusCode}, no security header added`
    )
    t.equal(res.headers['content-type'], 'application/json', `${name}: exactly application/json still`)
  }
})

t.test('GET /__admin/endpoints lists every Omeda endpoint with ' +
  'its method, vendor path and whether it changes a deployment', async (t) => {
  const app = await build(t, { adminToken: 'ui-token' })
  t.equal(
    (await app.inject({ method: 'GET', url: '/__admin/endpoints' })).statusCode,
    401,
    'behind the admin token, like the rest of the page\'s data'
  )
  const res = await app.inject({
    method: 'GET',
    url: '/__admin/endpoints',
    headers: { authorization: 'Bearer ui-token' }
  })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json')
  const prefix = '/webservices/rest/brand/{brand}/omail/deployment'
  // The six the emulator has always served, as they are listed; and nothing but the table's.
  const endpoints = (res.json() as { endpoints: { name: string }[] }).endpoints
  t.same(endpoints.map((e) => e.name), ENDPOINT_NAMES)
  t.same({ endpoints: endpoints.filter((e) => [
    'cancel',
    'unschedule',
    'schedule',
    'sendtest',
    'search',
    'lookup'
  ].includes(e.name)) }, {
    endpoints: [
      { name: 'cancel', method: 'POST', path: `${prefix}/cancel/*`, changesDeployment: true },
      { name: 'unschedule', method: 'POST', path: `${prefix}/unschedule/*`, changesDeployment: true },
      { name: 'schedule', method: 'POST', path: `${prefix}/schedule/*`, changesDeployment: true },
      { name: 'sendtest', method: 'POST', path: `${prefix}/sendtest/*`, changesDeployment: true },
      { name: 'search', method: 'POST', path: `${prefix}/search/*`, changesDeployment: false },
      { name: 'lookup', method: 'GET', path: `${prefix}/lookup/{trackId}/*`, changesDeployment: false },
    ],
  })
  // Every path listed is served: a call to it (brand FOO, a TrackId for the lookup) reaches the endpoint named.
  for (const { name, method, path } of res.json().endpoints as {
    name: string
    method: 'GET' | 'POST'
    path: string
  }[]) {
    const url = path.replace('{brand}', 'FOO').replace(/\{\w+\}/g, 'FOO261124001')
    const answer = await app.inject({
      method,
      url,
      headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
      ...(method === 'POST' ? { payload: '{}' } : {})
    })
    // An endpoint may answer 404 for what the URL names (a ListId): its own words, not those of a URL nothing serves.
    t.notMatch(answer.body, 'No resource matches', `${name}: ${method} ${url} is served`)
    t.not(answer.statusCode, 405, `${name}: ${method} is its method`)
  }
  const listed = await app.inject({ method: 'GET', url: '/__admin/openapi.json' })
  t.ok(listed.json().paths['/__admin/endpoints']?.get, 'in the OpenAPI document')
})

t.test('the dashboard keeps no endpoint list of its own: no ' +
  'endpoint name is written into its scripts or its page', async (t) => {
  const folder = join(ROOT, 'src/ui')
  const files = (await readdir(folder)).filter((file) => /\.(js|html)$/.test(file))
  t.ok(files.includes('dashboard-app.js') && files.includes('dashboard.html'))
  for (const file of files) {
    const text = await readFile(join(folder, file), 'utf8')
    // In a script, a string literal ('cancel', "cancel", `cancel`); in the page, an option's text
    // (<option>cancel</option>).
    const written = (name: string) => (file.endsWith('.js')
      ? new RegExp(`(['"\`])${name}\\1`)
      : new RegExp(`>\\s*${name}\\s*<`))
    for (const name of ENDPOINT_NAMES) t.notMatch(text, written(name), `${file}: no '${name}'`)
  }
})
