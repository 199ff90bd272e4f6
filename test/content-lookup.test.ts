// Content lookup: a split's HTML or text, raw and byte for byte, as text/html, in both URL forms; its
// 404s in the JSON vendor shape; and each world (isolation by app id) sees only its own content.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { atNow, created } from './deployment-requests.js'
import { admin, APP_ID, build } from './helpers.js'
import { buildWithQux, contentLookup, flat, fullSplit, HTML, postContent, quxDeployment } from './content-requests.js'

/** Bodies whose every byte must come back: edge whitespace, non-ASCII, quotes, an entity, an astral character. */
const RAW_HTML = '\n  <html>\n<body>Ünïcödé ✓ "q" \'a\' <b>&nbsp;</b> 𝄞</body></html>\t\n  '
const RAW_TEXT = '  Line one\nLine two é ✓ 𝄞\n\n'
/** Seeded (JSON) and fetched content is not XML: its CRLFs stay. */
const CRLF_HTML = '<html>\r\n<body>Two\r\n</body></html>\r\n'

async function posted(app: FastifyInstance, trackId: string, fields: Record<string, string>, appId = APP_ID) {
  const res = await postContent(app, flat({ UserId: 'omailAccount1', TrackId: trackId, SplitNumber: '1',
    FromName: 'Foo', Mailbox: 'news', Subject: 'S', ...fields }), { appId })
  if (res.statusCode !== 200) throw new Error(`content refused: ${res.body}`)
}

t.test('both kinds, both URL forms: the raw content byte for byte, as text/html', async (t) => {
  const app = await build(t)
  await atNow(app)
  const trackId = await created(app)
  await posted(app, trackId, { HtmlContent: RAW_HTML, TextContent: RAW_TEXT })
  for (const prefix of ['vendor', 'short'] as const) {
    for (const [kind, body] of [['html', RAW_HTML], ['text', RAW_TEXT], ['HTML', RAW_HTML]] as const) {
      const res = await contentLookup(app, kind, trackId, 1, { prefix })
      t.equal(res.statusCode, 200, `${prefix} ${kind}`)
      t.equal(res.headers['content-type'], 'text/html; charset=utf-8', 'text/html for both kinds, as the page says')
      t.equal(res.rawPayload.toString('utf8'), body, `${prefix} ${kind}: byte for byte`)
      t.same(res.rawPayload, Buffer.from(body, 'utf8'))
    }
  }
  // The lowercase TrackId finds it too, as lookup does.
  t.equal((await contentLookup(app, 'html', trackId.toLowerCase(), 1)).body, RAW_HTML)
  // XML's end-of-line rule: a posted CRLF (CDATA included) is read as LF.
  await posted(app, trackId, { HtmlContent: CRLF_HTML })
  t.equal((await contentLookup(app, 'html', trackId, 1)).body, CRLF_HTML.replaceAll('\r\n', '\n'))
})

t.test('seeded content is looked up as the fixtures give it', async (t) => {
  const app = await buildWithQux(t, { deployments: [quxDeployment('QUX261127001', {
    Splits: [fullSplit(1), { ...fullSplit(2), HtmlContent: CRLF_HTML, TextContent: 'Two' }],
  })] })
  t.equal((await contentLookup(app, 'html', 'QUX261127001', 1, { brand: 'QUX' })).body, HTML)
  t.equal((await contentLookup(app, 'text', 'QUX261127001', 2, { brand: 'QUX' })).body, 'Two')
  const crlf = await contentLookup(app, 'html', 'QUX261127001', 2, { brand: 'QUX', prefix: 'short' })
  t.same(crlf.rawPayload, Buffer.from(CRLF_HTML, 'utf8'), 'byte for byte, CRLFs kept')
})

t.test('the 404s, in the JSON vendor shape', async (t) => {
  const app = await build(t)
  await atNow(app)
  const trackId = await created(app)
  await posted(app, trackId, { HtmlContent: HTML })
  const cases: [string, string, string, string][] = [
    ['html', 'FOO999999999', '1', 'Could not find deployment matching track Id FOO999999999'],
    ['html', 'FOO261124001', '1', "Deployment 'FOO261124001' has no html content for split 1."],
    ['html', trackId, '2', `Deployment '${trackId}' has no html content for split 2.`],
    ['html', trackId, '0', `Deployment '${trackId}' has no html content for split 0.`],
    ['html', trackId, 'one', `Deployment '${trackId}' has no html content for split one.`],
    ['text', trackId, '1', `Deployment '${trackId}' has no text content for split 1.`],
    ['pdf', trackId, '1', `Deployment '${trackId}' has no pdf content for split 1.`],
  ]
  for (const [kind, id, split, message] of cases) {
    const res = await contentLookup(app, kind, id, split)
    t.equal(res.statusCode, 404, `${kind}/${id}/${split}`)
    t.match(res.headers['content-type'], /^application\/json/)
    t.same(res.json().Errors, [{ Error: message }])
    t.type(res.json().SubmissionId, 'string')
  }
  const other = await contentLookup(app, 'html', trackId, 1, { brand: 'BAR' })
  t.equal(other.statusCode, 404, "another brand's URL does not find it")
  const forbidden = await contentLookup(app, 'html', trackId, 1, { appId: 'nobody' })
  t.equal(forbidden.statusCode, 403)
  t.same(forbidden.json().Errors, [{ Error: 'The AppId submitted is forbidden access.' }])
})

t.test('isolation: each app id world sees its own content under the same TrackId', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const [a, b] = ['sandbox-app-id+a', 'sandbox-app-id+b']
  const ids: string[] = []
  for (const appId of [a, b]) {
    const res = await app.inject({ method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployment/*',
      headers: { 'content-type': 'application/json', 'x-omeda-appid': appId },
      payload: { DeploymentName: 'Mine', DeploymentDate: '2031-12-05 10:00', DeploymentTypeId: 12,
        OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1 } })
    t.equal(res.statusCode, 200, res.body)
    ids.push(res.json().TrackId as string)
  }
  t.equal(ids[0], ids[1], 'each world numbers its own deployments')
  const trackId = ids[0] ?? ''
  await posted(app, trackId, { HtmlContent: HTML.replace('Hello', 'A') }, a)
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: a })).body, HTML.replace('Hello', 'A'))
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: b })).statusCode, 404, 'b has none')
  await posted(app, trackId, { HtmlContent: HTML.replace('Hello', 'B') }, b)
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: a })).body, HTML.replace('Hello', 'A'))
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: b })).body, HTML.replace('Hello', 'B'))
  await admin(app, { appId: a }).reset()
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: a })).statusCode, 404, "a reset clears a's")
  t.equal((await contentLookup(app, 'html', trackId, 1, { appId: b })).body, HTML.replace('Hello', 'B'), "not b's")
})
