// GET {brand}/omail/deployment/lookup/{trackId}/* — the sibling Lookup API, in the vendor's shape,
// so the Url that a successful cancel returns can be followed.
import { Type } from '@sinclair/typebox'
import type { SandboxClock } from '../../clock/clock.js'
import { LookupView, type ModificationEntry } from '../../contract/omeda.js'
import type { TypedApp } from '../../http/typed-app.js'
import { documented } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import type { Deployment, Deployments } from '../../world/deployments.js'
import { readDeployment } from '../../world/rules.js'
import { omedaParams, omedaResource, type ResourceParts } from './resource.js'
import { LOOKUP_PATH } from './urls.js'

/** The lookup's history, derived from the record's dates, oldest first. */
function modificationHistory(d: Deployment): ModificationEntry[] {
  const entries: (ModificationEntry | null)[] = [
    d.CreatedDate ? { ChangeDescription: 'Deployment created', ChangedBy: d.CreatedBy ?? d.OwnerUserId, ChangedDate: d.CreatedDate } : null,
    d.SentDate ? { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: d.SentDate } : null,
    d.CancelledDate ? { ChangeDescription: 'Deployment cancelled', ChangedBy: d.CancelledBy ?? '', ChangedDate: d.CancelledDate } : null,
  ]
  return entries.filter((e): e is ModificationEntry => e !== null).sort((a, b) => a.ChangedDate.localeCompare(b.ChangedDate))
}

export interface LookupParts extends ResourceParts {
  deployments: Deployments
  clock: SandboxClock
}

export function lookupRoutes(app: TypedApp, parts: LookupParts): void {
  const { deployments, clock } = parts
  omedaResource(app, parts, {
    url: LOOKUP_PATH,
    method: 'GET',
    schema: {
      summary: 'Look up a deployment',
      description: 'Email Deployment Lookup API: the Url that a successful cancel returns.',
      params: omedaParams({ trackId: Type.String() }),
      response: { 200: { ...LookupView, description: 'The deployment' } },
    },
    handler: async (request): Promise<LookupView> => {
      const { tenant, params: { brand } } = request
      const trackId = request.params.trackId.trim()
      const d = readDeployment(deployments, { tenant, brand, trackId }, clock.nowText(tenant))
      if (!d) throw new OmedaError(404, documented.lookupNotFound(trackId))
      return {
        TrackId: d.TrackId, DeploymentName: d.DeploymentName, Status: d.Status, OwnerUserId: d.OwnerUserId,
        FinalApproverUserId: d.FinalApproverUserId, CreatedBy: d.CreatedBy, CreatedDate: d.CreatedDate,
        ScheduledDate: d.ScheduledDate, SentDate: d.SentDate,
        SentCount: 0, RecipientCount: 0, UniqueOpens: 0, SplitCount: 0, Splits: [],
        ModificationHistory: modificationHistory(d),
      }
    },
  })
}
