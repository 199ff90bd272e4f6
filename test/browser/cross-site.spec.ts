// A hostile page in a real browser (Debian's chromium, driven by playwright-core): a page on another
// site, and a page whose own name is rebound to the emulator's address (DNS rebinding), try every
// way a page can reach a developer's emulator. Afterwards the world, the faults, the clock and the
// journal are as they were, and the page could read nothing.
import t, { type Test } from 'tap'
import { createServer, type Server } from 'node:http'
import { chromium, type Browser } from 'playwright-core'
import { AdminClient } from '../../src/client.js'
import { listening } from '../helpers.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** What the page tries; each attempt reports what it could read, or that it failed. */
const ATTACK = `
async function attempt(name, run) {
  try { return [name, await run()] } catch (error) { return [name, 'failed: ' + error.name] }
}
const json = (value) => new Blob([JSON.stringify(value)])
const reads = (res) => res.type === 'opaque' ? 'opaque' : res.status + ' ' + (res.status === 200 ? 'read' : 'refused')
window.attack = async (base) => Promise.all([
  attempt('no-cors reset', async () => reads(await fetch(base + '/__admin/reset', { method: 'POST', mode: 'no-cors', ` +
    `body: json({}) }))),
  attempt('no-cors fixtures', async () => reads(await fetch(base + '/__admin/fixtures', { method: 'POST', mode: ` +
    `'no-cors',
    body: json({ apps: [{ AppId: 'attacker-app', Brands: ['FOO'] }] }) }))),
  attempt('no-cors fault', async () => reads(await fetch(base + '/__admin/faults', { method: 'POST', mode: ` +
    `'no-cors', body: json({ action: 'status', status: 500 }) }))),
  attempt('no-cors clock', async () => reads(await fetch(base + '/__admin/clock', { method: 'POST', mode: 'no-cors', ` +
    `body: json({ offsetSeconds: 1e13 }) }))),
  attempt('cors JSON clock', async () => reads(await fetch(base + '/__admin/clock', { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds: 86400 }) }))),
  attempt('cors cancel', async () => reads(await fetch(base + ` +
    `'/webservices/rest/brand/FOO/omail/deployment/cancel/*', { method: 'POST',
    headers: { 'x-omeda-appid': 'sandbox-app-id' }, body: JSON.stringify({ UserId: 'omailAccount1', TrackId: ` +
      `'FOO261124001' }) }))),
  attempt('no-cors cancel', async () => reads(await fetch(base + ` +
    `'/webservices/rest/brand/FOO/omail/deployment/cancel/*', { method: 'POST',
    mode: 'no-cors', body: json({ UserId: 'omailAccount1', TrackId: 'FOO261124001' }) }))),
  attempt('read fixtures', async () => reads(await fetch(base + '/__admin/fixtures'))),
  attempt('read journal', async () => reads(await fetch(base + '/__admin/submissions'))),
  attempt('event stream', () => new Promise((resolve) => {
    const source = new EventSource(base + '/__admin/events')
    source.onopen = () => { source.close(); resolve('open') }
    source.onerror = () => { source.close(); resolve('failed') }
  })),
])
`

function serve(html: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' })
    response.end(html)
  })
  return new Promise((resolve) => server.listen(
    0,
    '127.0.0.1',
    () => resolve({ server, port: (server.address() as { port: number }).port })
  ))
}

let browser: Browser
t.before(async () => {
  // attacker.example.net and rebound.example.com resolve to this machine, as a hostile DNS server would make them.
  // Chromium's checks on requests from public pages to local addresses are off: other browsers have
  // none, and the emulator must stand on its own.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [
    '--no-sandbox', '--host-resolver-rules=MAP attacker.example.net 127.0.0.1, MAP rebound.example.com 127.0.0.1',
    '--disable-features=PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,' +
      'BlockInsecurePrivateNetworkRequests,LocalNetworkAccessChecks',
  ] })
})
t.teardown(() => browser?.close())

async function emulatorWithTraffic(t: Test) {
  const { url, port } = await listening(t)
  const admin = new AdminClient({ baseUrl: url })
  // Something in the journal, so a reset or a clear would show.
  await fetch(`${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST', headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124002' }),
  })
  const world = async () =>
    ({ fixtures: await admin.fixtures(), faults: await admin.faults(), clock: (await admin.clock()).offsetSeconds })
  return { url, port, admin, world }
}

t.test('a page on another site reads nothing and changes nothing', async (t) => {
  const { port, admin, world } = await emulatorWithTraffic(t)
  const before = await world()
  const journal = await admin.count()
  const page = await serve(`<!doctype html><script>${ATTACK}</script>`)
  t.teardown(() => page.server.close())
  const tab = await browser.newPage()
  t.teardown(() => tab.close())
  await tab.goto(`http://attacker.example.net:${page.port}/`)
  const results = Object.fromEntries(await tab.evaluate((base) => (window as unknown as { attack: (b: string) => Promise<[string, string][]> }).attack(base), `http://127.0.0.1:${port}`))
  t.same(results, {
    // Sent without a preflight, answered 403; the page cannot even see that.
    'no-cors reset': 'opaque', 'no-cors fixtures': 'opaque', 'no-cors fault': 'opaque', 'no-cors clock': 'opaque',
    'no-cors cancel': 'opaque',
    // A preflight the emulator never grants, or an answer without CORS headers: nothing to read.
    'cors JSON clock': 'failed: TypeError', 'cors cancel': 'failed: TypeError', 'read fixtures': 'failed: TypeError',
    'read journal': 'failed: TypeError', 'event stream': 'failed',
  })
  t.same(await world(), before, 'the world, faults and clock are as they were')
  t.equal(await admin.count(), journal, 'nor the journal: refusals are not journaled')
})

t.test('a page whose name is rebound to the emulator (same ' +
  'origin to the browser) reads nothing and changes nothing', async (t) => {
  const { port, admin, world } = await emulatorWithTraffic(t)
  const before = await world()
  const journal = await admin.count()
  const tab = await browser.newPage()
  t.teardown(() => tab.close())
  // The first answer for rebound.example.com comes from the attacker; every later request reaches the emulator.
  await tab.route(`http://rebound.example.com:${port}/`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><script>${ATTACK}</script>` }))
  await tab.goto(`http://rebound.example.com:${port}/`)
  const results = Object.fromEntries(await tab.evaluate(
    (base) => (window as unknown as { attack: (b: string) => Promise<[string, string][]> }).attack(base),
    ''
  ))
  t.same(results, {
    'no-cors reset': '403 refused', 'no-cors fixtures': '403 refused', 'no-cors fault': '403 refused',
    'no-cors clock': '403 refused',
    'cors JSON clock': '403 refused', 'cors cancel': '403 refused', 'no-cors cancel': '403 refused',
    'read fixtures': '403 refused', 'read journal': '403 refused', 'event stream': 'failed',
  })
  t.same(await world(), before, 'the world, faults and clock are as they were')
  t.equal(await admin.count(), journal, 'nor the journal: refusals are not journaled')
})

t.test('the dashboard at the same address still works', async (t) => {
  const { url, admin } = await emulatorWithTraffic(t)
  const tab = await browser.newPage()
  t.teardown(() => tab.close())
  await tab.goto(`${url}/__admin/ui/`)
  await tab.locator('#live.on').waitFor({ timeout: 5000 })
  const status = await tab.evaluate(async () => (await fetch('/__admin/clock', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds: 60 }),
  })).status)
  t.equal(status, 200, 'its own calls are same-origin')
  t.equal((await admin.clock()).offsetSeconds, 60)
})
