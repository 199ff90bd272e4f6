// The Omeda surface's URLs: the vendor's prefix and the short one, and each resource's path under them.
import type { FastifyRequest } from 'fastify'

export const VENDOR_PREFIX = '/webservices/rest/brand/:brand'
export const SHORT_PREFIX = '/:brand'
export const LOOKUP_PATH = '/omail/deployment/lookup/:trackId'

/** The path of an endpoint that acts on a deployment named in the body (cancel, schedule, …). */
export const deploymentPath = (endpoint: string) => `/omail/deployment/${endpoint}`
export const SEARCH_PATH = deploymentPath('search')
/** The content page (XML) and its lookup of one split's raw content. */
export const CONTENT_PATH = deploymentPath('content')
export const CONTENT_LOOKUP_PATH = `${CONTENT_PATH}/lookup/:kind/:trackId/:split`
/** Create (POST) and update (PUT): the deployment resource itself. */
export const DEPLOYMENT_PATH = '/omail/deployment'

export const AUDIENCE_STATUS_PATH = deploymentPath('audience/status/:listId')

/** A list's status URL on this server, as an audience add answers it. */
export const audienceStatusUrl = (origin: string, brand: string, listId: number): string =>
  `${origin}${VENDOR_PREFIX.replace(':brand', encodeURIComponent(brand))}` +
  `${AUDIENCE_STATUS_PATH.replace(':listId', String(listId))}/*`

/** Where this server is reached: the configured origin, or the one the request came to. */
export const originOf = (request: FastifyRequest, origin: string | undefined) =>
  origin ?? `${request.protocol}://${request.host || 'localhost'}`

const [BEFORE_TRACK_ID, AFTER_TRACK_ID] = `${VENDOR_PREFIX}${LOOKUP_PATH}/*`.split(':trackId') as [string, string]

/**
 * Lookup URLs on this server, as a successful cancel reports them: a function that builds the part
 * before the TrackId once per brand (a search answers up to 200 of one brand).
 */
export function lookupUrls(origin: string): (brand: string, trackId: string) => string {
  let brandOfPrefix: string | undefined
  let prefix = ''
  return (brand, trackId) => {
    if (brand !== brandOfPrefix) {
      brandOfPrefix = brand
      prefix = `${origin}${BEFORE_TRACK_ID.replace(':brand', encodeURIComponent(brand))}`
    }
    return `${prefix}${encodeURIComponent(trackId)}${AFTER_TRACK_ID}`
  }
}

/** The deployment's lookup URL on this server. */
export const lookupUrl = (origin: string, brand: string, trackId: string): string => lookupUrls(origin)(brand, trackId)

/** Where a split's raw content is looked up on this server (`kind`: html or text). */
export const contentLookupUrls = (origin: string, brand: string, trackId: string) =>
  (kind: 'html' | 'text', split: number): string =>
    `${origin}${VENDOR_PREFIX.replace(':brand', encodeURIComponent(brand))}${CONTENT_PATH}/lookup/${kind}/` +
    `${encodeURIComponent(trackId)}/${split}/*`
