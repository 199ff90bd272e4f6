// Send test on a deployment with content: each split message byte for byte from a seeded state that
// breaks only its rule, all of them at once in split order, where they stand among the other checks,
// the same through the content page alone; and what lookup and content lookup show of seeded splits.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { atNow, created, refused } from './deployment-requests.js'
import { APP_ID, omedaUrl, post } from './helpers.js'
import {
  buildWithQux, contentLookup, flat, fullSplit, HTML, postContent, quxDeployment, responseInfo,
} from './content-requests.js'

const HTML_OR_TEXT = "One of the following fields must be set: 'HtmlContent' or 'TextContent'."
const sendTest = (app: FastifyInstance, trackId: string, brand = 'QUX') =>
  post(app, 'sendtest', { UserId: 'omailAccount1', TrackId: trackId }, { brand })

/** Each seeded deployment breaks one rule (or none); the message it gets. */
const ONE_RULE: [string, Record<string, unknown>, string[]][] = [
  ['QUX261127001', { SplitCount: 2, Splits: [fullSplit(1), { ...fullSplit(2), HtmlContent: undefined }] }, []],
  ['QUX261127002', { SplitCount: 2, Splits: [fullSplit(1)] }, [HTML_OR_TEXT]],
  ['QUX261127003', { Splits: [{ Sequence: 1, FromName: 'Qux Desk', Mailbox: 'desk', Subject: 'S' }] },
    [HTML_OR_TEXT]],
  ['QUX261127004', { Splits: [fullSplit(1, { FromName: '' })] }, ['From Name is missing from Split 1.']],
  ['QUX261127005', { Splits: [{ ...fullSplit(1), Mailbox: undefined }] }, ['Mailbox is missing from Split 1.']],
  ['QUX261127006', { Splits: [fullSplit(1, { Subject: '  ' })] }, ['Subject is missing from Split 1.']],
  ['QUX261127007', { Splits: [fullSplit(1, { TextContent: '' })] }, ['There is no Message Body (Text) on Split 1.']],
  ['QUX261127008', { Splits: [fullSplit(1, { HtmlContent: ' \n' })] },
    ['There is no Message Body (HTML) on Split 1.']],
]

async function seeded(t: Test, extra: Record<string, unknown>[] = []): Promise<FastifyInstance> {
  const deployments = [...ONE_RULE.map(([id, fields]) => quxDeployment(id, fields)), ...extra]
  // Undefined fields dropped, as in a file; an audience stays loading for the whole test.
  const app = await buildWithQux(t, { deployments: JSON.parse(JSON.stringify(deployments)) as unknown[] },
    { audienceLoadSeconds: 3600 })
  await atNow(app)
  return app
}

t.test('each split message, byte for byte, from a seeded state that breaks only its rule', async (t) => {
  const app = await seeded(t)
  for (const [trackId, , errors] of ONE_RULE) {
    if (errors.length > 0) await refused(t, app, () => sendTest(app, trackId), 400, errors, trackId)
  }
  // Split 2 holds text only: one body is enough.
  const ok = await sendTest(app, 'QUX261127001')
  t.equal(ok.statusCode, 200, ok.body)
})

t.test('every split problem at once, split by split in order, each message once', async (t) => {
  const app = await seeded(t, [quxDeployment('QUX261127010', {
    SplitCount: 4,
    Splits: [
      fullSplit(2, { FromName: '', Subject: '', TextContent: ' ' }),
      { Sequence: 3, Mailbox: 'desk', HtmlContent: HTML },
      fullSplit(1, { HtmlContent: '' }),
    ],
  })])
  await refused(t, app, () => sendTest(app, 'QUX261127010'), 400, [
    'There is no Message Body (HTML) on Split 1.',
    'From Name is missing from Split 2.', 'Subject is missing from Split 2.',
    'There is no Message Body (Text) on Split 2.',
    'From Name is missing from Split 3.', 'Subject is missing from Split 3.',
    HTML_OR_TEXT,
  ])
})

t.test('a complete seeded deployment is tested, and one with no content model tests as before', async (t) => {
  const app = await seeded(t, [
    quxDeployment('QUX261127011', { Splits: [{ ...fullSplit(1), TextContent: undefined }] }),
    quxDeployment('QUX261127012'),
  ])
  for (const trackId of ['QUX261127011', 'QUX261127012']) {
    const res = await sendTest(app, trackId)
    t.equal(res.statusCode, 200, `${trackId}: ${res.body}`)
  }
  t.equal((await sendTest(app, 'FOO261127001', 'FOO')).statusCode, 200, "the tests' world, without content")
})

