// The dashboard's views in a real browser: the endpoint lists come from the server, the problem
// banner clears after a success, a fixture load reads as a success, journal times are in the
// vendor's zone, every column fits at 1400 px, the clock offset reads in human units, and a selected
// deployment has a link of its own and rows work from the keyboard.
import t from 'tap'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { AdminClient } from '../../src/client.js'
import { postJson } from '../helpers.js'
import { CHROMIUM, openDashboard } from './chromium.js'

let browser: Browser
t.before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})
t.teardown(() => browser?.close())

const cancelUrl = (url: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`
const optionsOf = (page: Page, select: string) => page.locator(`${select} option`).evaluateAll(
  (options) => options.map((o) => (o as HTMLOptionElement).value)
)

t.test('the journal and fault endpoint lists are the ones the server answers', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  const served = await (await fetch(`${url}/__admin/endpoints`)).json() as { endpoints: { name: string }[] }
  await page.locator('#journal-endpoint option[value="lookup"]').waitFor({ state: 'attached' })
  t.same(
    await optionsOf(page, '#journal-endpoint'),
    ['', ...served.endpoints.map((e) => e.name)],
    'the server\'s list, after "every endpoint"'
  )
  t.same(await optionsOf(page, '#fault-endpoint'), ['', ...served.endpoints.map((e) => e.name)])
  t.same(errors, [])

  // Another list from the server is another list on the page: the page keeps none of its own.
  const other = { endpoints: [
    {
      name: 'cancel',
      method: 'POST',
      path: '/webservices/rest/brand/{brand}/omail/deployment/cancel/*',
      changesDeployment: true
    },
    {
      name: 'resend',
      method: 'POST',
      path: '/webservices/rest/brand/{brand}/omail/deployment/resend/*',
      changesDeployment: true
    },
  ] }
  const { page: routed } = await openDashboard(t, browser, {
    before: async (p) => { await p.route('**/__admin/endpoints', (route) => route.fulfill({ json: other })) },
  })
  await routed.locator('#journal-endpoint option[value="resend"]').waitFor({ state: 'attached' })
  t.same(await optionsOf(routed, '#journal-endpoint'), ['', 'cancel', 'resend'])
  t.equal(await routed.locator('#journal-endpoint option[value="resend"]').getAttribute('title'),
    'POST /webservices/rest/brand/{brand}/omail/deployment/resend/*', 'each option says what it is')
})

t.test('an error banner clears once a later action succeeds', async (t) => {
  const { page } = await openDashboard(t, browser)
  await page.fill('#clock-date', 'not a date')
  await page.click('#clock-set button')
  await page.locator('#problem:not([hidden])').waitFor({ timeout: 2000 })
  t.match(
    await page.locator('#problem').innerText(),
    /\S/,
    `the failure shows: ${await page.locator('#problem').innerText()}`
  )
  await page.fill('#clock-date', '2031-01-01 00:00:00')
  await page.click('#clock-set button')
  await page.locator('#clock-now', { hasText: '2031-01-01 00:00' }).waitFor({ timeout: 2000 })
  await page.locator('#problem').waitFor({ state: 'hidden', timeout: 2000 })
  t.pass('the banner is gone after the clock was set')
})

t.test('a fixture load reads as a success, in the singular for one', async (t) => {
  const { page } = await openDashboard(t, browser)
  await page.fill('#fixtures-text', '{"deployments":[{"Brand":"FOO"}]}')
  await page.click('#fixtures-form button')
  const problem = page.locator('#fixtures-problems li').first()
  await problem.waitFor()
  const errorColor = await problem.evaluate((li) => getComputedStyle(li).color)
  await page.fill('#fixtures-text', JSON.stringify({
    apps: [{ AppId: 'one-more-app', Brands: ['FOO'] }],
    deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1', Status: 'New' }],
  }))
  await page.click('#fixtures-form button')
  const ok = page.locator('#fixtures-problems li.ok')
  await ok.waitFor()
  t.equal(await ok.innerText(), 'Loaded 1 app and 1 deployment.')
  const okColor = await ok.evaluate((li) => getComputedStyle(li).color)
  t.not(okColor, errorColor, `not in the error's colour (${okColor}, the error's ${errorColor})`)
  t.equal(okColor, 'rgb(17, 107, 46)', 'in the green of a 2xx status')
})

t.test("journal times are in the vendor's zone, and say which", async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124002' })
  const [submission] = await new AdminClient({ baseUrl: url }).submissions({ trackId: 'FOO261124002' })
  const { timeZone } = await new AdminClient({ baseUrl: url }).clock()
  t.equal(timeZone, 'America/Chicago')
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', fractionalSecondDigits: 3,
  }).formatToParts(new Date(submission!.ReceivedAt)).map((p) => [p.type, p.value]))
  const time = `${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}`
  const cell = page.locator('#journal tbody tr', { hasText: 'FOO261124002' }).locator('td').first()
  await cell.waitFor({ timeout: 2000 })
  t.equal(await cell.innerText(), time, `${submission!.ReceivedAt} in ${timeZone}`)
  t.equal(
    await cell.getAttribute('title'),
    `${parts.year}-${parts.month}-${parts.day} ${time} ${timeZone}`,
    'the date too, on hover'
  )
  t.equal(await page.locator('#journal thead th').first().innerText(), `Time\n${timeZone}`, 'the column names the zone')
  t.same(errors, [])
})

/**
 * Whether the whole of `cell` shows: inside the viewport and inside its scrolling box. Asked again
 * for up to 5 s: the dashboard redraws a table when an event comes, and a cell read just as its row
 * is replaced is measured detached, with no box at all.
 */
async function shows(cell: Locator, width: number) {
  const measure = () => cell.evaluate((td, width) => {
    const box = td.getBoundingClientRect()
    const scroller = td.closest('.scroll')?.getBoundingClientRect()
    return scroller !== undefined && box.width > 0 && box.left >= 0 && box.right <= width &&
      box.right <= scroller.right
  }, width)
  for (const until = Date.now() + 5000; Date.now() < until;) {
    if (await measure()) return true
    await cell.page().waitForTimeout(50)
  }
  return measure()
}

t.test('at 1400 px every column shows: Scheduled and Sent, User and Fault, with no sideways scrolling', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser, { viewport: { width: 1400, height: 900 } })
  await new AdminClient({ baseUrl: url }).fault({ action: 'status', status: 503, times: 1 })
  await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124002' })
  const journalRow = page.locator('#journal tbody tr', { hasText: '#1' })
  await journalRow.waitFor({ timeout: 2000 })
  const sent = page.locator('#deployments tbody tr', { hasText: 'FOO261118001' })
  for (const [name, cell] of [
    ['Scheduled', sent.locator('td').nth(5)], ['Sent', sent.locator('td').nth(6)],
    ['User', journalRow.locator('td').nth(5)], ['Fault', journalRow.locator('td').nth(6)],
  ] as const) t.ok(await shows(cell, 1400), `${name}: ${await cell.innerText()}`)
  for (const table of ['#deployments-view', '#journal-view']) {
    const { scrollWidth, clientWidth } = await page.locator(`${table} .scroll`).evaluate((e) => ({
      scrollWidth: e.scrollWidth,
      clientWidth: e.clientWidth
    }))
    t.ok(scrollWidth <= clientWidth, `${table}: ${scrollWidth} px of content in ${clientWidth} px`)
  }
  t.same(errors, [])
})

t.test('the clock offset reads in human units', async (t) => {
  const { page, url } = await openDashboard(t, browser)
  const admin = new AdminClient({ baseUrl: url })
  await page.locator('#clock-zone', { hasText: 'in step' }).waitFor()
  for (const [offsetSeconds, text] of [
    [128547911.377, '4 years 27 days ahead'], [3 * 3600 + 5 * 60 + 7, '3 h 5 min ahead'], [
      -2 * 86400,
      '2 days behind'
    ], [90, '1 min 30 s ahead'],
  ] as const) {
    await admin.setClock({ offsetSeconds })
    await page.locator('#clock-zone', { hasText: text }).waitFor({ timeout: 2000 })
    t.equal(
      await page.locator('#clock-zone').innerText(),
      `America/Chicago, ${text} of real time`,
      `${offsetSeconds} s`
    )
  }
  await admin.resetClock()
  await page.locator('#clock-zone', { hasText: 'in step' }).waitFor({ timeout: 2000 })
  t.equal(await page.locator('#clock-zone').innerText(), 'America/Chicago, in step with real time')
})

t.test('a selected deployment has a link of its own, and the link opens it', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser, { hash: '#deployment=FOO/FOO261124001' })
  await page.locator('#detail-title', { hasText: 'FOO261124001' }).waitFor({ timeout: 2000 })
  t.match(await page.locator('#deployments tr.selected').innerText(), /FOO261124001/, 'selected in the list too')
  await page.locator('#deployments tbody tr', { hasText: 'FOO261118001' }).click()
  await page.locator('#detail-title', { hasText: 'FOO261118001' }).waitFor()
  t.equal(new URL(page.url()).hash, '#deployment=FOO/FOO261118001', 'the URL follows the selection')
  // The link, in another page.
  const other = await browser.newPage()
  t.teardown(() => other.close())
  await other.goto(page.url())
  await other.locator('#detail-title', { hasText: 'FOO261118001' }).waitFor({ timeout: 5000 })
  t.pass('the link opens the same deployment')
  // A link to a deployment this world does not have says so.
  await page.goto(`${url}/__admin/ui/#deployment=FOO/NOPE`)
  await page.locator('#problem', { hasText: 'NOPE' }).waitFor({ timeout: 2000 })
  t.equal(await page.locator('#detail').isHidden(), true)
  t.equal(new URL(page.url()).hash, '', 'and drops it from the URL')
  t.same(errors.filter((e) => !/404/.test(e)), [], 'no error but the 404 of the missing deployment')
})

