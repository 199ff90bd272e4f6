// Endpoints that share a path with different methods, as the vendor's create (POST) and update (PUT)
// share `…/omail/deployment/*`: each method reaches its own endpoint, the others get a 405 naming
// both, and the resources under that path keep their own routes.
import t from 'tap'
import Fastify from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { defaultConfig } from '../src/config.js'
import { registerJsonBody } from '../src/http/json-body.js'
import { newSubmissionId, registerVendorShape } from '../src/http/vendor-shape.js'
import { defineEndpoint, omedaParams } from '../src/omeda/define-endpoint.js'
import { omedaSurface } from '../src/omeda/omeda-surface.js'
import { cancel } from '../src/omeda/routes/cancel.js'
import { closeState, openState, serve } from '../src/state.js'
import { APP_ID, TEST_WORLD } from './helpers.js'
import { loadFixtures } from '../src/seed/files.js'

// Two stand-ins under names the table has, on a path of their own.
const made = defineEndpoint({
  name: 'search', method: 'POST', path: '/omail/deployment', changesDeployment: true,
  schema: () => ({ params: omedaParams({}), body: Type.Object({ DeploymentName: Type.String() }) }),
  handle: (request, { about }) => {
    about('NEW0000001')
    return { made: request.body.DeploymentName }
  },
})
const updated = defineEndpoint({
  name: 'lookup', method: 'PUT', path: '/omail/deployment', changesDeployment: true,
  schema: () => ({ params: omedaParams({}), body: Type.Object({ TrackId: Type.String() }) }),
  handle: (request) => ({ updated: request.body.TrackId }),
})

t.test('two methods at one path, and a resource below it', async (t) => {
  const config = defaultConfig({ db: ':memory:' })
  const state = openState(config, (error) => { throw error })
  serve(state, loadFixtures([TEST_WORLD]), false)
  const app = Fastify({ genReqId: newSubmissionId }).withTypeProvider<TypeBoxTypeProvider>()
  t.teardown(async () => {
    await app.close()
    closeState(state)
  })
  registerJsonBody(app)
  registerVendorShape(app, config.bodyLimit)
  await app.register(omedaSurface, { state, config, endpoints: [cancel, made, updated] })
  const call = (method: 'GET' | 'POST' | 'PUT', resource: string, body?: unknown) => app.inject({
    method, url: `/webservices/rest/brand/FOO/omail/deployment${resource}/*`,
    headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })
  t.same((await call('POST', '', { DeploymentName: 'Spring' })).json(), { made: 'Spring' }, 'POST reaches its endpoint')
  t.same((await call('PUT', '', { TrackId: 'FOO1' })).json(), { updated: 'FOO1' }, 'PUT reaches its own')
  const refused = await call('GET', '')
  t.equal(refused.statusCode, 405)
  t.equal(refused.headers.allow, 'POST, PUT', 'the 405 names both methods')
  const cancelled = await call('POST', '/cancel', { UserId: 'omailAccount1', TrackId: 'NOSUCH1' })
  t.equal(cancelled.statusCode, 404, 'a resource below the path keeps its own route')
  t.match(cancelled.body, /NOSUCH1/)
  t.equal((await call('GET', '/cancel')).headers.allow, 'POST')
  state.journal.flush()
  const rows = state.journal.list({})
  t.match(
    rows.find((row) => row.Endpoint === 'search' && row.Method === 'POST' && row.StatusCode === 200),
    { TrackId: 'NEW0000001' },
    'a create is journaled under the TrackId it names'
  )
})
