// The vendor's checklist for sends made through the API, run as a client runs it, over a real
// socket: create; add a query audience; poll its status until DONE; post the content (the flat
// CDATA form, then the <Splits> form); look the content up; send a test; schedule it [NOW]; the
// sandbox clock sends it. Then backing out: unschedule, remove the audience, add another, cancel.
// In both URL forms, and in isolation mode, where each app id's world keeps its own.
import t from 'tap'
import type { Test } from 'tap'
import { XMLParser } from 'fast-xml-parser'
import { AdminClient } from '../src/client.js'
import { listening } from './helpers.js'

const USER = 'omailAccount1'
const HTML = '<html><body><p>This week & next</p><a href="https://example.com/unsubscribe">Unsubscribe</a></body></html>'
const xml = new XMLParser({ parseTagValue: false })

interface Client {
  json: (method: string, resource: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>
  content: (body: string, type: string) => Promise<{ status: number; text: string }>
  get: (url: string) => Promise<{ status: number; text: string; type: string | null }>
}

/** A client of one app id, over HTTP, in one URL form. */
function client(url: string, appId: string, form: 'vendor' | 'short'): Client {
  const base = form === 'vendor' ? `${url}/webservices/rest/brand/FOO` : `${url}/FOO`
  const headers = { 'x-omeda-appid': appId }
  return {
    json: async (method, resource, body) => {
      const res = await fetch(`${base}/${resource}*`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json;charset=utf-8' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, body: await res.json() as Record<string, unknown> }
    },
    content: async (body, type) => {
      const res = await fetch(`${base}/omail/deployment/content/*`,
        { method: 'POST', headers: { ...headers, 'content-type': type }, body })
      return { status: res.status, text: await res.text() }
    },
    get: async (target) => {
      const res = await fetch(target, { headers })
      return { status: res.status, text: await res.text(), type: res.headers.get('content-type') }
    },
  }
}

/** The checklist and the way back, for one client; the admin client moves its world's clock. */
async function checklist(t: Test, omeda: Client, admin: AdminClient) {
  await admin.setClock({ now: '2026-12-01 09:00:00' })
  // 1. Create; keep the TrackId.
  const created = await omeda.json('POST', 'omail/deployment/', {
    DeploymentName: 'Checklist send', DeploymentDate: '2026-12-02 09:00', DeploymentTypeId: 12, OwnerUserId: USER,
    Splits: 1, TrackLinks: 1, TrackOpens: 1,
    Testers: [{ FirstName: 'Qa', LastName: 'Lead', EmailAddress: 'qa@example.com' }],
  })
  t.equal(created.status, 200, JSON.stringify(created.body))
  const trackId = String(created.body.TrackId)
  // 2. A query audience; it answers at once with a ListId and a status URL.
  const added = await omeda.json('POST', 'omail/deployment/audience/add/',
    { UserId: USER, TrackId: trackId, QueryName: 'Active subscribers', SplitNumber: 1 })
  t.equal(added.status, 200, JSON.stringify(added.body))
  // 3. Poll until DONE, as a client does, while the sandbox clock moves on two seconds a poll.
  const seen: string[] = []
  for (let poll = 0; poll < 10 && seen.at(-1) !== 'DONE'; poll++) {
    const status = await omeda.get(String(added.body.Url))
    t.equal(status.status, 200)
    seen.push(String(JSON.parse(status.text).AssignmentStatusCode))
    await admin.setClock({ offsetSeconds: (await admin.clock()).offsetSeconds + 2 })
  }
  t.equal(seen[0], 'QUEUED', `polled: ${seen.join(', ')}`)
  t.ok(seen.includes('IN_PROCESS'))
  t.equal(seen.at(-1), 'DONE')
  // 4. Content: the flat CDATA form as a PHP client sends it, then the <Splits> form.
  const flat = await omeda.content(['<Deployment>', `<UserId><![CDATA[${USER}]]></UserId>`,
    `<TrackId><![CDATA[${trackId}]]></TrackId>`, '<SplitNumber><![CDATA[1]]></SplitNumber>',
    '<FromName><![CDATA[Foo Weekly]]></FromName>', '<MailBox><![CDATA[news]]></MailBox>',
    '<Subject><![CDATA[This week]]></Subject>', `<HtmlContent><![CDATA[${HTML}]]></HtmlContent>`,
    '</Deployment>'].join('\n'), 'text/xml; charset=utf8')
  t.equal(flat.status, 200, flat.text)
  const splits = await omeda.content('<?xml version="1.0" encoding="UTF-8"?><Deployment>' +
    `<UserId>${USER}</UserId><TrackId>${trackId}</TrackId><Splits><Split><SplitNumber>1</SplitNumber>` +
    '<FromName><![CDATA[Foo Weekly]]></FromName><Mailbox>news</Mailbox>' +
    '<Subject><![CDATA[This week, again]]></Subject>' +
    `<HtmlContent><![CDATA[${HTML}]]></HtmlContent><TextContent>This week, in text</TextContent></Split></Splits>` +
    '</Deployment>', 'application/xml;charset=utf-8')
  t.equal(splits.status, 200, splits.text)
  // 5. Content lookup, by the Url the content answer gives.
  const lookupUrl = String(xml.parse(splits.text).ResponseInfo.Url)
  const html = await omeda.get(lookupUrl)
  t.equal(html.status, 200)
  t.equal(html.text, HTML, 'the HTML as posted')
  t.match(html.type, /^text\/html/)
  // 6. A test to the testers; 7. scheduled [NOW]; 8. the clock sends it.
  t.equal((await omeda.json('POST', 'omail/deployment/sendtest/', { UserId: USER, TrackId: trackId })).status, 200)
  t.match(await admin.outbox({ trackId, kind: 'test' }),
    [{ To: 'qa@example.com', Subject: 'This week, again', FromName: 'Foo Weekly' }], 'the test, to the tester')
  const scheduled = await omeda.json('POST', 'omail/deployment/schedule/',
    { UserId: USER, TrackId: trackId, ScheduledDate: '[NOW]' })
  t.equal(scheduled.status, 200, JSON.stringify(scheduled.body))
  const sent = await omeda.json('GET', `omail/deployment/lookup/${trackId}/`)
  t.match(sent.body, { Status: 'Sent', RecipientCount: 1200, SplitCount: 1 })
  t.match(await admin.outbox({ trackId, kind: 'deployment' }),
    [{ To: null, RecipientCount: 1200, Subject: 'This week, again' }], 'the send, to the audience')

  // Backing out, on a second deployment: unschedule, remove the audience, add another, cancel.
  const second = String((await omeda.json('POST', 'omail/deployment/clone/',
    { CloneTrackId: trackId, DeploymentDate: '2026-12-03 09:00' })).body.TrackId)
  t.equal((await omeda.json('POST', 'omail/deployment/audience/add/',
    { UserId: USER, TrackId: second, QueryName: 'Active subscribers', SplitNumber: 1 })).status, 200)
  await admin.setClock({ offsetSeconds: (await admin.clock()).offsetSeconds + 60 })
  t.equal((await omeda.json('POST', 'omail/deployment/sendtest/', { UserId: USER, TrackId: second })).status, 200)
  t.equal((await omeda.json('POST', 'omail/deployment/schedule/',
    { UserId: USER, TrackId: second, ScheduledDate: '2026-12-20 09:00' })).status, 200)
  t.equal((await omeda.json('POST', 'omail/deployment/unschedule/', { UserId: USER, TrackId: second })).status, 200)
  t.equal((await omeda.json('POST', 'omail/deployment/audience/remove/',
    { UserId: USER, TrackId: second, QueryName: 'Active subscribers' })).status, 200)
  t.notOk('RecipientCount' in (await omeda.json('GET', `omail/deployment/lookup/${second}/`)).body, 'no audience')
  const another = await omeda.json('POST', 'omail/deployment/audience/add/',
    { UserId: USER, TrackId: second, RecipientList: 'subscribers_20261201_090000.csv', SplitNumber: 1 })
  t.equal(another.status, 200, JSON.stringify(another.body))
  t.equal((await omeda.json('POST', 'omail/deployment/cancel/', { UserId: USER, TrackId: second })).status, 200)
  t.match((await omeda.json('GET', `omail/deployment/lookup/${second}/`)).body, { Status: 'Cancelled' })
  return trackId
}

for (const form of ['vendor', 'short'] as const) {
  t.test(`the checklist, ${form === 'vendor' ? "in the vendor's URL form" : 'in the short URL form'}`, async (t) => {
    const { url } = await listening(t)
    await checklist(t, client(url, 'sandbox-app-id', form), new AdminClient({ baseUrl: url }))
  })
}

t.test('the checklist under isolation: two app ids, each in a world of its own', async (t) => {
  const { url } = await listening(t, { isolation: 'app-id' })
  const [first, second] = await Promise.all(['sandbox-app-id', 'foo-only-app-id'].map((appId) =>
    checklist(t, client(url, appId, 'vendor'), new AdminClient({ baseUrl: url, appId }))))
  t.equal(first, second, 'each world numbers its own TrackIds, so both made the same one')
})
