// The dashboard in a real browser (Debian's chromium, driven by playwright-core): it loads without
// console errors or Content-Security-Policy violations, lists the deployments, shows a cancel made
// from outside within a second, adds a fault that the next request meets, exports and resets the
// world, and refuses to be framed by another origin. With SCREENSHOTS set to a folder, it saves the
// main views there (CI keeps them in docs/images).
import t, { type Test } from 'tap'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { AdminClient } from '../../src/client.js'
import { loadFixtures } from '../../src/seed/files.js'
import { listening, postJson, TEST_WORLD } from '../helpers.js'
import { CHROMIUM, openDashboard, watch } from './chromium.js'

/** The deployments of the tests' world, which the page starts on. */
const SEEDED = loadFixtures([TEST_WORLD]).deployments.length

const SCREENSHOTS = process.env.SCREENSHOTS

let browser: Browser
t.before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})
t.teardown(() => browser?.close())

const open = (t: Test) => openDashboard(t, browser)

const cancelUrl = (url: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`
const rowOf = (page: Page, trackId: string) => page.locator('#deployments tbody tr', { hasText: trackId })

t.test('it loads under a strict Content-Security-Policy with no ' +
  'violations or console errors, and lists the default deployments', async (t) => {
  const { page, url, errors } = await open(t)
  // The policy really is in force for this page (a page without one would trivially violate nothing).
  const policy = (await page.request.get(`${url}/__admin/ui/`)).headers()['content-security-policy'] ?? ''
  t.match(policy, /(^|;)\s*script-src 'self'\s*(;|$)/, 'served with a CSP that allows only its own scripts')
  await rowOf(page, 'FOO261124001').waitFor()
  t.equal(await page.locator('#deployments tbody tr').count(), SEEDED, 'every deployment of the world')
  t.match(await rowOf(page, 'FOO261118001').innerText(), /FOO\s+FOO261118001\s+November digest\s+omailAccount1\s+Sent/)
  await rowOf(page, 'FOO261124001').click()
  await page.locator('#detail-title', { hasText: 'FOO261124001' }).waitFor()
  t.match(await page.locator('#detail-history').innerText(), /Deployment created/, 'its lookup view and history')
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png') })
  t.same(errors, [], 'no console errors, no CSP violations')
})

t.test('a cancel made with an HTTP client shows up in the live journal within a second', async (t) => {
  const { page, url, errors } = await open(t)
  const started = Date.now()
  await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124002' })
  const row = page.locator('#journal tbody tr', { hasText: 'FOO261124002' })
  await row.waitFor({ timeout: 1000 })
  t.ok(Date.now() - started < 1000, `within a second (${Date.now() - started} ms)`)
  t.match(await row.innerText(), /POST\s+cancel\s+200\s+FOO261124002\s+omailAccount1/)
  await rowOf(page, 'FOO261124002').filter({ hasText: 'Cancelled' }).waitFor({ timeout: 2000 })
  await row.click()
  t.match(await page.locator('#journal td.body').innerText(), /"TrackId":"FOO261124002"/, 'the bodies on demand')
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-journal.png') })
  t.same(errors, [])
})

t.test('a fault added from the page applies to the next request', async (t) => {
  const { page, url, errors } = await open(t)
  await page.selectOption('#fault-action', 'status')
  await page.fill('#fault-status', '502')
  await page.fill('#fault-times', '1')
  await page.selectOption('#fault-endpoint', 'cancel')
  await page.fill('#fault-errors', 'Bad gateway from the dashboard.')
  await page.click('#fault-form button')
  await page.locator('#faults li', { hasText: 'status 502' }).waitFor()
  const res = await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.same([res.status, res.body.Errors], [502, [{ Error: 'Bad gateway from the dashboard.' }]])
  await page.locator('#faults li', { hasText: 'none' }).waitFor({ timeout: 2000 })
  t.same(errors, [])
})

t.test('an export and a reset from the page: the fixtures download, the world is restored', async (t) => {
  const { page, url, errors } = await open(t)
  // The export is a download of a blob: URL made by the page's script, which the policy allows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')])
  t.equal(download.suggestedFilename(), 'fixtures.json')
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  t.equal(
    (JSON.parse(Buffer.concat(chunks).toString()) as { deployments: unknown[] }).deployments.length,
    SEEDED,
    'the world, exported'
  )
  const admin = new AdminClient({ baseUrl: url })
  await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  await admin.setClock({ offsetSeconds: 3600 })
  await rowOf(page, 'FOO261124001').filter({ hasText: 'Cancelled' }).waitFor({ timeout: 2000 })
  await page.click('#reset')
  await rowOf(page, 'FOO261124001').filter({ hasText: 'Scheduled' }).waitFor({ timeout: 2000 })
  t.equal((await admin.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')
  t.equal((await admin.clock()).offsetSeconds, 0, 'the clock too')
  await page.locator('#journal-count', { hasText: '0 of 0' }).waitFor({ timeout: 2000 })
  t.equal(await page.locator('#journal tbody tr').count(), 0, 'and the journal')
  if (SCREENSHOTS) await page.locator('#controls').screenshot({ path: join(SCREENSHOTS, 'dashboard-controls.png') })
  t.same(errors, [])
})

t.test('with an admin token, the page shows nothing until it is typed in', async (t) => {
  const { url } = await listening(t, { adminToken: 'dash-token' })
  const page = await browser.newPage()
  t.teardown(() => page.close())
  const errors = await watch(page)
  await page.goto(`${url}/__admin/ui/`)
  await page.locator('#problem', { hasText: 'admin token' }).waitFor()
  t.equal(await page.locator('#deployments tbody tr').count(), 0)
  await page.fill('#token', 'dash-token')
  await page.locator('#token').dispatchEvent('change')
  await rowOf(page, 'FOO261124001').waitFor()
  await page.locator('#live.on').waitFor()
  t.pass('the data loads with the token')
  // The 401s before the token are console errors here, by design; CSP violations are not.
  t.same(errors.filter((e) => /Content Security Policy|CSP violation/i.test(e)), [], 'no CSP violation')
})

/** Opens `framer` in a page that frames the dashboard; what the frame shows, and what Chromium said of it. */
async function framed(t: Test, dashboard: string, framerUrl: string, serveFramer: (page: Page) => Promise<void>) {
  const page = await browser.newPage()
  t.teardown(() => page.close())
  const refusals: string[] = []
  page.on('console', (message) => {
    if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text())
  })
  await serveFramer(page)
  const answered = page.waitForResponse((res) => res.url() === dashboard)
  // goto waits for the load event, which waits for the frame: the dashboard, or the error page in its place.
  await page.goto(framerUrl)
  const frame = await (await page.$('#victim'))?.contentFrame()
  t.ok(frame, 'the frame exists')
  const rendered = await frame?.evaluate(() => document.querySelector('#deployments') !== null).catch(() => false)
  t.equal(rendered, false, 'the frame does not render the dashboard')
  return { status: (await answered).status(), refusals, frameUrl: frame?.url() }
}

const FRAMER = (dashboard: string) => '<!doctype html><title>framer</title><iframe ' +
  `id="victim" src="${dashboard}"></iframe>`

t.test('another origin cannot show the dashboard in a frame', async (t) => {
  const { url } = await listening(t)
  const dashboard = `${url}/__admin/ui/`
  // A page on another origin (another port) that frames the dashboard.
  const framer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(FRAMER(dashboard))
  })
  framer.listen(0, '127.0.0.1')
  await once(framer, 'listening')
  t.teardown(() => { framer.closeAllConnections(); framer.close() })
  const { status } = await framed(t, dashboard, `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`, async () => {})
  t.equal(
    status,
    403,
    'a frame is no top-level visit: the request from another origin is refused outright, and shows only the refusal'
  )
})

t.test('not even a page of its own origin can frame it: its policy says frame-ancestors none', async (t) => {
  const { url } = await listening(t)
  const dashboard = `${url}/__admin/ui/`
  const framerUrl = `${url}/__framer.html`
  const { status, refusals, frameUrl } = await framed(t, dashboard, framerUrl,
    async (page) => {
      await page.route(framerUrl, (route) => route.fulfill({ contentType: 'text/html', body: FRAMER(dashboard) }))
    })
  t.equal(status, 200, 'the same origin is answered…')
  t.not(frameUrl, dashboard, `…the frame shows Chromium's error page (${frameUrl})…`)
  t.ok(
    refusals.some((text) => /frame-ancestors 'none'/.test(text)),
    `…and Chromium refuses to show it, saying why: ${refusals.join(' | ') || 'nothing'}`
  )
})

