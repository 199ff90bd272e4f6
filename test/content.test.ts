// The content page: XML in and out, each message byte for byte from a state that breaks only its
// rule, both URL forms, the public clients' shapes, and nothing stored on a refusal.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { APP_ID, build, omedaUrl } from './helpers.js'
import { atNow, created, worldState } from './deployment-requests.js'
import { flat, HTML, postContent, responseInfo, xmlErrors } from './content-requests.js'

const INVALID = 'Invalid xml. Please validate your xml and verify you have used CDATA tags where necessary.'

const valid = (trackId: string, extra: Record<string, string> = {}) => ({
  UserId: 'omailAccount1', TrackId: trackId, SplitNumber: '1', FromName: 'Foo News', Mailbox: 'news',
  Subject: 'Spring issue', HtmlContent: HTML, TextContent: 'Hello', ...extra,
})
const without = (body: Record<string, string>, ...fields: string[]) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => !fields.includes(k)))

async function ready(t: Test, withContent = false): Promise<{ app: FastifyInstance; trackId: string }> {
  const app = await build(t)
  await atNow(app)
  const trackId = await created(app)
  // Content already there, which a refusal must leave as it was.
  const first = flat(valid(trackId, { HtmlContent: `${HTML}<!-- first -->` }))
  if (withContent) t.equal((await postContent(app, first)).statusCode, 200)
  return { app, trackId }
}

/** A refusal: its status and errors, in XML, and the stored world (content included) as it was. */
async function refusedXml(
  t: Test, app: FastifyInstance, trackId: string, xml: string, status: number, errors: string[]
): Promise<void> {
  const content = () => app.inject({ method: 'GET', url: omedaUrl(`content/lookup/html/${trackId}/1`),
    headers: { 'x-omeda-appid': APP_ID } })
  const before = [await worldState(app), (await content()).body]
  const res = await postContent(app, xml)
  t.equal(res.statusCode, status, errors.join(' | '))
  t.equal(res.headers['content-type'], 'application/xml')
  t.same(xmlErrors(res), errors)
  t.same([await worldState(app), (await content()).body], before, 'nothing stored changed')
}