t.test('the order: the state and final approver checks first, the content, then the audience', async (t) => {
  const broken = { Splits: [fullSplit(1, { FromName: '' })] }
  const app = await seeded(t, [
    quxDeployment('QUX261127020', { ...broken, CreatedInPortal: true }),
    quxDeployment('QUX261127021', { ...broken, Status: 'Approved' }),
    quxDeployment('QUX261127022', { ...broken, FinalApproverUserId: null }),
    quxDeployment('QUX261127023', broken),
  ])
  await refused(t, app, () => sendTest(app, 'QUX261127020'), 400,
    ["Deployment 'QUX261127020'  was created within the Omail portal and is not eligible for API access."])
  await refused(t, app, () => sendTest(app, 'QUX261127021'), 400, ["Deployment 'QUX261127021' cannot be edited. " +
    'Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.'])
  await refused(t, app, () => sendTest(app, 'QUX261127022'), 400,
    ['There is no final approver assigned to this deployment.'])
  await refused(t, app, () => post(app, 'sendtest', { UserId: 'stranger', TrackId: 'QUX261127023' }, { brand: 'QUX' }),
    403, ["UserId 'stranger' is not authorized to edit deployment 'QUX261127023'"])
  // An audience still loading: the content is refused first, then the audience once the content is whole.
  const add = await app.inject({
    method: 'POST', url: omedaUrl('audience/add', { brand: 'QUX' }),
    headers: { 'content-type': 'application/json', 'x-omeda-appid': APP_ID },
    payload: { UserId: 'omailAccount1', TrackId: 'QUX261127023', QueryName: 'Qux readers', SplitNumber: 1 },
  })
  t.equal(add.statusCode, 200, add.body)
  await refused(t, app, () => sendTest(app, 'QUX261127023'), 400, ['From Name is missing from Split 1.'])
  const fixed = await postContent(app, flat({ UserId: 'omailAccount1', TrackId: 'QUX261127023', SplitNumber: '1',
    FromName: 'Qux Desk', HtmlContent: HTML }), { brand: 'QUX' })
  t.equal(fixed.statusCode, 200, fixed.body)
  await refused(t, app, () => sendTest(app, 'QUX261127023'), 400,
    ['Audience list Qux readers is not valid (recipient upload did not complete).'])
})

t.test('through the API alone: a URL that gave nothing, then a split an audience added', async (t) => {
  const empty = 'https://cdn.example/empty.html'
  const app = await buildWithQux(t, { contentUrls: { [empty]: '   ' } }, { audienceLoadSeconds: 3600 })
  await atNow(app)
  const trackId = await created(app, { FinalApproverUserId: 'qaLead' })
  const split = (n: string, fields: Record<string, string>) => postContent(app, flat({
    UserId: 'omailAccount1', TrackId: trackId, SplitNumber: n, FromName: 'Foo', Mailbox: 'news', Subject: 'S',
    ...fields,
  }))
  t.equal((await sendTest(app, trackId, 'FOO')).statusCode, 200, 'no content yet: no content model, as before')
  t.equal((await split('1', { HtmlContentUrl: empty })).statusCode, 200, 'a blank URL body is stored as none')
  await refused(t, app, () => sendTest(app, trackId, 'FOO'), 400, [HTML_OR_TEXT], 'split 1 has no body')
  t.equal((await split('1', { TextContent: 'Plain' })).statusCode, 200)
  t.equal((await sendTest(app, trackId, 'FOO')).statusCode, 200)
  // An audience on split 2 adds the split, which has no content: that comes before the audience's loading.
  const add = await app.inject({
    method: 'POST', url: omedaUrl('audience/add'),
    headers: { 'content-type': 'application/json', 'x-omeda-appid': APP_ID },
    payload: { UserId: 'omailAccount1', TrackId: trackId, QueryName: 'Active subscribers', SplitNumber: 2 },
  })
  t.equal(add.statusCode, 200, add.body)
  await refused(t, app, () => sendTest(app, trackId, 'FOO'), 400, [HTML_OR_TEXT], 'split 2 has no content')
  t.equal((await split('2', { HtmlContent: HTML })).statusCode, 200)
  await refused(t, app, () => sendTest(app, trackId, 'FOO'), 400,
    ['Audience list Active subscribers is not valid (recipient upload did not complete).'])
})

