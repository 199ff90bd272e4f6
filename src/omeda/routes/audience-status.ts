// GET {brand}/omail/deployment/audience/status/{listId}/* — the Audience Assignment Status API: where
// a list's loading stands on the world's sandbox clock. Rules: docs/audiences.md.
import { Type } from '@sinclair/typebox'
import { AudienceStatus } from '../../contract/audience-bodies.js'
import { audienceList } from '../../world/audience-rules.js'
import { statusView } from '../../world/assignment-status.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { AUDIENCE_STATUS_PATH } from '../urls.js'

export const audienceStatus = defineEndpoint({
  name: 'audienceStatus', method: 'GET', path: AUDIENCE_STATUS_PATH, changesDeployment: false,
  schema: () => ({
    summary: "A list's assignment status",
    description: 'Audience Assignment Status API: QUEUED, IN_PROCESS, then DONE or WARNING (loaded; some records ' +
      'rejected) on the sandbox clock, or 409 for a list with no valid record; LIST_REMOVED once removed. ' +
      'ListId of another brand or world: 404.',
    params: omedaParams({ listId: Type.String() }),
    response: { 200: { ...AudienceStatus, description: 'The list' } },
  }),
  handle: (request, { world, about }): AudienceStatus => {
    const list = audienceList(world, request.params.brand, request.params.listId.trim())
    about(list.TrackId)
    return statusView(list, world.now, request.id)
  },
})