t.test('a deployment made through the API shows in the list, with its testers and history', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  await page.locator('#deployments tbody tr', { hasText: 'FOO261124001' }).waitFor({ timeout: 5000 })
  const created = await postJson(`${url}/webservices/rest/brand/FOO/omail/deployment/*`, {
    DeploymentName: 'Made by a client', DeploymentDate: '2099-01-01 10:00', DeploymentTypeId: 12,
    OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 0,
    Testers: [{ FirstName: 'Ada', LastName: 'Lovelace', EmailAddress: 'ada@example.com' }],
  })
  t.equal(created.status, 200)
  const trackId = String(created.body.TrackId)
  const row = page.locator('#deployments tbody tr', { hasText: trackId })
  await row.waitFor({ timeout: 5000 })
  t.match(await row.innerText(), /Made by a client/, 'the list refreshes after the create')
  await row.click()
  await page.locator('#detail-title', { hasText: trackId }).waitFor()
  await page.locator('#detail-history tbody tr').first().waitFor()
  t.match(await page.locator('#detail-fields').innerText(), /Testers\s+Ada Lovelace <ada@example\.com>/)
  t.match(await page.locator('#detail-history').innerText(),
    /Deployment created \(new\)\. Requested date\/time is Thu Jan 01 10:00:00 CST 2099/)
  t.same(errors, [])
})