t.test("the brand's deployment defaults fill FromName, Mailbox, Subject and ReplyTo of a post", async (t) => {
  const app = await seeded(t, [quxDeployment('QUX261127030')])
  const res = await postContent(app, flat({ UserId: 'omailAccount1', TrackId: 'QUX261127030', SplitNumber: '1',
    HtmlContent: HTML }), { brand: 'QUX' })
  t.equal(res.statusCode, 200, res.body)
  t.equal(responseInfo(res).TrackId, 'QUX261127030')
  const lookup = await app.inject({ method: 'GET', url: omedaUrl('lookup/QUX261127030', { brand: 'QUX' }),
    headers: { 'x-omeda-appid': APP_ID } })
  t.match(lookup.json().Splits, [{ Sequence: 1, FromName: 'Qux Desk', FromEmail: 'desk',
    Subject: 'From the Qux desk', EmailSubject: 'From the Qux desk', ReplyTo: 'r@qux.example' }])
  t.equal((await sendTest(app, 'QUX261127030')).statusCode, 200, 'the defaults count for send test')
  // Given fields win over the defaults.
  const own = await postContent(app, flat({ UserId: 'omailAccount1', TrackId: 'QUX261127030', SplitNumber: '1',
    FromName: 'Own', Subject: 'Own subject', HtmlContent: HTML }), { brand: 'QUX' })
  t.equal(own.statusCode, 200)
  const after = await app.inject({ method: 'GET', url: omedaUrl('lookup/QUX261127030', { brand: 'QUX' }),
    headers: { 'x-omeda-appid': APP_ID } })
  t.match(after.json().Splits, [{ FromName: 'Own', FromEmail: 'desk', Subject: 'Own subject' }])
})

t.test('lookup shows seeded splits with both key sets and content URLs that answer the content', async (t) => {
  const app = await seeded(t, [quxDeployment('QUX261127040', {
    SplitCount: 3,
    Splits: [
      fullSplit(1, { ReplyTo: 'r@qux.example', Preheader: 'Read on' }), { ...fullSplit(2), HtmlContent: undefined },
    ],
  })])
  for (const prefix of ['vendor', 'short'] as const) {
    const res = await app.inject({ method: 'GET', url: omedaUrl('lookup/QUX261127040', { brand: 'QUX', prefix }),
      headers: { 'x-omeda-appid': APP_ID } })
    const view = res.json()
    t.equal(view.SplitCount, 3)
    const base = 'http://localhost:80/webservices/rest/brand/QUX/omail/deployment/content/lookup'
    t.same(view.Splits, [
      { Sequence: 1, FromName: 'Qux Desk', FromEmail: 'desk', Subject: 'Issue 1', EmailSubject: 'Issue 1',
        ReplyTo: 'r@qux.example', Preheader: 'Read on', HtmlContentUrl: `${base}/html/QUX261127040/1/*`,
        TextContentUrl: `${base}/text/QUX261127040/1/*`, TextSpamScore: 0, HtmlSpamScore: 0, SpamScoreText: 0,
        SpamScoreHtml: 0, RecipientSourceId: 0 },
      { Sequence: 2, FromName: 'Qux Desk', FromEmail: 'desk', Subject: 'Issue 2', EmailSubject: 'Issue 2',
        ReplyTo: null, Preheader: null, TextContentUrl: `${base}/text/QUX261127040/2/*`, TextSpamScore: 0,
        HtmlSpamScore: 0, SpamScoreText: 0, SpamScoreHtml: 0, RecipientSourceId: 0 },
    ], `${prefix}: the page's keys and the public client's`)
    for (const split of view.Splits as { HtmlContentUrl?: string; TextContentUrl?: string }[]) {
      for (const url of [split.HtmlContentUrl, split.TextContentUrl].filter((u) => u !== undefined)) {
        const content = await app.inject({ method: 'GET', url: new URL(url).pathname,
          headers: { 'x-omeda-appid': APP_ID } })
        t.equal(content.statusCode, 200, url)
        t.equal(content.body, url.includes('/html/') ? HTML : 'Hello')
      }
    }
  }
})

t.test("the JavaScript client's content lookup: its path, text/* read as text, 404 read as JSON", async (t) => {
  const app = await seeded(t)
  // The client GETs `/omail/deployment/content/lookup/${contentType}/${trackId}/${splitNumber}/*` under the brand.
  const headers = { 'x-omeda-appid': APP_ID, 'x-omeda-inputid': 'INPUT1' }
  const found = await contentLookup(app, 'html', 'QUX261127001', 1, { brand: 'QUX', headers })
  t.equal(found.statusCode, 200)
  t.match(found.headers['content-type'], /^text\//, 'read as text')
  t.equal(found.body, HTML)
  const text = await contentLookup(app, 'text', 'QUX261127001', 2, { brand: 'QUX', headers })
  t.equal(text.body, 'Hello')
  const missing = await contentLookup(app, 'html', 'QUX261127002', 2, { brand: 'QUX', headers })
  t.equal(missing.statusCode, 404, 'a 404, which the client turns into an empty answer')
  t.match(missing.headers['content-type'], /^application\/json/)
  t.same(missing.json().Errors, [{ Error: "Deployment 'QUX261127002' has no html content for split 2." }])
})
