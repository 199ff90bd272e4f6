// What a web page can make a browser send, and what the emulator does with it: a page on another
// site, or one that rebinds its own name to the emulator, reads and changes nothing; the dashboard,
// test code, curl and containers calling the emulator by name keep working.
import t from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { readConfig } from '../src/config.js'
import { admin, appIdHeader, build, omedaUrl, errorsOf, TEST_WORLD } from './helpers.js'

/** The environment a command line is read in: the tests' world, as build(t) gives it. */
const TEST_ENV = { OMEDA_FIXTURES: TEST_WORLD }

const EMULATOR = '127.0.0.1:3000'
const HOST_REFUSED = (host: string) =>
  `A request for host '${host}' is refused: the emulator answers at localhost, IP addresses, single-label and ` +
    'reserved names (.localhost, .test, .internal, .local, .home.arpa), Omeda\'s hosts and the names in ' +
      'OMEDA_ALLOWED_HOSTS, so that no web page can reach it through a name of its own.'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36'
/**
 * What `fetch(url, {method: 'POST', mode: 'no-cors', body: new Blob([json])})` sends from another site:
 * no Content-Type, no preflight.
 */
const crossSiteBlob = (url: string, json: unknown, host = EMULATOR): InjectOptions => ({
  method: 'POST', url, payload: Buffer.from(JSON.stringify(json)),
  headers: { host, origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' },
})

/** Everything a page could try to change, as the admin API reports it. */
async function worldOf(app: FastifyInstance) {
  const client = admin(app)
  return {
    fixtures: await client.fixtures(), faults: await client.faults(),
    clock: (await client.clock()).offsetSeconds, journal: await client.count(),
  }
}

t.test('a page on another site changes nothing: no-cors bodies ' +
  'without a type, forms and script tags are refused', async (t) => {
  const app = await build(t)
  await app.inject({
    method: 'POST',
    url: omedaUrl('cancel'),
    headers: { ...appIdHeader(), 'content-type': 'application/json' },
    payload: { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  })
  const before = await worldOf(app)
  const attempts: InjectOptions[] = [
    crossSiteBlob('/__admin/reset', {}),
    crossSiteBlob('/__admin/fixtures', { apps: [{ AppId: 'attacker-app', Brands: ['FOO'] }] }),
    crossSiteBlob('/__admin/faults', { action: 'status', status: 500 }),
    crossSiteBlob('/__admin/clock', { offsetSeconds: 86_400 }),
    crossSiteBlob('/__admin/submissions', {}),
    { ...crossSiteBlob('/__admin/clock', {}), method: 'DELETE' },
    // <form method=post enctype=text/plain> is a navigation, but a POST one.
    { ...crossSiteBlob('/__admin/reset', {}), headers: { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'content-type': 'text/plain' } },
    // Reads: <script src>, EventSource and fetch carry the page's marks too.
    {
      method: 'GET',
      url: '/__admin/fixtures',
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' }
    },
    { method: 'GET', url: '/__admin/events', headers: { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } },
    { method: 'GET', url: '/__admin/submissions', headers: { origin: 'http://attacker.example', 'sec-fetch-mode': 'cors' } },
    // Another port of the same host is another origin, and the same site: still not the emulator's page.
    { method: 'GET', url: '/__admin/fixtures', headers: { host: EMULATOR, origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' } },
    { method: 'GET', url: '/__admin/fixtures', headers: { host: EMULATOR, origin: 'null', 'sec-fetch-mode': 'cors' } },
  ]
  for (const attempt of attempts) {
    const res = await app.inject(attempt)
    t.equal(res.statusCode, 403, `${attempt.method} ${attempt.url} ${JSON.stringify(attempt.headers)}`)
    t.match(
      errorsOf(res)[0],
      /^A request from another site's page \(.+\) is refused: web pages may not read or change the emulator\.$/
    )
    t.match(res.json(), { SubmissionId: /^[0-9A-F-]{36}$/ })
  }
  t.same(await worldOf(app), before, 'the world, faults, clock and journal are as they were')
})

t.test('Omeda calls from a browser are refused and not journaled: a page cannot fill the journal either', async (t) => {
  const app = await build(t)
  const res = await app.inject({
    ...crossSiteBlob(omedaUrl('cancel'), { UserId: 'omailAccount1', TrackId: 'FOO261124001' }),
    headers: { ...crossSiteBlob('', {}).headers, ...appIdHeader() }
  })
  t.equal(res.statusCode, 403)
  t.equal((await admin(app).deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')
  // <img src="http://192.168.1.20:3000/x1">: no Origin, no Sec-Fetch-* (not a trustworthy URL), the browser's own User-Agent.
  for (const url of ['/x1', '/x2', omedaUrl('cancel'), '/FOO/omail/deployment/lookup/FOO261124001/*']) {
    const image = await app.inject({ method: 'GET', url, headers: { host: '192.168.1.20:3000', 'user-agent': CHROME, referer: 'http://attacker.example/' } })
    t.equal(image.statusCode, 403, url)
    t.same(
      errorsOf(image),
      ["A browser's request for an Omeda URL is refused: Omeda's API is for " +
        "servers (it needs the app id), and a web page may not use the emulator's."]
    )
  }
  t.equal(await admin(app).count(), 0, 'nothing journaled')
})

t.test('DNS rebinding: a page whose own name now points at the emulator reads and changes nothing', async (t) => {
  const app = await build(t)
  const before = await worldOf(app)
  const sameOrigin = { host: 'attacker.example:3000', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }
  for (const attempt of [
    { method: 'GET', url: '/__admin/fixtures', headers: sameOrigin },
    { method: 'GET', url: '/__admin/submissions', headers: sameOrigin },
    { method: 'POST', url: '/__admin/reset', headers: { ...sameOrigin, origin: 'http://attacker.example:3000' } },
    { method: 'POST', url: '/__admin/clock', headers: { ...sameOrigin, origin: 'http://attacker.example:3000', 'content-type': 'application/json' }, payload: { offsetSeconds: 60 } },
    { method: 'POST', url: omedaUrl('cancel'), headers: { ...sameOrigin, ...appIdHeader(), origin: 'http://attacker.example:3000', 'content-type': 'application/json' }, payload: { UserId: 'omailAccount1', TrackId: 'FOO261124001' } },
    { method: 'GET', url: '/nowhere', headers: sameOrigin },
    // On a plain-HTTP name a same-origin GET carries no Origin and no Sec-Fetch-*, and Firefox lets
    // fetch set the User-Agent.
    { method: 'GET', url: '/__admin/fixtures', headers: { host: 'attacker.example:3000', 'user-agent': 'curl/8.5.0' } },
    {
      method: 'GET',
      url: '/FOO/omail/deployment/lookup/FOO261124001/*',
      headers: { host: 'attacker.example:3000', 'user-agent': 'x', ...appIdHeader() }
    },
  ] satisfies InjectOptions[]) {
    const res = await app.inject(attempt)
    t.equal(res.statusCode, 403, `${attempt.method} ${attempt.url}`)
    t.same(errorsOf(res), [HOST_REFUSED('attacker.example')])
  }
  t.same(await worldOf(app), before, 'nothing changed, nothing journaled')
})

t.test("the emulator's own pages, test code, curl and containers keep working", async (t) => {
  const app = await build(t, readConfig(['--allowed-hosts', 'emulator.internal,.dev.test'], TEST_ENV).config)
  const dashboard = (host: string, more: Record<string, string> = {}) =>
    ({ host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', 'content-type': 'application/json', ...more })
  for (const host of [
    EMULATOR,
    'localhost:3000',
    'omeda.localhost:3000',
    '[::1]:3000',
    '192.168.1.20:3000',
    'emulator.internal:3000',
    'a.dev.test',
    'dev.test',
    'ows.omedastaging.com'
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/clock',
      headers: dashboard(host),
      payload: { offsetSeconds: 60 }
    })
    t.equal(res.statusCode, 200, `the dashboard at ${host}`)
  }
  /** The status of a GET of an admin URL, at the emulator's name unless `host` says otherwise. */
  const status = async (url: string, headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url, headers: { host: EMULATOR, ...headers } })).statusCode
  const navigation = (dest: string) =>
    ({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': dest })
  t.equal(await status('/__admin/fixtures', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }), 200)
  t.equal(await status('/__admin/fixtures', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' }), 200,
    'a URL typed in')
  // A link to the dashboard from another site opens it; its own calls are then same-origin.
  t.equal(await status('/__admin/ui/', navigation('document')), 200, 'a link followed from another site')
  t.equal(await status('/__admin/ui/', navigation('iframe')), 403, 'but not into a frame')
  t.equal(await status('/__admin/events', navigation('document')), 403, 'and a visit goes to the dashboard only')
  t.equal(await status('/__admin/fixtures', { host: 'omeda:3000', 'user-agent': CHROME }), 200,
    "a browser in the containers' network, at a service name")
  // Behind a proxy that ends TLS, the page's Origin says https while the emulator sees http: the host decides.
  t.equal((await app.inject({ method: 'POST', url: '/__admin/clock', headers: { ...dashboard('emulator.internal'), origin: 'https://emulator.internal' }, payload: { offsetSeconds: 1 } })).statusCode, 200)
  // No browser marks: a container calling http://omeda:3000, curl, Node's fetch (which sends Sec-Fetch-Mode), a cluster's service name.
  const undici = { 'user-agent': 'node', 'accept-language': '*', 'sec-fetch-mode': 'cors', accept: '*/*' }
  for (const [host, headers] of [['omeda.ci.svc.cluster.local', undici], [
    'host.docker.internal:3000',
    undici
  ], ['localhost:3000', undici],
  ['host.testcontainers.internal:32768', { 'user-agent': 'curl/8.5.0' }], ['emulator.internal:3000', { 'user-agent': 'WordPress/6.7; https://example.org' }]] as const) {
    t.equal(
      (await app.inject({ method: 'POST', url: '/__admin/reset', headers: { host, ...headers } })).statusCode,
      200,
      `${JSON.stringify(headers)} at ${host}`
    )
    t.equal(
      (await app.inject({
        method: 'POST',
        url: omedaUrl('cancel'),
        headers: { host, ...headers, ...appIdHeader() },
        payload: JSON.stringify({ UserId: 'x', TrackId: 'FOO999' })
      })).statusCode,
      404
    )
  }
  // A name of the public kind is anyone's: only the configured ones are the emulator's.
  const elsewhere = await app.inject({
    method: 'GET',
    url: '/__admin/fixtures',
    headers: { host: 'emulator.example.com', 'user-agent': 'node' }
  })
  t.equal(elsewhere.statusCode, 403)
  t.same(errorsOf(elsewhere), [HOST_REFUSED('emulator.example.com')])
  const open = await build(t, readConfig(['--allowed-hosts', 'all'], TEST_ENV).config)
  t.equal(
    (await open.inject({
      method: 'GET',
      url: '/__admin/fixtures',
      headers: { host: 'emulator.example.com' }
    })).statusCode,
    200,
    "'all' turns the check off"
  )
  const listening = await build(t, readConfig(['--host', 'emu.corp.example', '--origin', 'http://lookups.corp.example:8080'], TEST_ENV).config)
  for (const host of ['emu.corp.example:3000', 'lookups.corp.example:8080']) {
    t.equal(
      (await listening.inject({ method: 'GET', url: '/__admin/fixtures', headers: { host } })).statusCode,
      200,
      `${host}: a name it was told to listen or answer at`
    )
  }
  t.equal(
    (await app.inject({ method: 'POST', url: '/__admin/reset', headers: { host: 'omeda:3000' } })).statusCode,
    200,
    'curl -X POST …/reset'
  )
  t.equal(
    (await app.inject({
      method: 'POST',
      url: '/__admin/clock',
      headers: { host: 'omeda:3000', 'content-type': 'application/json' },
      payload: { offsetSeconds: 1 }
    })).statusCode,
    200
  )
  const cancelled = await app.inject({
    method: 'POST',
    url: omedaUrl('cancel'),
    headers: { host: 'omeda:3000', ...appIdHeader() },
    payload: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  })
  t.equal(cancelled.statusCode, 200, 'Omeda calls keep the vendor rule: no Content-Type means JSON')
})

t.test('an admin call that sends a body must label it application/json', async (t) => {
  const app = await build(t)
  const before = await worldOf(app)
  for (const [method, url] of [
    ['POST', '/__admin/reset'],
    ['POST', '/__admin/fixtures'],
    ['POST', '/__admin/faults'],
    ['POST', '/__admin/clock'],
    ['DELETE', '/__admin/clock']
  ] as const) {
    const res = await app.inject({ method, url, payload: Buffer.from('{"offsetSeconds":5}') })
    t.equal(res.statusCode, 400, `${method} ${url}`)
    t.same(errorsOf(res), ["Admin calls that send a body must label it 'Content-Type: application/json'."])
  }
  t.same(await worldOf(app), before)
  t.equal(
    (await app.inject({
      method: 'POST',
      url: '/__admin/clock',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: '{"offsetSeconds":5}'
    })).statusCode,
    200
  )
})

t.test('allowed hosts are checked when read', async (t) => {
  t.throws(
    () => readConfig(['--allowed-hosts', 'ok.test,bad host'], {}),
    { message: "allowed-hosts: 'bad host' is not a host name (or '.domain' for a domain and its subdomains)" }
  )
  t.same(readConfig(['--allowed-hosts', 'all,10.0.0.1'], {}).config.allowedHosts, ['all', '10.0.0.1'])
  t.same(readConfig([], { OMEDA_ALLOWED_HOSTS: 'a.test, .b.test' }).config.allowedHosts, ['a.test', '.b.test'])
})

t.test('the bearer scheme is case-insensitive', async (t) => {
  const app = await build(t, { adminToken: 'token-123' })
  for (const authorization of ['Bearer token-123', 'bearer token-123', 'BEARER  token-123']) {
    t.equal(
      (await app.inject({ method: 'GET', url: '/__admin/faults', headers: { authorization } })).statusCode,
      200,
      authorization
    )
  }
  for (const authorization of ['Basic token-123', 'bearer token-1234', 'bearertoken-123', 'bearer ']) {
    t.equal(
      (await app.inject({ method: 'GET', url: '/__admin/faults', headers: { authorization } })).statusCode,
      401,
      authorization
    )
  }
})

t.test('GET / in a browser goes on to the dashboard; every ' +
  'other request for / keeps the vendor-shaped 404', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const page = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'user-agent': CHROME }
  const typedIn = {
    host: EMULATOR,
    ...page,
    'sec-fetch-site': 'none',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document'
  }
  const before = await client.count()
  for (const headers of [typedIn, { ...page, host: 'emulator.local:3000' }]) {
    // A plain-HTTP name gets no Sec-Fetch-* from the browser: the Accept header says it wants a page.
    const res = await app.inject({ method: 'GET', url: '/', headers })
    t.equal(res.statusCode, 302, JSON.stringify(headers))
    t.equal(res.headers.location, '/__admin/ui/')
    t.equal(res.body, '')
  }
  t.equal(
    (await app.inject({ method: 'GET', url: '/__admin/ui/', headers: typedIn })).statusCode,
    200,
    'where it leads is the dashboard'
  )
  t.equal(await client.count(), before, 'a visit is not journaled as a call of the API')
  // A link on another site's page is refused, as any other cross-site request for a URL besides the dashboard.
  const linked = await app.inject({ method: 'GET', url: '/', headers: { ...typedIn, 'sec-fetch-site': 'cross-site', referer: 'http://attacker.example/' } })
  t.equal(linked.statusCode, 403)
  t.match(errorsOf(linked)[0], /^A request from another site's page \(Sec-Fetch-Site: cross-site\) is refused/)
  // Clients, curl, other methods and other URLs: the 404 they always had, journaled as before.
  const notFound = (method: string, url: string) => ({
    Errors: [{ Error: `No resource matches ${method} ${url.split('?')[0]}.` }],
    SubmissionId: /^[0-9A-F-]{36}$/
  })
  for (const request of [
    { method: 'GET', url: '/', headers: { host: EMULATOR, 'user-agent': 'curl/8.5.0', accept: '*/*' } },
    { method: 'GET', url: '/', headers: { host: EMULATOR } },
    { method: 'GET', url: '/', headers: { host: EMULATOR, accept: 'application/json' } },
    { method: 'HEAD', url: '/', headers: { host: EMULATOR, accept: 'text/html' } },
    { method: 'POST', url: '/', headers: { host: EMULATOR, accept: 'text/html' } },
    { method: 'GET', url: '/?page=1', headers: { host: EMULATOR, accept: 'text/html' } },
    { method: 'GET', url: '/index.html', headers: { host: EMULATOR, accept: 'text/html' } },
  ] as const) {
    const res = await app.inject(request)
    t.equal(res.statusCode, 404, `${request.method} ${request.url} ${JSON.stringify(request.headers)}`)
    t.equal(res.headers['content-type'], 'application/json')
    if (request.method !== 'HEAD') t.match(res.json(), notFound(request.method, request.url))
  }
  t.equal(await client.count(), before + 7, 'each journaled, as before')
  // A browser's fetch of / from the emulator's own page is still no visit.
  const fetched = await app.inject({
    method: 'GET',
    url: '/',
    headers: {
      host: EMULATOR,
      'user-agent': CHROME,
      accept: '*/*',
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
      'sec-fetch-dest': 'empty'
    }
  })
  t.equal(fetched.statusCode, 403)
})
