// The world a test sees: reset it to the boot fixtures, upsert fixtures into it, export it, and
// read one stored deployment with its cancel record.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { readDeployment } from '../../deployments.js'
import { deploymentSetProblems } from '../../fixtures/load.js'
import { FixtureApp, FixtureDeployment, type FixtureDocument } from '../../fixtures/schema.js'
import { documented, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { optionalScope, worldScope } from './scope.js'

const FixtureUpsert = Type.Object({
  apps: Type.Optional(Type.Array(FixtureApp)),
  deployments: Type.Optional(Type.Array(FixtureDeployment)),
}, { additionalProperties: false })

const FixtureExport = Type.Object({ apps: Type.Array(FixtureApp), deployments: Type.Array(FixtureDeployment) })

export function worldRoutes(app: FastifyInstance, { sandbox }: { sandbox: Sandbox }): void {
  const { store } = sandbox

  app.post('/reset', { schema: { summary: 'Back to the boot fixtures (one tenant, or everything)' } }, async (request) => {
    const tenant = optionalScope(sandbox, request)
    sandbox.reset(tenant)
    return { reset: tenant === undefined ? 'all' : 'tenant' }
  })

  app.post('/fixtures', { schema: { summary: 'Upsert apps and deployments', body: FixtureUpsert } }, async (request) => {
    const tenant = worldScope(sandbox, request)
    const { apps = [], deployments = [] } = request.body as { apps?: FixtureApp[]; deployments?: FixtureDeployment[] }
    const granted = new Set(apps.flatMap((a) => a.Brands.map((b) => b.toUpperCase())))
    const entries = deployments.map((deployment, i) => ({ deployment, where: `body/deployments/${i}` }))
    const problems = deploymentSetProblems(entries, (brand) => granted.has(brand.toUpperCase()) || store.brandReachable(brand))
    if (problems.length > 0) throw new OmedaError(400, problems)
    store.immediate(() => {
      store.addApps(apps)
      store.putDeployments(tenant, deployments)
    })
    return { apps: apps.length, deployments: deployments.length }
  })

  app.get('/fixtures', { schema: { summary: 'Export the state as a fixture document', response: { 200: FixtureExport } } }, async (request): Promise<FixtureDocument> => {
    const tenant = worldScope(sandbox, request)
    store.sendAllDue(tenant, sandbox.nowText(tenant))
    return { apps: store.listApps(), deployments: store.listDeployments(tenant) }
  })

  app.get('/deployments/:brand/:trackId', {
    schema: {
      summary: 'One stored deployment, with its cancel record',
      params: Type.Object({ brand: Type.String(), trackId: Type.String() }),
      response: { 200: FixtureDeployment },
    },
  }, async (request) => {
    const { brand, trackId } = request.params as { brand: string; trackId: string }
    const deployment = readDeployment(sandbox, worldScope(sandbox, request), brand, trackId)
    if (!deployment) throw new OmedaError(404, documented.deploymentNotFound(trackId))
    return deployment
  })
}
