// The URL contract: both prefixes, every accepted tail, 405 for other methods, 404 for the rest.
import t from 'tap'
import { build, cancel, cancelUrl, errorsOf, GUID, APP_ID } from './helpers.js'

const ok = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }

t.test('cancel answers on the vendor prefix and the short prefix, with each tail', async (t) => {
  const forms = [
    { prefix: 'vendor', tail: '/*' }, { prefix: 'vendor', tail: '/' }, { prefix: 'vendor', tail: '' },
    { prefix: 'short', tail: '/*' }, { prefix: 'short', tail: '/' }, { prefix: 'short', tail: '' },
    { prefix: 'vendor', tail: '/%2A' },
  ] as const
  for (const form of forms) {
    const app = await build()
    const res = await cancel(app, ok, form)
    t.equal(res.statusCode, 200, `${cancelUrl(form)} cancels`)
    t.equal(res.headers['content-type'], 'application/json')
    await app.close()
  }
})

t.test('other methods on a cancel URL get 405 with Allow: POST, in the vendor shape', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await app.inject({ method, url: cancelUrl({ prefix }), headers: { 'x-omeda-appid': APP_ID } })
      t.equal(res.statusCode, 405, `${method} ${prefix}`)
      t.equal(res.headers.allow, 'POST')
      t.same(errorsOf(res), [`The HTTP method '${method}' is not allowed for this resource. Use POST.`])
      t.match(res.json().SubmissionId, GUID)
    }
  }
  const head = await app.inject({ method: 'HEAD', url: cancelUrl() })
  t.equal(head.statusCode, 405, 'HEAD too')
  t.equal(head.headers.allow, 'POST')
  const noAppId = await app.inject({ method: 'GET', url: cancelUrl({ tail: '' }) })
  t.equal(noAppId.statusCode, 405, 'the method is judged before the app id')
})

t.test('unknown URLs get 404 in the vendor shape', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  for (const url of [
    '/', '/nothing', '/FOO/omail/deployment/cancelled/*', '/FOO/omail/deployment/cancel/extra',
    '/webservices/rest/brand/FOO/omail/deployment/cancel/a/b', '/webservices/rest/brand/FOO/omail/deployment/cancel/**',
  ]) {
    const res = await app.inject({ method: 'POST', url, headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' }, payload: JSON.stringify(ok) })
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/json')
    t.same(errorsOf(res), [`No resource matches POST ${url}.`])
    t.match(res.json().SubmissionId, GUID)
  }
  const state = await cancel(app, ok)
  t.equal(state.statusCode, 200, 'none of them cancelled anything')
})

t.test('query strings do not change the route', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const res = await app.inject({
    method: 'POST', url: `${cancelUrl()}?debug=1`,
    headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' }, payload: JSON.stringify(ok),
  })
  t.equal(res.statusCode, 200)
})
