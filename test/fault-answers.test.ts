// Faults that answer in the call's stead with what real clients meet in production: any answer
// (respond), a proxy's HTML page (gateway) and a rate limit with Retry-After; each on both URL
// forms, journaled with its fault, and each refusing what it cannot send.
import t from 'tap'
import type { AdminError } from '../src/client.js'
import { FAULT_BODY_LIMIT } from '../src/contract/faults.js'
import { admin, build, cancel, errorsOf, lookup } from './helpers.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }

t.test('respond: any status, body, type and headers, sent as given, on both URL forms', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const fault = await client.fault({
    action: 'respond', status: 200, body: '{"TrackId":"FOO261124001","Oops":true}',
    contentType: 'application/json; charset=utf-8', headers: { 'X-Served-By': 'edge-7' }, endpoint: 'cancel',
  })
  for (const prefix of ['vendor', 'short'] as const) {
    const res = await cancel(app, body, { prefix })
    t.equal(res.statusCode, 200)
    t.equal(res.body, '{"TrackId":"FOO261124001","Oops":true}', 'the body byte for byte')
    t.equal(res.headers['content-type'], 'application/json; charset=utf-8', 'the type as given, charset kept')
    t.equal(res.headers['x-served-by'], 'edge-7')
  }
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'the call itself was not performed')
  t.match(await client.submissions({ endpoint: 'cancel' }), [
    { FaultId: fault.id, StatusCode: 200, ResponseBody: '{"TrackId":"FOO261124001","Oops":true}' },
    { FaultId: fault.id, StatusCode: 200 },
  ], 'journaled as the client saw it')

  await client.clearFaults()
  await client.fault({ action: 'respond', status: 418, body: 'short and stout', contentType: 'text/plain' })
  const teapot = await lookup(app, 'FOO261124001')
  t.same([teapot.statusCode, teapot.body, teapot.headers['content-type']], [418, 'short and stout', 'text/plain'])
  await client.clearFaults()
  await client.fault({ action: 'respond', status: 500 })
  const bare = await lookup(app, 'FOO261124001')
  t.same([bare.statusCode, bare.body, bare.headers['content-type']], [500, '', 'application/json'],
    "no body and the vendor's type by default")
})

