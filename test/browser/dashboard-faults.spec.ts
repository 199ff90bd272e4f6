// The fault form in a real browser: it shows only the inputs the chosen action takes, adds a
// rate-limit and a truncate fault with the JSON the admin API takes, lists them with their
// settings, words a refusal with its own labels, and the journal shows the 429 a client met with
// its fault, and apart from it a fault that matched but did not fire.
import t from 'tap'
import { chromium, type Browser, type Page } from 'playwright-core'
import { AdminClient } from '../../src/client.js'
import { appIdHeader } from '../helpers.js'
import { CHROMIUM, openDashboard } from './chromium.js'

let browser: Browser
t.before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})
t.teardown(() => browser?.close())

const cancelUrl = (url: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`

/** The fields the form shows now, by their labels. */
const shownLabels = (page: Page) => page.locator('#fault-fields [data-field]:visible > span').allInnerTexts()

/** Fills the form's inputs by id; a value of true or false (un)checks a checkbox. */
async function fill(page: Page, values: Record<string, string | boolean>) {
  for (const [id, value] of Object.entries(values)) {
    if (typeof value === 'boolean') await page.setChecked(`#${id}`, value)
    else if (await page.locator(`#${id}`).evaluate((e) => e.tagName === 'SELECT')) {
      await page.selectOption(`#${id}`, value)
    } else await page.fill(`#${id}`, value)
  }
}

const SCOPE_AND_CHANCE = ['delay ms', 'delay max ms', 'delay p99 ms', 'probability', 'seed',
  'times', 'endpoint', 'brand', 'TrackId']