t.test('at 1,000 deployments and 10,000 journal rows the page keeps up and filters at once', async (t) => {
  const { page, url, errors } = await open(t)
  const admin = new AdminClient({ baseUrl: url })
  await admin.seed({
    deployments: Array.from({ length: 1000 }, (_, i) => ({
      Brand: 'FOO', TrackId: `FOO2701${String(i).padStart(5, '0')}`, OwnerUserId: 'bulkOwner', Status: 'New' as const,
    })),
  })
  const all = SEEDED + 1000
  await page.locator('#deployment-count', { hasText: `${all} of ${all}` }).waitFor({ timeout: 5000 })
  // 10,000 submissions while the page watches, 20 at a time.
  let next = 0
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < 10_000) {
      const i = next++
      await postJson(cancelUrl(url), { UserId: 'nobody', TrackId: `MISSING${i}` })
    }
  }))
  await page.locator('#journal-count', { hasText: '10000 of 10000' }).waitFor({ timeout: 30_000 })
  const started = Date.now()
  await page.fill('#journal-trackid', 'MISSING9999')
  await page.locator('#journal-count', { hasText: '1 of 10000' }).waitFor({ timeout: 5000 })
  await page.fill('#deployment-search', 'FOO270100999')
  await page.locator('#deployment-count', { hasText: `1 of ${SEEDED + 1000}` }).waitFor({ timeout: 5000 })
  t.pass(`both filters applied in ${Date.now() - started} ms`)
  t.same(errors, [])
})
