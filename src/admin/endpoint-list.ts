// The endpoint list the admin API shows, built from the names the journal and fault scopes use and
// the surface's URLs. Only the lookup names its deployment in the URL and answers GET; the others
// are POSTs naming it in the body, and all but the search change it.
import type { EndpointInfo } from '../contract/admin.js'
import { OMEDA_ENDPOINTS } from '../contract/omeda.js'
import { deploymentPath, LOOKUP_PATH, VENDOR_PREFIX } from '../omeda/urls.js'

/** `/:brand` as the vendor writes it: `/{brand}`. */
const vendorForm = (path: string) => path.replace(/:(\w+)/g, '{$1}')

export const ENDPOINT_LIST: readonly EndpointInfo[] = OMEDA_ENDPOINTS.map((name) => ({
  name,
  method: name === 'lookup' ? 'GET' : 'POST',
  path: vendorForm(`${VENDOR_PREFIX}${name === 'lookup' ? LOOKUP_PATH : deploymentPath(name)}/*`),
  changesDeployment: name !== 'lookup' && name !== 'search',
}))