t.test('rate-limit and truncate faults added from the form are listed, ' +
  'a refusal reads in the form\'s words, and the 429 a client meets is in the journal', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  const admin = new AdminClient({ baseUrl: url })
  await page.locator('#fault-endpoint option[value="cancel"]').waitFor({ state: 'attached' })

  await page.selectOption('#fault-action', 'rate-limit')
  t.same(await shownLabels(page), ['retry-after', 'errors', 'headers', ...SCOPE_AND_CHANCE],
    'a rate-limit fault: its own inputs, the waits and chance, the scope')
  await fill(page, {
    'fault-retry-after': '30', 'fault-errors': 'Slow down, says the dashboard.',
    'fault-headers': 'X-RateLimit-Limit: 10\n\nX-RateLimit-Remaining:  0 ',
    'fault-probability': '1', 'fault-seed': '7', 'fault-times': '1', 'fault-endpoint': 'cancel',
  })
  await page.click('#fault-form button')
  const rateLimit = page.locator('#faults li', { hasText: 'rate-limit' })
  await rateLimit.waitFor({ timeout: 2000 })
  t.equal(await rateLimit.innerText(), '#1 rate-limit retry-after 30, 2 headers remove\n' +
    'cancel · probability 1 · seed 7 · 1 left', 'listed with its settings, chance and what is left')

  await page.selectOption('#fault-action', 'truncate')
  t.same(await shownLabels(page), ['bytes', 'apply', ...SCOPE_AND_CHANCE], 'a truncate fault, applied')
  t.equal(await page.isChecked('#fault-apply'), true, 'apply is on unless turned off')
  await page.setChecked('#fault-apply', false)
  t.same(await shownLabels(page), ['status', 'bytes', 'apply', 'errors', ...SCOPE_AND_CHANCE],
    'without apply it cuts a vendor error, whose status and errors it takes')
  t.equal(await page.getAttribute('#fault-status', 'placeholder'), '503', 'the default status as the hint')
  await fill(page, {
    'fault-apply': true, 'fault-bytes': '12', 'fault-probability': '', 'fault-seed': '', 'fault-times': '',
    'fault-endpoint': 'lookup', 'fault-trackid': 'FOO261124001',
  })
  await page.click('#fault-form button')
  const truncate = page.locator('#faults li', { hasText: 'truncate' })
  await truncate.waitFor({ timeout: 2000 })
  t.equal(await truncate.innerText(), '#2 truncate bytes 12 remove\nlookup, FOO261124001 · until removed')

  const spec = ({ id, createdAt, ...rest }: Record<string, unknown>) => rest
  t.same((await admin.faults()).map(spec), [
    {
      brand: null, trackId: null, endpoint: 'cancel', appScoped: false, remaining: 1, action: 'rate-limit',
      retryAfter: 30, errors: ['Slow down, says the dashboard.'],
      headers: { 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0' }, probability: 1, seed: 7,
    },
    {
      brand: null, trackId: 'FOO261124001', endpoint: 'lookup', appScoped: false, remaining: null,
      action: 'truncate', bytes: 12,
    },
  ], 'the form sent what the admin API takes, and only the fields each action takes')

  // Bad entries: the form's own check, then the API's refusals, each in the form's words.
  await page.selectOption('#fault-action', 'rate-limit')
  await fill(page, { 'fault-headers': 'X-Fine: yes\nno colon here', 'fault-endpoint': '', 'fault-trackid': '' })
  await page.click('#fault-form button')
  await page.locator('#fault-problems li', { hasText: 'line 2' }).waitFor({ timeout: 2000 })
  t.same(await page.locator('#fault-problems li').allInnerTexts(),
    ["headers (line 2): must be 'Name: value', but 'no colon here' was given"])

  await page.selectOption('#fault-action', 'slow-body')
  await fill(page, { 'fault-duration': '0', 'fault-delay-max': '50' })
  await page.click('#fault-form button')
  await page.locator('#fault-problems li', { hasText: 'duration ms' }).waitFor({ timeout: 2000 })
  t.same(await page.locator('#fault-problems li').allInnerTexts(), [
    'duration ms: must be at least 1, but 0 was given',
  ], 'a schema refusal names the field by its label')
  await fill(page, { 'fault-duration': '' })
  await page.click('#fault-form button')
  await page.locator('#fault-problems li', { hasText: "needs 'duration ms'" }).waitFor({ timeout: 2000 })
  t.same(await page.locator('#fault-problems li').allInnerTexts(), [
    "This fault needs 'delay ms' ('delay max ms' is the top of a random wait that starts at 'delay ms').",
    "This fault needs 'duration ms' (a 'slow-body' fault spreads the body over that many milliseconds).",
  ], 'a rule\'s refusal too, wherever it names a field')
  t.equal(await page.locator('#faults li').count(), 2, 'nothing refused was added')

  // An Omeda call meets the rate limit; the journal shows the 429 and the fault that answered it.
  const limited = await fetch(cancelUrl(url), {
    method: 'POST', headers: { 'content-type': 'application/json', ...appIdHeader() },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124002' }),
  })
  t.equal(limited.status, 429)
  t.equal(limited.headers.get('retry-after'), '30')
  t.equal(limited.headers.get('x-ratelimit-remaining'), '0')
  t.match(await limited.json(), { Errors: [{ Error: 'Slow down, says the dashboard.' }] })
  const row = page.locator('#journal tbody tr', { hasText: 'FOO261124002' })
  await row.waitFor({ timeout: 2000 })
  t.match(await row.innerText(), /POST\s+cancel\s+429\s+FOO261124002\s+omailAccount1\s+#1$/)
  t.equal(await row.locator('td.fault-fired').innerText(), '#1', 'the fault that answered it')
  await page.locator('#faults li', { hasText: 'rate-limit' }).waitFor({ state: 'detached', timeout: 2000 })
  t.pass('its one time used, the rate limit leaves the list')

  // A fault that matches but, by its probability, does not fire: the journal sets it apart.
  await admin.fault({ action: 'status', status: 500, probability: 0, endpoint: 'cancel' })
  await page.locator('#faults li', { hasText: '#3 status 500' }).waitFor({ timeout: 2000 })
  t.match(await page.locator('#faults li', { hasText: '#3' }).innerText(), /probability 0 · until removed/)
  const call = await fetch(cancelUrl(url), {
    method: 'POST', headers: { 'content-type': 'application/json', ...appIdHeader() },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124003' }),
  })
  t.not(call.status, 500, `not faulted (${call.status})`)
  const skippedRow = page.locator('#journal tbody tr', { hasText: 'FOO261124003' })
  await skippedRow.waitFor({ timeout: 2000 })
  t.equal(await skippedRow.locator('td.fault-skipped').innerText(), '#3 skipped')
  t.equal(await skippedRow.locator('td.fault-fired').count(), 0, 'not shown as a fault that fired')
  t.not(
    await skippedRow.locator('td.fault-skipped').evaluate((td) => getComputedStyle(td).fontStyle),
    await row.locator('td.fault-fired').evaluate((td) => getComputedStyle(td).fontStyle),
    'and drawn unlike one'
  )
  // The refusals above are 400s, which Chromium logs; nothing else is.
  t.same(errors.filter((e) => !/status of 400/.test(e)), [])
})
