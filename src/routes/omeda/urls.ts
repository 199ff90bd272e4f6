// The Omeda surface's URLs: the vendor's prefix and the short one, and each resource's path under them.
import type { FastifyRequest } from 'fastify'

export const VENDOR_PREFIX = '/webservices/rest/brand/:brand'
export const SHORT_PREFIX = '/:brand'
export const LOOKUP_PATH = '/omail/deployment/lookup/:trackId'

/** The path of an endpoint that acts on a deployment named in the body (cancel, schedule, …). */
export const deploymentPath = (endpoint: string) => `/omail/deployment/${endpoint}`
export const SEARCH_PATH = deploymentPath('search')

/** Where this server is reached: the configured origin, or the one the request came to. */
export const originOf = (request: FastifyRequest, origin: string | undefined) =>
  origin ?? `${request.protocol}://${request.host || 'localhost'}`

/** The deployment's lookup URL on this server, as a successful cancel reports it. */
export function lookupUrl(origin: string, brand: string, trackId: string): string {
  const path = `${VENDOR_PREFIX}${LOOKUP_PATH}`.replace(':brand', encodeURIComponent(brand)).replace(':trackId', encodeURIComponent(trackId))
  return `${origin}${path}/*`
}
