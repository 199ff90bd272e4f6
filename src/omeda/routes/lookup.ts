// GET {brand}/omail/deployment/lookup/{trackId}/* — the sibling Lookup API, in the vendor's shape,
// so the Url that a successful change returns can be followed.
import { Type } from '@sinclair/typebox'
import { LookupView } from '../../contract/omeda.js'
import { documented } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import { lookupView } from '../../world/lookup-view.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { contentLookupUrls, LOOKUP_PATH } from '../urls.js'

export const lookup = defineEndpoint({
  name: 'lookup', method: 'GET', path: LOOKUP_PATH, changesDeployment: false,
  schema: () => ({
    summary: 'Look up a deployment',
    description: 'Email Deployment Lookup API: the Url that a successful cancel returns.',
    params: omedaParams({ trackId: Type.String() }),
    response: { 200: { ...LookupView, description: 'The deployment' } },
  }),
  handle: ({ params }, { world, origin }): LookupView => {
    const trackId = params.trackId.trim()
    const d = world.find(params.brand, trackId)
    if (!d) throw new OmedaError(404, documented.lookupNotFound(trackId))
    const splits = world.contents.list(world.key(d.Brand, d.TrackId))
    return lookupView(d, splits, contentLookupUrls(origin, d.Brand, d.TrackId))
  },
})
