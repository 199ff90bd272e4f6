// The URL contract: both prefixes, every accepted tail, 405 for other methods, 404 for the rest.
import t from 'tap'
import { admin, build, cancel, omedaUrl, errorsOf, GUID, APP_ID } from './helpers.js'

const ok = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }

t.test('cancel answers on the vendor prefix and the short prefix, with each tail', async (t) => {
  const forms = [
    { prefix: 'vendor', tail: '/*' }, { prefix: 'vendor', tail: '/' }, { prefix: 'vendor', tail: '' },
    { prefix: 'short', tail: '/*' }, { prefix: 'short', tail: '/' }, { prefix: 'short', tail: '' },
    { prefix: 'vendor', tail: '/%2A' },
  ] as const
  for (const form of forms) {
    const app = await build(t)
    const res = await cancel(app, ok, form)
    t.equal(res.statusCode, 200, `${omedaUrl('cancel', form)} cancels`)
    t.equal(res.headers['content-type'], 'application/json')
    await app.close()
  }
})

t.test('other methods on a cancel URL get 405 with Allow: POST, in the vendor shape', async (t) => {
  const app = await build(t)
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await app.inject({
        method,
        url: omedaUrl('cancel', { prefix }),
        headers: { 'x-omeda-appid': APP_ID }
      })
      t.equal(res.statusCode, 405, `${method} ${prefix}`)
      t.equal(res.headers.allow, 'POST')
      t.same(errorsOf(res), [`The HTTP method '${method}' is not allowed for this resource. Use POST.`])
      t.match(res.json().SubmissionId, GUID)
    }
  }
  const head = await app.inject({ method: 'HEAD', url: omedaUrl('cancel') })
  t.equal(head.statusCode, 405, 'HEAD too')
  t.equal(head.headers.allow, 'POST')
  const noAppId = await app.inject({ method: 'GET', url: omedaUrl('cancel', { tail: '' }) })
  t.equal(noAppId.statusCode, 405, 'the method is judged before the app id')
})

t.test('unknown URLs get 404 in the vendor shape', async (t) => {
  const app = await build(t)
  for (const url of [
    '/', '/nothing', '/FOO/omail/deployment/cancelled/*', '/FOO/omail/deployment/cancel/extra',
    '/webservices/rest/brand/FOO/omail/deployment/cancel/a/b', '/webservices/rest/brand/FOO/omail/deployment/cancel/**',
  ]) {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
      payload: JSON.stringify(ok)
    })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/json')
    t.same(errorsOf(res), [`No resource matches POST ${url}.`])
    t.match(res.json().SubmissionId, GUID)
  }
  const state = await cancel(app, ok)
  t.equal(state.statusCode, 200, 'none of them cancelled anything')
})

t.test('query strings do not change the route', async (t) => {
  const app = await build(t)
  const res = await app.inject({
    method: 'POST', url: `${omedaUrl('cancel')}?debug=1`,
    headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' }, payload: JSON.stringify(ok),
  })
  t.equal(res.statusCode, 200)
})

t.test('routing comes before the body: 405 and 404 whatever the body holds', async (t) => {
  const app = await build(t, { bodyLimit: 1024 })
  const bodies: [string, Record<string, string>][] = [
    ['{"UserId": 5', { 'content-type': 'application/json' }],
    ['UserId=a', { 'content-type': 'text/plain' }],
    ['{}', { 'content-type': ';;;' }],
    [JSON.stringify({ ...ok, Padding: 'x'.repeat(4096) }), { 'content-type': 'application/json' }],
  ]
  for (const [payload, headers] of bodies) {
    const label = `${headers['content-type']} ${payload.slice(0, 12)}`
    for (const prefix of ['vendor', 'short'] as const) {
      const put = await app.inject({
        method: 'PUT',
        url: omedaUrl('cancel', { prefix }),
        headers: { 'x-omeda-appid': APP_ID, ...headers },
        payload
      })
      t.equal(put.statusCode, 405, `PUT ${prefix}: ${label}`)
      t.equal(put.headers.allow, 'POST')
      t.same(errorsOf(put), ["The HTTP method 'PUT' is not allowed for this resource. Use POST."])
    }
    const lost = await app.inject({ method: 'POST', url: '/nope', headers, payload })
    t.equal(lost.statusCode, 404, `POST /nope: ${label}`)
    t.same(errorsOf(lost), ['No resource matches POST /nope.'])
  }
})

t.test('malformed URLs are 404 in the vendor shape, and journaled like any unknown URL', async (t) => {
  const app = await build(t)
  const malformed = [
    '/webservices/rest/brand//omail/deployment/cancel/*', '//omail/deployment/cancel/*',
    '/webservices/rest/brand/F%ZZ/omail/deployment/cancel/*', '/F%E0%A4%A/omail/deployment/cancel/*',
    '/FOO/omail/deployment/lookup/%ZZ/*', '/webservices/rest/brand//omail/deployment/lookup/FOO261124001/*',
  ]
  for (const url of malformed) {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
      payload: JSON.stringify(ok)
    })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/json')
    t.same(errorsOf(res), [`No resource matches POST ${url}.`])
    t.match(res.json().SubmissionId, GUID)
    const journaled = await admin(app).submission(res.json().SubmissionId)
    t.match(journaled, { Path: url, StatusCode: 404, ResponseBody: res.body }, `${url} is journaled`)
  }
  t.equal((await cancel(app, ok)).statusCode, 200, 'none of them cancelled anything')
})
