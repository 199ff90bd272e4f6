// GET /__admin/endpoints — the Omeda endpoints the emulator serves, from the endpoint table, so that
// the dashboard's endpoint lists follow the server instead of keeping a copy.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EndpointList } from '../contract/admin.js'
import { OMEDA_ENDPOINTS } from '../omeda/endpoints.js'
import { VENDOR_PREFIX } from '../omeda/urls.js'

/** `/:brand` as the vendor writes it: `/{brand}`. */
const vendorForm = (path: string) => path.replace(/:(\w+)/g, '{$1}')

const ANSWER: EndpointList = {
  endpoints: OMEDA_ENDPOINTS.map(({ name, method, path, changesDeployment }) =>
    ({ name, method, path: vendorForm(`${VENDOR_PREFIX}${path}/*`), changesDeployment })),
}

export const endpointsRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/endpoints', { schema: {
    summary: 'The Omeda endpoints served, by the names the journal and faults use',
    response: { 200: EndpointList }
  } },
  async () => ANSWER)
}
