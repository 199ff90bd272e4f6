// The world a test sees: reset it to the boot fixtures, upsert fixtures into it, export it, and
// read one stored deployment with its cancel record.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { TypedApp } from '../http/typed-app.js'
import { documented } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { CATALOGUE_SECTIONS } from '../seed/catalogue-sections.js'
import { catalogueProblems, deploymentSetProblems } from '../seed/fixture-rules.js'
import { FixtureApp, FixtureDeployment } from '../seed/format.js'
import { FixtureCatalogue } from '../seed/catalogue-format.js'
import { reset, type State } from '../state.js'
import { FixtureUpsert } from '../contract/admin.js'
import { LookupView } from '../contract/omeda.js'
import { DeploymentSends } from '../contract/admin-sends.js'
import { assignmentStatus } from '../world/assignment-status.js'
import { lookupView } from '../world/lookup-view.js'
import { contentLookupUrls, originOf } from '../omeda/urls.js'
import type { Deployment } from '../world/deployments.js'
import { optionalScope, worldScope } from './scope.js'

const FixtureExport = Type.Object({
  apps: Type.Array(FixtureApp), deployments: Type.Array(FixtureDeployment),
  ...Type.Required(FixtureCatalogue).properties,
})

export function worldRoutes(app: TypedApp, state: State): void {
  const { db, tenancy, deployments, catalogue, worlds, events } = state

  app.post('/reset', { schema: { summary: 'Back to the boot fixtures ' +
    '(one world, or everything)' } }, async (request) => {
    const tenant = optionalScope(tenancy, request)
    reset(state, tenant)
    const scope = tenant === undefined ? 'all' : 'tenant'
    events.publish({ tenant, event: { type: 'reset', reset: scope } })
    return { reset: scope }
  })

  app.post('/fixtures', {
    schema: { summary: 'Upsert apps and deployments', body: FixtureUpsert }
  }, async (request) => {
    const tenant = worldScope(tenancy, request)
    const { apps = [], deployments: upserted = [] } = request.body
    const granted = new Set(apps.flatMap((a) => a.Brands.map((b) => b.toUpperCase())))
    const entries = upserted.map((deployment, i) => ({ deployment, where: `body/deployments/${i}` }))
    const reachable = (brand: string) => granted.has(brand.toUpperCase()) || tenancy.brandReachable(brand)
    const places = new Map<object, string>()
    for (const section of CATALOGUE_SECTIONS) {
      request.body[section]?.forEach((entry, i) => places.set(entry, `body/${section}/${i}`))
    }
    const problems = [
      ...deploymentSetProblems(entries, reachable),
      ...catalogueProblems(request.body, (entry) => places.get(entry) ?? 'body', reachable),
    ]
    if (problems.length > 0) throw new OmedaError(400, problems)
    db.immediate(() => {
      tenancy.addApps(apps)
      deployments.put(tenant, upserted)
      catalogue.put(tenant, request.body, upserted)
    })
    const counts = { apps: apps.length, deployments: upserted.length, catalogue: places.size }
    events.publish({ tenant, event: { type: 'fixtures', ...counts } })
    return counts
  })

  app.get('/fixtures', { schema: {
    summary: 'Export the state as a fixture document',
    response: { 200: FixtureExport }
  } }, async (request): Promise<Static<typeof FixtureExport>> => {
    const tenant = worldScope(tenancy, request)
    return { apps: tenancy.listApps(), deployments: worlds.at(tenant).list(), ...catalogue.list(tenant) }
  })

  const DeploymentParams = Type.Object({ brand: Type.String(), trackId: Type.String() })
  /** The deployment a call names, as of the world's now; 404 when there is none. */
  const named = (request: FastifyRequest, { brand, trackId }: Static<typeof DeploymentParams>): Deployment => {
    const deployment = worlds.at(worldScope(tenancy, request)).find(brand, trackId)
    if (!deployment) throw new OmedaError(404, documented.deploymentNotFound(trackId))
    return deployment
  }

  app.get('/deployments/:brand/:trackId/lookup', {
    schema: {
      summary: 'One deployment as the Lookup API shows it, history included (for the dashboard)',
      params: DeploymentParams,
      response: { 200: LookupView },
    },
  }, async (request) => {
    const d = named(request, request.params)
    const world = worlds.at(worldScope(tenancy, request))
    const splits = world.contents.list(world.key(d.Brand, d.TrackId))
    return lookupView(d, splits, contentLookupUrls(originOf(request, undefined), d.Brand, d.TrackId))
  })

  app.get('/deployments/:brand/:trackId/sends', {
    schema: {
      summary: "One deployment's audience lists, with their status as of now, and its splits' content",
      params: DeploymentParams,
      response: { 200: DeploymentSends },
    },
  }, async (request): Promise<DeploymentSends> => {
    const d = named(request, request.params)
    const world = worlds.at(worldScope(tenancy, request))
    const key = world.key(d.Brand, d.TrackId)
    const AudienceLists = world.audiences.ofDeployment(key).map(({ Options, ...list }) => ({
      ...list, AssignmentStatusCode: assignmentStatus({ Options, ...list }, world.now),
      CallbackURLs: Options.CallbackURLs,
    }))
    return { AudienceLists, Splits: world.contents.list(key) }
  })

  app.get('/deployments/:brand/:trackId', {
    schema: {
      summary: 'One stored deployment, with its cancel record',
      params: DeploymentParams,
      response: { 200: FixtureDeployment }
    },
  }, async (request) => named(request, request.params))
}
