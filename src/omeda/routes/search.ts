// POST {brand}/omail/deployment/search/* — the Search API: the brand's deployments that match every
// filter given, newest first, each with its lookup Url.
import { MAX_RESULTS, SEARCH_STATUSES, SearchFilter, SearchResult, type SearchItem } from '../../contract/omeda.js'
import { foldCase } from '../../db/database.js'
import type { SearchHit, SearchQuery } from '../../world/deployment-record.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { lookupUrls, SEARCH_PATH } from '../urls.js'

/** The statuses the vendor's names mean; unknown names are ignored, and none known means no filter. */
function statusesOf(names: string[] | undefined): string[] | null {
  const known = Object.entries(SEARCH_STATUSES)
  const statuses = (names ?? []).flatMap((name) => known.find(([key]) => key === name.trim().toUpperCase())?.[1] ?? [])
  return statuses.length > 0 ? [...new Set(statuses)] : null
}

const text = (value: string | undefined) => (value === undefined ? null : foldCase(value))

export function searchQuery(brand: string, filter: SearchFilter): Omit<SearchQuery, 'tenant'> {
  const designations = filter.DeploymentDesignations?.map((d) => d.trim()).filter((d) => d !== '') ?? []
  return {
    brand,
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

export const search = defineEndpoint({
  name: 'search', method: 'POST', path: SEARCH_PATH, changesDeployment: false,
  schema: () => ({
    summary: 'Search deployments',
    description: 'Email Deployment Search API: the deployments of the brand that match every filter given, ' +
      `newest CreatedDate first, at most NumResults (default and cap ${MAX_RESULTS}). ` +
      'Text filters match as "contains", ignoring case.',
    params: omedaParams({}),
    body: SearchFilter,
    response: { 200: { ...SearchResult, description: 'The matching deployments' } },
  }),
  handle: (request, { world, origin }): SearchResult => {
    const url = lookupUrls(origin)
    const hits = world.search(searchQuery(request.params.brand, request.body))
    return { Deployments: hits.map((d) => searchItem(d, url(d.Brand, d.TrackId))), SubmissionId: request.id }
  },
})