t.test('the flat CDATA form (text/xml; charset=utf8) is stored, looked up, and in the history', async (t) => {
  const { app, trackId } = await ready(t)
  const res = await postContent(app, flat(valid(trackId)))
  t.equal(res.statusCode, 200, res.body)
  const info = responseInfo(res)
  t.equal(info.TrackId, trackId)
  t.match(info.Url, `/webservices/rest/brand/FOO/omail/deployment/content/lookup/html/${trackId}/1/*`)
  t.equal(info.Warnings, undefined, 'no warnings')
  const html = await app.inject({
    method: 'GET', url: new URL(info.Url ?? '').pathname, headers: { 'x-omeda-appid': APP_ID },
  })
  t.equal(html.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(html.body, HTML)
  const lookup = (await app.inject({ method: 'GET', url: omedaUrl(`lookup/${trackId}`, { prefix: 'short' }),
    headers: { 'x-omeda-appid': APP_ID } })).json()
  t.match(lookup.Splits, [{ Sequence: 1, FromName: 'Foo News', FromEmail: 'news', Subject: 'Spring issue',
    EmailSubject: 'Spring issue', SpamScoreText: 0, RecipientSourceId: 0 }])
  t.match(lookup.ModificationHistory.at(-1), { ChangeDescription: 'split #1: message header and content changed' })
})

t.test('the <Splits> form: a declaration, application/xml;charset=utf-8, no whitespace; short URL', async (t) => {
  const { app, trackId } = await ready(t)
  const xml = '<?xml version="1.0" encoding="UTF-8"?><Deployment><UserId>omailAccount1</UserId>' +
    `<TrackId>${trackId}</TrackId><Splits><Split><SplitNumber>1</SplitNumber><FromName><![CDATA[A & B]]></FromName>` +
    '<Mailbox>news</Mailbox><Subject><![CDATA[Hi]]></Subject><HtmlContent><![CDATA[<html><body>' +
    '<a href="test.cmo">x</a></body></html>]]></HtmlContent></Split></Splits></Deployment>'
  const res = await postContent(app, xml, { type: 'application/xml;charset=utf-8', prefix: 'short' })
  t.equal(res.statusCode, 200, res.body)
  t.same(responseInfo(res).Warnings?.Warning,
    ["Invalid link found: 'test.cmo'", 'Missing Unsubscribe Link for split 1 in HTML'])
  t.match(res.body, "<Warning>Invalid link found: 'test.cmo'</Warning>", 'quotes as they are')
})

t.test('application/xml, flat, <Mailbox>, and no Content-Type at all', async (t) => {
  const { app, trackId } = await ready(t)
  const plain = `<Deployment><UserId>omailAccount1</UserId><TrackId>${trackId}</TrackId><SplitNumber>1</SplitNumber>` +
    '<FromName>Foo</FromName><Mailbox>news</Mailbox><Subject>S &amp; T</Subject><TextContent>Hi</TextContent>' +
    '</Deployment>'
  t.equal((await postContent(app, plain, { type: 'application/xml' })).statusCode, 200)
  t.equal((await postContent(app, plain, { type: null })).statusCode, 200)
  const refused = await postContent(app, plain, { type: 'application/json' })
  t.equal(refused.statusCode, 400)
  t.same(xmlErrors(refused),
    ["The content type 'application/json' is not supported here. Use 'text/xml' or 'application/xml'."])
})

t.test('each message, byte for byte, from a state that breaks only its rule', async (t) => {
  const { app, trackId } = await ready(t, true)
  const body = valid(trackId)
  await refusedXml(t, app, trackId, '<Deployment><UserId>x</UserId>', 400,
    [INVALID, "The XML parser says: Unclosed tag 'Deployment'. (line 1)"])
  await refusedXml(t, app, trackId, flat(without(body, 'UserId')), 400, ["The field 'UserId' is required."])
  await refusedXml(t, app, trackId, flat(without(body, 'SplitNumber')), 400, ["The field 'SplitNumber' is required."])
  await refusedXml(t, app, trackId, flat(without(body, 'HtmlContent', 'TextContent')), 400,
    ["One of the following fields must be set: 'HtmlContent' or 'TextContent'."])
  await refusedXml(t, app, trackId, flat(without(body, 'Subject')), 400, ["The field 'Subject' is required."])
  await refusedXml(t, app, trackId, flat(valid(trackId, { FromName: 'x'.repeat(101) })), 400,
    [`The value '${'x'.repeat(101)}' for field 'FromName' exceeded a max length of 100.`])
  await refusedXml(t, app, trackId, flat(valid('FOO999999999')), 404,
    ["No deployment was found matching trackId 'FOO999999999'."])
  await refusedXml(t, app, trackId, flat(valid(trackId, { UserId: 'stranger' })), 403,
    [`UserId 'stranger' is not authorized to edit deployment '${trackId}'`])
  await refusedXml(t, app, trackId, flat(valid('FOO261127003')), 400,
    ["Deployment 'FOO261127003'  was created within the Omail portal and is not eligible for API access."])
  await refusedXml(t, app, trackId, flat(valid('FOO261124001', { UserId: 'qaLead' })), 400,
    ["Deployment 'FOO261124001' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be " +
      'edited.'])
  await refusedXml(t, app, trackId, flat(valid(trackId, { SplitNumber: '2' })), 400,
    [`Split 2 does not exist for deployment ${trackId}. Deployment '${trackId}' has only 1 split.`])
  await refusedXml(t, app, trackId, flat(valid(trackId, { TextContent: 'Hi <b>there</b>' })), 400,
    ['TextContent should not contain html.'])
  await refusedXml(t, app, trackId, flat(valid(trackId, { HtmlContent: '<p>no html tags</p>' })), 400,
    ['HtmlContent must have open and closed html and body tags.'])
})

t.test('the order: body problems all at once, then 404, then 403', async (t) => {
  const { app, trackId } = await ready(t, true)
  await refusedXml(t, app, trackId, flat({ TrackId: 'FOO999999999' }), 400, [
    "The field 'UserId' is required.", "The field 'SplitNumber' is required.",
    "One of the following fields must be set: 'HtmlContent' or 'TextContent'.", "The field 'FromName' is required.",
    "The field 'MailBox' is required.", "The field 'Subject' is required.",
  ])
  await refusedXml(t, app, trackId, flat(valid('FOO999999999', { UserId: 'stranger' })), 404,
    ["No deployment was found matching trackId 'FOO999999999'."])
})

t.test('hostile XML: DOCTYPE, billion laughs, external entities; never expanded', async (t) => {
  const { app, trackId } = await ready(t, true)
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
    `<Deployment><UserId>&lol2;</UserId><TrackId>${trackId}</TrackId></Deployment>`
  const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
    '<Deployment><UserId>&xxe;</UserId></Deployment>'
  const declared = 'The document has a DOCTYPE or another markup declaration: the emulator refuses them, and never ' +
    'expands or fetches entities.'
  await refusedXml(t, app, trackId, laughs, 400, [INVALID, declared])
  await refusedXml(t, app, trackId, xxe, 400, [INVALID, declared])
  await refusedXml(t, app, trackId, '<Deployment><UserId>&xxe;</UserId></Deployment>', 400,
    [INVALID, "The XML parser says: '&xxe;' is not one of XML's five entities or a character"])
  // A DOCTYPE inside CDATA is content, not a declaration.
  const ok = await postContent(app, flat(valid(trackId, { HtmlContent: `<!DOCTYPE html>${HTML}` })))
  t.equal(ok.statusCode, 200, ok.body)
})

t.test('app id, 405 and an injected fault on this route answer in XML', async (t) => {
  const { app, trackId } = await ready(t)
  const forbidden = await postContent(app, flat(valid(trackId)), { appId: 'nobody' })
  t.equal(forbidden.statusCode, 403)
  t.same(xmlErrors(forbidden), ['The AppId submitted is forbidden access.'])
  const other = await app.inject({ method: 'PUT', url: omedaUrl('content'), headers: { 'x-omeda-appid': APP_ID } })
  t.equal(other.statusCode, 405)
  t.same(xmlErrors(other), ["The HTTP method 'PUT' is not allowed for this resource. Use POST."])
  await app.inject({
    method: 'POST', url: '/__admin/faults', payload: { action: 'status', status: 503, endpoint: 'content' },
  })
  const fault = await postContent(app, flat(valid(trackId)))
  t.equal(fault.statusCode, 503)
  t.same(xmlErrors(fault), ['Fault injected by the emulator: HTTP 503.'])
})
