// GET {brand}/omail/deployment/content/lookup/{text|html}/{trackId}/{split}/* — one split's content,
// raw, as text/html (both kinds: the page says text/html). No errors are documented: an unknown
// deployment, kind or split, or no such content, is a 404 in the JSON vendor shape.
import { Type } from '@sinclair/typebox'
import { documented, emulator } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { CONTENT_LOOKUP_PATH } from '../urls.js'

export const contentLookup = defineEndpoint({
  name: 'contentlookup', method: 'GET', path: CONTENT_LOOKUP_PATH, changesDeployment: false, answers: 'html',
  schema: () => ({
    summary: "Look up a split's content",
    description: "Email Deployment Content Lookup: the split's HTML or text content as it was posted, as " +
      'text/html. An unknown deployment, kind or split, or a split without that content: 404.',
    params: omedaParams({
      kind: Type.String({ description: 'html or text' }), trackId: Type.String(), split: Type.String(),
    }),
    response: { 200: { description: 'The content', content: { 'text/html': { schema: Type.String() } } } },
  }),
  handle: ({ params }, { world }): string => {
    const trackId = params.trackId.trim()
    const d = world.find(params.brand, trackId)
    if (!d) throw new OmedaError(404, documented.lookupNotFound(trackId))
    const kind = params.kind.toLowerCase()
    const split = /^\d{1,9}$/.test(params.split) ? Number(params.split) : 0
    const stored = world.contents.find(world.key(d.Brand, d.TrackId), split)
    const content = kind === 'html' ? stored?.HtmlContent : kind === 'text' ? stored?.TextContent : undefined
    if (content === undefined || content === null) {
      throw new OmedaError(404, emulator.noContent(kind, d.TrackId, params.split))
    }
    return content
  },
})
