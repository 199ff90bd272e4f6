// GET /__admin/endpoints — the Omeda endpoints the emulator serves, so that the dashboard's endpoint
// lists follow the server instead of keeping a copy. The list comes in as the plugin's option: the
// admin surface decides where it is read from.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EndpointList, type EndpointInfo } from '../contract/admin.js'

export interface EndpointsOptions {
  endpoints: readonly EndpointInfo[]
}

export const endpointsRoute: FastifyPluginAsyncTypebox<EndpointsOptions> = async (app, { endpoints }) => {
  const answer: EndpointList = { endpoints: [...endpoints] }
  app.get('/endpoints', { schema: { summary: 'The Omeda endpoints served, by the names the journal and faults use', response: { 200: EndpointList } } },
    async () => answer)
}
