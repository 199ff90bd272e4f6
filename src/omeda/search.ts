// POST {brand}/omail/deployment/search/* — the Search API: the brand's deployments that match every
// filter given, newest first, each with its lookup Url.
import type { SandboxClock } from '../clock/sandbox-clock.js'
import type { Config } from '../config.js'
import { MAX_RESULTS, SEARCH_STATUSES, SearchFilter, SearchResult, type SearchItem } from '../contract/omeda.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Deployments } from '../world/deployments.js'
import { foldCase } from '../db/database.js'
import type { DeploymentSearch, SearchHit, SearchQuery } from '../world/deployment-search.js'
import { omedaParams, omedaResource, type ResourceParts } from './resource.js'
import { lookupUrls, originOf, SEARCH_PATH } from './urls.js'

/** The statuses the vendor's names mean; unknown names are ignored, and none known means no filter. */
function statusesOf(names: string[] | undefined): string[] | null {
  const known = Object.entries(SEARCH_STATUSES)
  const statuses = (names ?? []).flatMap((name) => known.find(([key]) => key === name.trim().toUpperCase())?.[1] ?? [])
  return statuses.length > 0 ? [...new Set(statuses)] : null
}

const text = (value: string | undefined) => (value === undefined ? null : foldCase(value))

export function searchQuery(tenant: string, brand: string, filter: SearchFilter): SearchQuery {
  const designations = filter.DeploymentDesignations?.map((d) => d.trim()).filter((d) => d !== '') ?? []
  return {
    tenant, brand,
    name: text(filter.DeploymentName), trackId: text(filter.TrackId), person: text(filter.EnteredByOrAssignedTo),
    statuses: statusesOf(filter.Statuses),
    designations: designations.length > 0 ? designations : null,
    typeId: filter.Type ?? null,
    start: filter.DeploymentDateStart ?? null, end: filter.DeploymentDateEnd ?? null,
    limit: Math.min(filter.NumResults ?? MAX_RESULTS, MAX_RESULTS),
  }
}

/** One result; a date the deployment lacks is left out (the serializer skips undefined). */
function searchItem(d: SearchHit, Url: string): SearchItem {
  return {
    TrackId: d.TrackId, DeploymentName: d.DeploymentName, Status: d.Status, Owner: d.OwnerUserId,
    FinalApprover: d.FinalApproverUserId, CreatedBy: d.CreatedBy, CreatedDate: d.CreatedDate,
    ScheduledDate: d.ScheduledDate ?? undefined, SentDate: d.SentDate ?? undefined,
    DeploymentDesignation: d.DeploymentDesignation, DeploymentTypeId: d.DeploymentTypeId,
    DeploymentTypeDescription: d.DeploymentTypeDescription, Url,
  }
}

export interface SearchParts extends ResourceParts {
  deployments: Deployments
  search: DeploymentSearch
  clock: SandboxClock
  config: Pick<Config, 'origin'>
}

export function searchRoutes(app: TypedApp, parts: SearchParts): void {
  const { deployments, search, clock, config } = parts
  omedaResource(app, parts, {
    url: SEARCH_PATH,
    endpoint: 'search',
    method: 'POST',
    schema: {
      summary: 'Search deployments',
      description: 'Email Deployment Search API: the deployments of the brand that match every filter given, newest CreatedDate ' +
        `first, at most NumResults (default and cap ${MAX_RESULTS}). Text filters match as "contains", ignoring case.`,
      params: omedaParams({}),
      body: SearchFilter,
      response: { 200: { ...SearchResult, description: 'The matching deployments' } },
    },
    handler: (request): SearchResult => {
      const { tenant, params: { brand }, body } = request
      // The clock sends what is due before anyone looks.
      deployments.sendAllDue(tenant, clock.nowText(tenant))
      const url = lookupUrls(originOf(request, config.origin))
      const hits = search.find(searchQuery(tenant, brand, body))
      return { Deployments: hits.map((d) => searchItem(d, url(d.Brand, d.TrackId))), SubmissionId: request.id }
    },
  })
}
