// A deployment's send in the dashboard, in a real browser: its audience lists and their status as
// the sandbox clock moves, and each split's content, the HTML rendered in a frame that runs none of
// its scripts, and the text beside it.
import t from 'tap'
import { chromium, type Browser } from 'playwright-core'
import { postJson } from '../helpers.js'
import { CHROMIUM, openDashboard } from './chromium.js'

let browser: Browser
t.before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})
t.teardown(() => browser?.close())

const APP = { 'x-omeda-appid': 'sandbox-app-id' }
const HTML = '<html><body><p id="hello">Hello readers</p>' +
  '<script>parent.document.title = "reached"; document.body.dataset.ran = "yes"</script>' +
  '<a href="https://example.com/unsubscribe">Unsubscribe</a></body></html>'

t.test('the detail shows the lists with their status as the clock moves, and each split\'s content', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  const omeda = (resource: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/${resource}*`
  t.equal((await postJson(`${url}/__admin/clock`, { now: '2026-12-01 09:00:00' })).status, 200)
  const created = await postJson(omeda(''), {
    DeploymentName: 'Dashboard send', DeploymentDate: '2026-12-05 10:00', DeploymentTypeId: 12,
    OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1,
  }, APP)
  const TrackId = String(created.body.TrackId)
  const added = await postJson(omeda('audience/add/'),
    { UserId: 'omailAccount1', TrackId, QueryName: 'Active subscribers', SplitNumber: 1 }, APP)
  t.equal(added.status, 200)
  const content = await fetch(omeda('content/'), {
    method: 'POST', headers: { ...APP, 'content-type': 'application/xml;charset=utf-8' },
    body: `<Deployment><UserId>omailAccount1</UserId><TrackId>${TrackId}</TrackId><SplitNumber>1</SplitNumber>` +
      '<FromName>Foo Weekly</FromName><Mailbox>news</Mailbox><Subject>This week</Subject>' +
      `<HtmlContent><![CDATA[${HTML}]]></HtmlContent><TextContent>Hello readers, in text.</TextContent></Deployment>`,
  })
  t.equal(content.status, 200, await content.text())

  await page.goto(`${url}/__admin/ui/#deployment=FOO/${TrackId}`)
  const list = page.locator('#detail-lists tbody tr').first()
  await list.waitFor({ timeout: 5000 })
  t.match(await list.innerText(), /Active subscribers\s+query/, 'the list, and what kind it is')
  t.match(await list.locator('.status-code').innerText(), /^(QUEUED|IN_PROCESS)$/, 'still loading')

  // A minute later by the sandbox clock, the list has loaded: the detail shown again says so.
  t.equal((await postJson(`${url}/__admin/clock`, { now: '2026-12-01 09:01:00' })).status, 200)
  await page.reload()
  await page.locator('#detail-lists .status-code', { hasText: 'DONE' }).waitFor({ timeout: 5000 })
  t.match(await page.locator('#detail-lists tbody tr').first().innerText(), /1200/, 'its recipients')

  const split = page.locator('#detail-splits .split').first()
  t.match(await split.locator('.split-fields').innerText(), /Subject\s+This week/)
  const frame = split.locator('iframe')
  t.equal(await frame.getAttribute('sandbox'), '', 'a sandbox that allows nothing')
  const framed = page.frameLocator('#detail-splits iframe')
  t.equal(await framed.locator('#hello').innerText(), 'Hello readers', 'the HTML is rendered')
  t.equal(await framed.locator('body').getAttribute('data-ran'), null, 'its script did not run')
  t.not(await page.title(), 'reached', 'nor reached the page')
  t.equal(await split.locator('.mail-text').innerText(), 'Hello readers, in text.', 'the text beside it')
  // The frame's blocked script is the one thing the browser reports.
  t.same(errors.filter((e) => !/sandboxed|about:srcdoc|allow-scripts/.test(e)), [], `no other error: ${errors}`)
})

t.test('the outbox, live: test copies and the clock\'s send appear as made; a row opens the email', async (t) => {
  const { page, url, errors } = await openDashboard(t, browser)
  const omeda = (resource: string) => `${url}/webservices/rest/brand/FOO/omail/deployment/${resource}*`
  t.equal((await postJson(`${url}/__admin/clock`, { now: '2026-12-01 09:00:00' })).status, 200)
  const created = await postJson(omeda(''), {
    DeploymentName: 'Outbox send', DeploymentDate: '2026-12-05 10:00', DeploymentTypeId: 12,
    OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1,
    Testers: [{ FirstName: 'Qa', LastName: 'Lead', EmailAddress: 'qa@example.com' }],
  }, APP)
  const TrackId = String(created.body.TrackId)
  const content = await fetch(omeda('content/'), {
    method: 'POST', headers: { ...APP, 'content-type': 'text/xml' },
    body: `<Deployment><UserId>omailAccount1</UserId><TrackId>${TrackId}</TrackId><SplitNumber>1</SplitNumber>` +
      '<FromName>Foo Weekly</FromName><Mailbox>news</Mailbox><Subject>Outbox subject</Subject>' +
      `<HtmlContent><![CDATA[${HTML}]]></HtmlContent><TextContent>Outbox text.</TextContent></Deployment>`,
  })
  t.equal(content.status, 200)
  t.equal((await postJson(omeda('sendtest/'), { UserId: 'omailAccount1', TrackId }, APP)).status, 200)
  const copy = page.locator('#outbox tbody tr', { hasText: 'qa@example.com' })
  await copy.waitFor({ timeout: 5000 })
  t.match(await copy.innerText(), /test[\s\S]*Outbox subject/, 'the test copy, live')

  t.equal((await postJson(omeda('audience/add/'),
    { UserId: 'omailAccount1', TrackId, QueryName: 'Active subscribers', SplitNumber: 1 }, APP)).status, 200)
  t.equal((await postJson(`${url}/__admin/clock`, { now: '2026-12-01 09:01:00' })).status, 200)
  t.equal((await postJson(omeda('schedule/'), { UserId: 'omailAccount1', TrackId, ScheduledDate: '[NOW]' }, APP))
    .status, 200)
  // The clock's send is made when the world is next read: a lookup reads it.
  t.equal((await fetch(`${omeda(`lookup/${TrackId}/`)}`, { headers: APP })).status, 200)
  const sent = page.locator('#outbox tbody tr', { hasText: '1200 recipients' })
  await sent.waitFor({ timeout: 5000 })
  t.match(await sent.innerText(), /deployment/, 'the send to the audience, live')

  await copy.click()
  await page.locator('#outbox-detail:not([hidden])').waitFor({ timeout: 5000 })
  t.match(await page.locator('#outbox-detail-title').innerText(), /Outbox subject — to qa@example.com/)
  t.equal(await page.locator('#outbox-mail iframe').getAttribute('sandbox'), '')
  t.equal(await page.frameLocator('#outbox-mail iframe').locator('#hello').innerText(), 'Hello readers')
  t.equal(await page.frameLocator('#outbox-mail iframe').locator('body').getAttribute('data-ran'), null)
  t.equal(await page.locator('#outbox-mail .mail-text').innerText(), 'Outbox text.')

  // A reset empties it.
  t.equal((await postJson(`${url}/__admin/reset`, {})).status, 200)
  await page.locator('#outbox tbody tr').first().waitFor({ state: 'detached', timeout: 5000 })
  t.equal(await page.locator('#outbox-count').innerText(), '0')
  t.same(errors.filter((e) => !/sandboxed|about:srcdoc|allow-scripts/.test(e)), [], `no other error: ${errors}`)
})
