// POST {brand}/omail/deployemails/*, the on-demand send: one email from an API triggered deployment
// to one address, into the sandbox outbox. Every rule byte for byte, both URL forms, body problems,
// no change on refusal, and the request shapes of the Symfony bundle and of a WordPress plugin.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { admin, build, errorsOf, GUID, type OmedaCallOptions } from './helpers.js'

const BAZ = { appId: 'baz-app-id' }
const ON_DEMAND = 'BAZ261128001'
const STATUS = 'Email Message submitted for delivery'
const RESET_HTML = '<html><body><p>Reset your password.</p>' +
  '<a href="https://baz.example/unsubscribe">Unsubscribe</a></body></html>'

const url = ({ brand = 'BAZ', prefix = 'vendor', tail = '/*' }: OmedaCallOptions = {}) =>
  `${prefix === 'vendor' ? `/webservices/rest/brand/${brand}` : `/${brand}`}/omail/deployemails${tail}`

function send(app: FastifyInstance, body: unknown, options: OmedaCallOptions & { type?: string } = {}) {
  const { appId = BAZ.appId, headers = {}, type = 'application/json' } = options
  return app.inject({
    method: 'POST', url: url(options), payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': type, ...(appId === null ? {} : { 'x-omeda-appid': appId }), ...headers },
  })
}

/** What a refusal must leave as it was: the outbox and the deployments. */
async function snapshot(app: FastifyInstance) {
  const client = admin(app)
  return { outbox: await client.outbox(), world: await client.fixtures() }
}

t.test('an API triggered deployment sends split 1 to the address, in both URL forms', async (t) => {
  const app = await build(t)
  await admin(app).setClock({ now: '2026-12-01 09:00:00' })
  for (const prefix of ['vendor', 'short'] as const) {
    for (const tail of ['/*', '', '/']) {
      const res = await send(app, { TrackId: ON_DEMAND, EmailAddress: 'jsmith@omeda.com' }, { prefix, tail })
      t.equal(res.statusCode, 200, `${prefix} ${tail}`)
      const body = res.json() as { SubmissionId: string; Status: string }
      t.same(Object.keys(body), ['SubmissionId', 'Status'])
      t.match(body.SubmissionId, GUID)
      t.equal(body.Status, STATUS)
    }
  }
  const [entry, ...older] = await admin(app).outbox({ kind: 'on-demand' })
  t.equal(older.length, 5, 'one entry per send')
  const [journaled] = await admin(app).submissions({ endpoint: 'onDemandSend' })
  t.same(entry && { ...entry, Id: 0 }, {
    Id: 0, Kind: 'on-demand', Brand: 'BAZ', TrackId: ON_DEMAND, SplitNumber: 1, To: 'jsmith@omeda.com',
    RecipientCount: null, FromName: 'Baz Accounts', FromEmail: 'accounts@baz.example', Subject: 'Reset your password',
    HtmlContent: RESET_HTML, TextContent: 'Reset your password.', SentAt: '2026-12-01 09:00:00',
    SubmissionId: journaled!.SubmissionId,
  })
  t.equal(journaled!.TrackId, ON_DEMAND, 'the journal names the deployment')
  t.equal((await admin(app).deployment('BAZ', ON_DEMAND))?.Status, 'New', 'the deployment itself is unchanged')
})

t.test('the overrides apply over split 1; Preference TEXT keeps the text body only', async (t) => {
  const app = await build(t)
  const res = await send(app, {
    TrackId: ON_DEMAND, EmailAddress: 'ann@example.com', FirstName: 'Ann', LastName: 'Lee', Subject: 'Welcome',
    TextContent: 'Hi Ann', FromName: 'Customer Service', OmedaCustomerId: 1000000192, Preference: 'text',
    MergeVariables: 'city:chicago,state:IL',
  })
  t.equal(res.statusCode, 200)
  t.match(await admin(app).outbox(), [{
    To: 'ann@example.com', FromName: 'Customer Service', Subject: 'Welcome', TextContent: 'Hi Ann', HtmlContent: null,
  }])
  await send(app, {
    TrackId: ON_DEMAND, EmailAddress: 'bob@example.com', HtmlContent: '<p>Hi Bob</p>', Preference: 'HTML',
  })
  t.match((await admin(app).outbox())[0], { HtmlContent: '<p>Hi Bob</p>', TextContent: 'Reset your password.' })
})