t.test("gateway: a proxy's HTML page, not the vendor's JSON, also where the vendor answers XML", async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.fault({ action: 'gateway', times: 1 })
  const res = await cancel(app, body, { prefix: 'short' })
  t.equal(res.statusCode, 502)
  t.equal(res.headers['content-type'], 'text/html')
  t.match(res.body, /^<html>\r\n<head><title>502 Bad Gateway<\/title><\/head>/)
  t.match(res.body, /<hr><center>nginx<\/center>/)
  t.throws(() => JSON.parse(res.body), 'what a client that parses every answer as JSON cannot read')
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')

  for (const [status, title] of [[503, '503 Service Temporarily Unavailable'], [504, '504 Gateway Time-out'],
    [500, '500 Internal Server Error']] as const) {
    await client.fault({ action: 'gateway', status, times: 1, endpoint: 'content' })
    const content = await app.inject({
      method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployment/content/*',
      headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/xml' }, payload: '<Deployment/>',
    })
    t.equal(content.statusCode, status)
    t.equal(content.headers['content-type'], 'text/html', 'HTML on the XML route too')
    t.match(content.body, `<title>${title}</title>`)
  }
})

t.test('rate-limit: 429 in the vendor shape with Retry-After, in seconds or as a date', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const fault = await client.fault({ action: 'rate-limit', retryAfter: 30, times: 1 })
  const res = await cancel(app, body)
  t.equal(res.statusCode, 429)
  t.equal(res.headers['retry-after'], '30')
  t.same(errorsOf(res), ['Rate limit exceeded (injected by the emulator). Retry after 30.'])
  t.equal(res.json().SubmissionId, (await client.submissions({ statusCode: 429 }))[0]?.SubmissionId)
  t.equal((await client.submissions({ statusCode: 429 }))[0]?.FaultId, fault.id)
  t.equal((await cancel(app, body)).statusCode, 200, 'the retry goes through')

  const date = 'Sun, 06 Dec 2026 08:00:00 GMT'
  await client.fault({
    action: 'rate-limit', retryAfter: date, errors: ['Slow down.'], headers: { 'X-RateLimit-Remaining': '0' },
  })
  const dated = await lookup(app, 'FOO261124001', { prefix: 'short' })
  t.same([dated.statusCode, dated.headers['retry-after'], dated.headers['x-ratelimit-remaining'], errorsOf(dated)],
    [429, date, '0', ['Slow down.']])
  await client.clearFaults()

  await client.fault({ action: 'rate-limit', endpoint: 'content' })
  const xml = await app.inject({
    method: 'POST', url: '/FOO/omail/deployment/content/*',
    headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/xml' }, payload: '<Deployment/>',
  })
  t.equal(xml.statusCode, 429)
  t.equal(xml.headers['retry-after'], '60', 'a minute by default')
  t.match(xml.headers['content-type'], /xml/, "the XML route's error shape")
  t.match(xml.body, 'Rate limit exceeded (injected by the emulator). Retry after 60.')
})

t.test('what a fault may not send, or would not use, is a 400 naming the field; nothing is stored', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const attempts: [unknown, RegExp][] = [
    [{ action: 'respond', headers: { 'X-Evil': 'a\r\nSet-Cookie: x=1' } },
      /^body\/headers\/X-Evil: must be one line of Latin-1 text: a header value holds no line break/],
    [{ action: 'respond', headers: { 'X Bad': '1' } }, /^body\/headers\/X Bad: is not a header name/],
    [{ action: 'respond', headers: { 'X-Note': 'price in €' } }, /^body\/headers\/X-Note: must be one line of Latin-1/],
    [{ action: 'respond', contentType: 'text/plain; note=€' }, /^body\/contentType: must be a media type/],
    [{ action: 'rate-limit', retryAfter: '99999999999' }, /^body\/retryAfter: must be seconds \(at most 31536000\)/],
    [{ action: 'respond', headers: { 'Content-Length': '3' } },
      /^body\/headers\/Content-Length: is not set by a fault/],
    [{ action: 'respond', headers: { 'content-type': 'text/html' } }, /give it as 'contentType'/],
    [{ action: 'rate-limit', headers: { 'Retry-After': '5' } }, /give it as 'retryAfter'/],
    [{ action: 'respond', headers: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`X-${i}`, '1'])) },
      /^body\/headers: /],
    [{ action: 'respond', headers: { 'X-Long': 'x'.repeat(4097) } }, /^body\/headers\/X-Long: /],
    [{ action: 'respond', body: 'x'.repeat(FAULT_BODY_LIMIT + 1) }, /^body\/body: /],
    [{ action: 'respond', contentType: 'text/html\r\nX-Evil: 1' }, /^body\/contentType: must be a media type/],
    [{ action: 'respond', status: 204, body: 'no' }, /^body\/body: is never sent with a 204 answer$/],
    [{ action: 'gateway', status: 200 }, /^body\/status: must be from 400 to 599 for a 'gateway' fault, but 200/],
    [{ action: 'rate-limit', retryAfter: 'tomorrow' },
      /^body\/retryAfter: must be seconds \(at most 31536000\) or an HTTP date/],
    [{ action: 'slow-body' }, /^This fault needs 'durationMs'/],
    [{ action: 'slow-body', durationMs: 100, status: 500 }, /^body\/status: does nothing for a 'slow-body' fault$/],
    [{ action: 'truncate', status: 500 }, /^body\/status: does nothing for a 'truncate' fault that applies the call/],
    [{ action: 'status', body: 'x' }, /^body\/body: does nothing for a 'status' fault$/],
    [{ action: 'status', seed: 4 }, /^body\/seed: does nothing without 'probability' or a random wait/],
    [{ action: 'status', probability: 1.5 }, /^body\/probability: /],
    [{ action: 'delay', delayMs: 10, delayMaxMs: 20, delayP99Ms: 30 }, /^body\/delayP99Ms: a wait is even/],
    [{ action: 'delay', delayMs: 0, delayP99Ms: 30 }, /^body\/delayMs: must be at least 1/],
  ]
  for (const [spec, message] of attempts) {
    const error = (await client.fault(spec as never).catch((e: unknown) => e)) as AdminError
    t.equal(error.status, 400, JSON.stringify(spec).slice(0, 80))
    t.match(error.errors[0], message)
  }
  t.same(await client.faults(), [], 'none was stored')
  const named = await client.fault({ action: 'respond', headers: { Constructor: 'x', 'X-Cafe': 'Latin-1 é' } })
  t.match(named, { headers: { Constructor: 'x' } }, 'a header named like an object property is just a header')
  const res = await cancel(app, body)
  t.same([res.statusCode, res.headers.constructor, res.headers['x-cafe']], [200, 'x', 'Latin-1 é'])
  await client.clearFaults()
  t.equal((await cancel(app, body)).statusCode, 200)
})
