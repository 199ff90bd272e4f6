// The OpenAPI document is generated from the same TypeBox schemas that validate requests; the
// committed copy (docs/openapi.json, refreshed by `npm run openapi`) must match what is served.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, ROOT } from './helpers.js'

t.test('the served document equals the committed copy', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/__admin/openapi.json' })
  t.equal(res.statusCode, 200)
  const committed = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as unknown
  t.same(res.json(), committed, 'run `npm run openapi` after changing a route or schema')
})

t.test('it covers the Omeda routes with their documented errors, and every admin route', async (t) => {
  const app = await build(t, { adminToken: 'x' })
  const res = await app.inject({ method: 'GET', url: '/__admin/openapi.json' })
  t.equal(res.statusCode, 200, 'public even with an admin token')
  type Operation = { responses: Record<string, unknown>; tags: string[] }
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, Operation>> }
  t.match(doc.openapi, /^3\./)
  const cancel = doc.paths['/webservices/rest/brand/{brand}/omail/deployment/cancel/*']?.post
  t.ok(cancel, 'cancel, with its literal /* tail')
  for (const status of ['200', '400', '403', '404', '405']) {
    t.ok(cancel?.responses[status], `cancel documents ${status}`)
  }
  t.ok(doc.paths['/webservices/rest/brand/{brand}/omail/deployment/lookup/{trackId}/*']?.get, 'lookup')
  const admin = Object.entries(doc.paths).filter(([path]) => path.startsWith('/__admin'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
  t.same(admin.sort(), [
    'DELETE /__admin/clock', 'DELETE /__admin/faults', 'DELETE /__admin/faults/{id}', 'DELETE /__admin/outbox',
    'DELETE /__admin/snapshots/{name}', 'DELETE /__admin/submissions',
    'GET /__admin/clock', 'GET /__admin/deployments/{brand}/{trackId}',
    'GET /__admin/deployments/{brand}/{trackId}/lookup', 'GET /__admin/deployments/{brand}/{trackId}/sends',
    'GET /__admin/endpoints', 'GET /__admin/events',
    'GET /__admin/faults', 'GET /__admin/fixtures',
    'GET /__admin/health', 'GET /__admin/metrics', 'GET /__admin/openapi.json', 'GET /__admin/outbox',
    'GET /__admin/ready', 'GET /__admin/snapshots', 'GET /__admin/snapshots/{name}/document',
    'GET /__admin/submissions',
    'GET /__admin/submissions/{submissionId}', 'POST /__admin/clock', 'POST /__admin/faults', 'POST /__admin/fixtures',
    'POST /__admin/reset', 'POST /__admin/snapshots/{name}', 'POST /__admin/snapshots/{name}/restore',
    'POST /__admin/submissions/count', 'PUT /__admin/snapshots/{name}/document',
  ])
  t.notOk(Object.keys(doc.paths).some((p) => p.startsWith('/{brand}')), 'the short prefix is not listed twice')
})