t.test('HtmlContentUrl and TextContentUrl are read at call time; a body given wins over its URL', async (t) => {
  const server = createServer((request, response) => {
    response.end(request.url === '/mail.html' ? '<html><body>From the web</body></html>' : 'Text from the web')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const app = await build(t)
  const res = await send(app, {
    TrackId: ON_DEMAND, EmailAddress: 'ann@example.com', HtmlContentUrl: `${base}/mail.html`,
    TextContentUrl: `${base}/mail.txt`,
  })
  t.equal(res.statusCode, 200)
  t.match(await admin(app).outbox(), [{
    HtmlContent: '<html><body>From the web</body></html>', TextContent: 'Text from the web',
  }])
  await send(app, {
    TrackId: ON_DEMAND, EmailAddress: 'ann@example.com', TextContent: 'Given', TextContentUrl: `${base}/mail.txt`,
  })
  t.match((await admin(app).outbox())[0], { TextContent: 'Given', HtmlContent: RESET_HTML })
})

t.test('the refusals, byte for byte, in their order, with nothing changed', async (t) => {
  const app = await build(t)
  const before = await snapshot(app)
  const cases: [string, unknown, OmedaCallOptions, number, string[]][] = [
    ['not API triggered', { TrackId: 'BAZ261124001', EmailAddress: 'a@b.c' }, {}, 400,
      ['Deployment is not an API triggered deployment']],
    ['an unknown TrackId', { TrackId: 'BAZ999', EmailAddress: 'a@b.c' }, {}, 404,
      ["No deployment was found matching trackId 'BAZ999'."]],
    ['the body before the deployment', { TrackId: 'BAZ999' }, {}, 400, ["The field 'EmailAddress' is required."]],
    ['both required fields', {}, {}, 400,
      ["The field 'TrackId' is required.", "The field 'EmailAddress' is required."]],
    ['blank fields are missing', { TrackId: '  ', EmailAddress: '' }, {}, 400,
      ["The field 'TrackId' is required.", "The field 'EmailAddress' is required."]],
    ['every problem at once', {
      TrackId: 12, EmailAddress: 'not an address', Preference: 'PDF', OmedaCustomerId: { id: 1 },
      HtmlContentUrl: 'ftp://x', MergeVariables: 3,
    }, {}, 400, [
      "The field 'TrackId' must be a string, but a number was given.",
      "The value 'not an address' for field 'EmailAddress' is not an email address.",
      "The value 'ftp://x' for field 'HtmlContentUrl' is not an http or https URL.",
      "The field 'OmedaCustomerId' must be a string or a number, but an object was given.",
      "The value 'PDF' for field 'Preference' must be TEXT or HTML.",
      "The field 'MergeVariables' must be a string or an array, but a number was given.",
    ]],
    ['a body that is not an object', [], {}, 400, ['The request body must be a JSON object, but an array was given.']],
    ['no app id', { TrackId: ON_DEMAND, EmailAddress: 'a@b.c' }, { appId: null }, 403,
      ['The AppId submitted is forbidden access.']],
    ["another brand's app id", { TrackId: ON_DEMAND, EmailAddress: 'a@b.c' }, { appId: 'foo-only-app-id' }, 403,
      ['The AppId submitted is forbidden access.']],
  ]
  for (const [name, body, options, status, errors] of cases) {
    const res = await send(app, body, options)
    t.equal(res.statusCode, status, name)
    t.same(errorsOf(res), errors, name)
  }
  const notJson = await send(app, { TrackId: ON_DEMAND, EmailAddress: 'a@b.c' }, { type: 'text/plain' })
  t.equal(notJson.statusCode, 400, 'a body that is not JSON')
  t.same(errorsOf(notJson), ["The content type 'text/plain' is not supported. Use 'application/json'."])
  const fetchOff = await build(t, { contentFetch: false })
  const unread = await send(fetchOff, {
    TrackId: ON_DEMAND, EmailAddress: 'a@b.c', TextContentUrl: 'https://content.example/none.txt',
  })
  t.equal(unread.statusCode, 400)
  t.same(errorsOf(unread), ["The content of field 'TextContentUrl' could not be fetched from " +
    "'https://content.example/none.txt': it is not in the fixtures' contentUrls, and fetching is turned off " +
    '(OMEDA_CONTENT_FETCH).'])
  t.same(await admin(fetchOff).outbox(), [], 'an unread URL sends nothing')
  const get = await app.inject({ method: 'GET', url: url(), headers: { 'x-omeda-appid': BAZ.appId } })
  t.equal(get.statusCode, 405)
  t.equal(get.headers.allow, 'POST')
  t.same(await snapshot(app), before, 'no refusal changed the outbox or the world')
})

t.test("the Symfony bundle's request: its headers, a PHP array json_encode'd, the page's example", async (t) => {
  const app = await build(t)
  // json_encode escapes '/'; the bundle capitalises header names (HTTP drops its values' padding).
  const body = '{"TrackId":"BAZ261128001","EmailAddress":"jsmith@omeda.com","FirstName":"John","LastName":"Smith",' +
    '"Subject":"Confirmation Email","TextContent":"This is a confirmation email.",' +
    '"HtmlContent":"<h1>Subscription Email<\\/h1><p>This is a confirmation email.<\\/p>","Preference":"HTML",' +
    '"FromName":"Customer Service","OmedaCustomerId":"1000000192","MergeVariables":[{"city":"chicago",' +
    '"state":"IL","company":"omeda","customerid":"123456789","postalcode":"99911","ordertotal":"$159.00",' +
    '"orderid":"123456789","fullname":"Jane Doe"}]}'
  const res = await app.inject({
    method: 'POST', url: '/webservices/rest/brand/BAZ/omail/deployemails/*', payload: body,
    headers: { 'X-Omeda-Appid': 'baz-app-id', 'X-Omeda-Inputid': 'input-1', 'Content-Type': 'application/json' },
  })
  t.equal(res.statusCode, 200, res.body)
  t.equal((res.json() as { Status: string }).Status, STATUS)
  t.match(await admin(app).outbox(), [{
    To: 'jsmith@omeda.com', Subject: 'Confirmation Email', FromName: 'Customer Service',
    HtmlContent: '<h1>Subscription Email</h1><p>This is a confirmation email.</p>',
    TextContent: 'This is a confirmation email.',
  }])
})

t.test("a WordPress plugin's request: curl's header without a space, nulls, an empty MergeVariables", async (t) => {
  const app = await build(t)
  const body = JSON.stringify({
    TrackId: ON_DEMAND, EmailAddress: 'member@example.com', FirstName: null, LastName: null,
    Subject: 'Congratulations on Claiming Your Membership', HtmlContent: '<p>Dear Member,</p>', Preference: 'HTML',
    MergeVariables: '',
  }).replaceAll('/', '\\/')
  const res = await app.inject({
    method: 'POST', url: '/webservices/rest/brand/BAZ/omail/deployemails/*', payload: body,
    headers: { 'x-omeda-appid': 'baz-app-id', 'x-omeda-inputid': 'input-1', 'content-type': 'application/json' },
  })
  t.equal(res.statusCode, 200, res.body)
  t.match(await admin(app).outbox(), [{
    To: 'member@example.com', Subject: 'Congratulations on Claiming Your Membership',
    HtmlContent: '<p>Dear Member,</p>', TextContent: 'Reset your password.',
  }])
})
