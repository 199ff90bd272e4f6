// The Omeda surface's URLs: the vendor's prefix and the short one, and each resource's path under them.
export const VENDOR_PREFIX = '/webservices/rest/brand/:brand'
export const SHORT_PREFIX = '/:brand'
export const CANCEL_PATH = '/omail/deployment/cancel'
export const LOOKUP_PATH = '/omail/deployment/lookup/:trackId'

/** The deployment's lookup URL on this server, as a successful cancel reports it. */
export function lookupUrl(origin: string, brand: string, trackId: string): string {
  const path = `${VENDOR_PREFIX}${LOOKUP_PATH}`.replace(':brand', encodeURIComponent(brand)).replace(':trackId', encodeURIComponent(trackId))
  return `${origin}${path}/*`
}
