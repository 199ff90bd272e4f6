// The dashboard's files as the server serves them (the page in a browser is test/browser/): open
// without the admin token, while the data they load needs it.
import t from 'tap'
import { build } from './helpers.js'

t.test('the page, its script, its style and the SSE parser are served; /__admin/ui redirects to the page', async (t) => {
  const app = await build(t, { adminToken: 'ui-token' })
  const page = await app.inject({ method: 'GET', url: '/__admin/ui/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, '<script type="module" src="app.js"></script>')
  for (const [path, type] of [['app.js', /javascript/], ['style.css', /^text\/css/], ['vendor/eventsource-parser/index.js', /javascript/]] as const) {
    const res = await app.inject({ method: 'GET', url: `/__admin/ui/${path}` })
    t.equal(res.statusCode, 200, path)
    t.match(res.headers['content-type'], type, path)
  }
  const bare = await app.inject({ method: 'GET', url: '/__admin/ui' })
  t.equal(bare.statusCode, 302)
  t.equal(bare.headers.location, '/__admin/ui/')
  t.equal((await app.inject({ method: 'GET', url: '/__admin/fixtures' })).statusCode, 401, 'the data it loads needs the token')
  const missing = await app.inject({ method: 'GET', url: '/__admin/ui/nothing.js' })
  t.equal(missing.statusCode, 404)
  t.equal(missing.headers['content-type'], 'application/json', 'a missing file is a JSON 404 like any other')
})

t.test('the lookup view of a stored deployment, for the page: 404 in the vendor shape when unknown', async (t) => {
  const app = await build(t)
  const found = await app.inject({ method: 'GET', url: '/__admin/deployments/FOO/FOO261118001/lookup' })
  t.match(found.json(), { TrackId: 'FOO261118001', Status: 'Sent', ModificationHistory: [{ ChangeDescription: 'Deployment created' }, { ChangeDescription: 'Deployment sent' }] })
  const missing = await app.inject({ method: 'GET', url: '/__admin/deployments/FOO/NOPE/lookup' })
  t.equal(missing.statusCode, 404)
  t.same(missing.json().Errors, [{ Error: "No deployment was found matching trackId 'NOPE'." }])
})
