// The table of Omeda endpoints (src/omeda/endpoints.ts) is the one list: the routes, the 405s, the
// OpenAPI document, the journal's and the metrics' names and the fault scopes and the dashboard all show exactly its
// endpoints. Each check fails if a list names an endpoint the table does not have, or misses one.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { OMEDA_ENDPOINTS, ENDPOINT_NAMES } from '../src/omeda/endpoints.js'
import { appIdHeader, build } from './helpers.js'

const TABLE = [...ENDPOINT_NAMES].sort()
const PREFIXES = ['/webservices/rest/brand/FOO', '/FOO']

/** An endpoint's path with its parameters filled in. */
const concrete = (path: string) => path.replace(/:(\w+)/g, 'X1')

/** Every string that a schema allows as a literal (`enum` or `const`), wherever it nests. */
function literals(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(literals)
  if (schema === null || typeof schema !== 'object') return []
  return Object.entries(schema).flatMap(([key, value]) => {
    if (key === 'enum' && Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
    if (key === 'const' && typeof value === 'string') return [value]
    return literals(value)
  })
}

/** One call to every endpoint of the table, without an app id (a 403, journaled under the endpoint's name). */
async function callEach(app: FastifyInstance): Promise<void> {
  for (const { method, path } of OMEDA_ENDPOINTS) {
    await app.inject({
      method,
      url: `${PREFIXES[0]}${concrete(path)}/*`,
      ...(method === 'POST' ? { payload: {} } : {})
    })
  }
}

t.test('the table has each endpoint once: one name, and one method at one path', async (t) => {
  t.equal(new Set(ENDPOINT_NAMES).size, ENDPOINT_NAMES.length, 'names')
  const routes = OMEDA_ENDPOINTS.map(({ method, path }) => `${method} ${path}`)
  t.equal(new Set(routes).size, routes.length, 'methods at paths')
  for (const { name, path } of OMEDA_ENDPOINTS) t.match(path, /^\/[\w/:]+$/, `${name}: a path under the brand`)
})

/** The methods the table serves at an endpoint's path: what a 405 there allows. */
const allowedAt = (path: string) => OMEDA_ENDPOINTS.filter((e) => e.path === path).map((e) => e.method).join(', ')

t.test('routes: every endpoint is served in both URL forms ' +
  'and every tail, and answers 405 for other methods', async (t) => {
  const app = await build(t)
  for (const { name, method, path } of OMEDA_ENDPOINTS) {
    for (const prefix of PREFIXES) {
      for (const tail of ['/*', '/', '']) {
        const url = `${prefix}${concrete(path)}${tail}`
        const res = await app.inject({
          method,
          url,
          headers: appIdHeader('not-an-app'),
          ...(method === 'POST' ? { payload: {} } : {})
        })
        t.equal(res.statusCode, 403, `${name}: ${method} ${url} reaches the endpoint (the app id is refused)`)
      }
      const other = (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const).find((m) => !allowedAt(path).includes(m))
      const refused = await app.inject({ method: other ?? 'PATCH', url: `${prefix}${concrete(path)}/*` })
      t.equal(refused.statusCode, 405, `${name}: ${other}`)
      t.equal(refused.headers.allow, allowedAt(path))
    }
  }
  const unknown = await app.inject({ method: 'POST', url: `${PREFIXES[0]}/omail/deployment/nosuch/*`, payload: {} })
  t.equal(unknown.statusCode, 404, 'an endpoint the table does not have is not served')
})

t.test('OpenAPI: the Omeda paths, the fault scope and the journal filter list exactly the table', async (t) => {
  const app = await build(t)
  const doc = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json() as {
    paths: Record<string, Record<string, { tags?: string[]; requestBody?: unknown; parameters?: { name: string }[] }>>
  }
  const omeda = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).filter(
      ([, op]) => op.tags?.includes('omeda')
    ).map(([method]) => `${method.toUpperCase()} ${path}`))
  t.same(omeda.sort(), OMEDA_ENDPOINTS.map(({ method, path }) =>
    `${method} /webservices/rest/brand/{brand}${path.replace(/:(\w+)/g, '{$1}')}/*`).sort())
  const faults = doc.paths['/__admin/faults']?.post?.requestBody
  t.same([...new Set(literals((faults as { content: Record<string, { schema: { properties: { endpoint: unknown } } }> })
    .content['application/json']?.schema.properties.endpoint))].sort(), TABLE, 'fault scopes')
  const filter = doc.paths['/__admin/submissions']?.get?.parameters?.find((p) => p.name === 'endpoint')
  t.same([...new Set(literals(filter))].sort(), TABLE, 'the journal filter')
})

t.test('the journal and the metrics name the endpoints as the table does', async (t) => {
  const app = await build(t)
  const scrape = async () => (await app.inject({ method: 'GET', url: '/__admin/metrics' })).body
  const labels = (text: string) => [...new Set([
    ...text.matchAll(/^omeda_request_duration_seconds_count\{endpoint="([^"]+)"\}/gm)
  ]
    .map((m) => m[1]))].sort()
  t.same(labels(await scrape()), TABLE, 'every endpoint is in the metrics from the start')
  await callEach(app)
  const { submissions } = (await app.inject(
    { method: 'GET', url: '/__admin/submissions' }
  )).json() as { submissions: { Endpoint: string | null }[] }
  t.same([...new Set(submissions.map((s) => s.Endpoint))].sort(), TABLE, 'the journal')
  t.same(labels(await scrape()), TABLE, 'the metrics')
})

t.test('fault scopes: each endpoint of the table, and no other', async (t) => {
  const app = await build(t)
  for (const endpoint of ENDPOINT_NAMES) {
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/faults',
      payload: { action: 'status', status: 503, endpoint }
    })
    t.equal(res.statusCode, 201, endpoint)
  }
  const res = await app.inject({
    method: 'POST',
    url: '/__admin/faults',
    payload: { action: 'status', status: 503, endpoint: 'nosuch' }
  })
  t.equal(res.statusCode, 400)
  t.match(res.body, ENDPOINT_NAMES.map((name) => `'${name}'`).join(', '), 'the message lists the table')
})

t.test("the dashboard's list, GET /__admin/endpoints, is the table", async (t) => {
  const app = await build(t)
  const { endpoints } = (await app.inject({ method: 'GET', url: '/__admin/endpoints' })).json() as { endpoints: {
    name: string
    method: string
  }[] }
  t.same(
    endpoints.map(({ name, method }) => `${method} ${name}`),
    OMEDA_ENDPOINTS.map(({ name, method }) => `${method} ${name}`)
  )
})