t.test('rows are reached with Tab and chosen with Enter or Space', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  await page.locator('#deployments tbody tr').first().waitFor()
  await page.focus('#deployment-search')
  await page.keyboard.press('Tab')
  const focused = () => page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null
    return active?.dataset?.trackid ?? active?.tagName
  })
  const first = await focused()
  t.equal(first, 'BAR261112001', 'Tab from the search goes to the first deployment')
  await page.keyboard.press('Enter')
  await page.locator('#detail-title', { hasText: 'BAR261112001' }).waitFor({ timeout: 2000 })
  await page.keyboard.press('Tab')
  t.equal(await focused(), 'BAR261119001', 'and on to the next')
  await page.keyboard.press(' ')
  await page.locator('#detail-title', { hasText: 'BAR261119001' }).waitFor({ timeout: 2000 })
  t.equal(await focused(), 'BAR261119001', 'the row keeps the focus when the list is drawn again')
  t.equal(new URL(page.url()).hash, '#deployment=BAR/BAR261119001')

  await postJson(cancelUrl(url), { UserId: 'omailAccount1', TrackId: 'FOO261124002' })
  const row = page.locator('#journal tbody tr', { hasText: 'FOO261124002' })
  await row.waitFor({ timeout: 2000 })
  await row.focus()
  await page.keyboard.press('Enter')
  await page.locator('#journal td.body').waitFor({ timeout: 2000 })
  t.match(
    await page.locator('#journal td.body').innerText(),
    /"TrackId":"FOO261124002"/,
    'Enter opens a journal row\'s bodies'
  )
  t.same(errors, [])
})
