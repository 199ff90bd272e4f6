// GET {brand}/omail/deployment/lookup/{trackId}/* — the sibling Lookup API, in the vendor's shape,
// so the Url that a successful cancel returns can be followed.
import { Type } from '@sinclair/typebox'
import type { SandboxClock } from '../clock/sandbox-clock.js'
import { LookupView } from '../contract/omeda.js'
import type { TypedApp } from '../http/typed-app.js'
import { documented } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Deployments } from '../world/deployments.js'
import { lookupView } from '../world/lookup-view.js'
import { readDeployment } from '../world/rules.js'
import { omedaParams, omedaResource, type ResourceParts } from './resource.js'
import { LOOKUP_PATH } from './urls.js'

export interface LookupParts extends ResourceParts {
  deployments: Deployments
  clock: SandboxClock
}

export function lookupRoutes(app: TypedApp, parts: LookupParts): void {
  const { deployments, clock } = parts
  omedaResource(app, parts, {
    url: LOOKUP_PATH,
    endpoint: 'lookup',
    method: 'GET',
    schema: {
      summary: 'Look up a deployment',
      description: 'Email Deployment Lookup API: the Url that a successful cancel returns.',
      params: omedaParams({ trackId: Type.String() }),
      response: { 200: { ...LookupView, description: 'The deployment' } },
    },
    handler: (request): LookupView => {
      const { tenant, params: { brand } } = request
      const trackId = request.params.trackId.trim()
      const d = readDeployment(deployments, { tenant, brand, trackId }, clock.nowText(tenant))
      if (!d) throw new OmedaError(404, documented.lookupNotFound(trackId))
      return lookupView(d)
    },
  })
}
