// Which Omeda endpoint a recorded request went to, by method and URL, with its path parameters:
// the same table and both URL forms (the vendor's prefix and the short `/{brand}/…`) that the
// emulator serves, through the router Fastify itself uses.
import Router from 'find-my-way'
import { OMEDA_ENDPOINTS, type OmedaEndpoint } from '../omeda/endpoints.js'
import { SHORT_PREFIX, VENDOR_PREFIX } from '../omeda/urls.js'

export interface EndpointCall {
  endpoint: OmedaEndpoint
  /** Path parameters by name, e.g. `brand`, `trackId`. */
  params: Record<string, string>
}

type Store = { endpoint: OmedaEndpoint }

let router: Router.Instance<Router.HTTPVersion.V1> | undefined

function omedaRouter(): Router.Instance<Router.HTTPVersion.V1> {
  if (router !== undefined) return router
  const made = Router({ ignoreTrailingSlash: true, caseSensitive: false })
  for (const { name, method, path } of OMEDA_ENDPOINTS) {
    for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX]) {
      for (const url of [`${prefix}${path}`, `${prefix}${path}/*`]) {
        made.on(method, url, () => undefined, { endpoint: name } satisfies Store)
      }
    }
  }
  router = made
  return made
}

/** The endpoint a request was for, or undefined for a URL the emulator does not serve. */
export function endpointOf(method: string, url: string): EndpointCall | undefined {
  const { pathname } = new URL(url, 'http://emulator.invalid')
  const found = omedaRouter().find(method.toUpperCase() as 'GET', pathname)
  if (found === null) return undefined
  const params: Record<string, string> = {}
  for (const [name, value] of Object.entries(found.params)) {
    if (name !== '*' && value !== undefined) params[name] = value
  }
  return { endpoint: (found.store as Store).endpoint, params }
}
