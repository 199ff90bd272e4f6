// POST {brand}/omail/deployment/audience/add/* — the Email Deployment Add Audience API: a list
// (file, Omail output or query) for a split, loaded on the sandbox clock. Rules: docs/audiences.md.
import { Type } from '@sinclair/typebox'
import { AudienceAdded, AudienceAddFields, AudiencesAdded } from '../../contract/audience-bodies.js'
import { addAudience } from '../../world/audience-rules.js'
import { AUDIENCE_ADD_WORDING, listRequests } from '../audience-fields.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { deploymentBody, USER } from '../deployment-change.js'
import { audienceStatusUrl, deploymentPath } from '../urls.js'

export const audienceAdd = defineEndpoint({
  name: 'audienceAdd', method: 'POST', path: deploymentPath('audience/add'), changesDeployment: true,
  wording: AUDIENCE_ADD_WORDING,
  schema: (maxLength) => ({
    summary: 'Add an audience to a deployment',
    description: 'Email Deployment Add Audience API. A list at the top (the single form) or one per entry of ' +
      'Audience. Rules in order: the body (every problem at once); TrackId found (404); UserId may edit it (403); ' +
      'not created or edited in the Omail portal, not Sent/Sending/Scheduled/Approved/Cancelled (400); ' +
      'suppressions; then each list: its split, file type, brand folder, file (404), email header, a name not ' +
      'used on the deployment before, a split without a list (400). It loads on the sandbox clock; its status ' +
      'URL tells when.',
    params: omedaParams({}),
    body: Type.Composite([deploymentBody(maxLength, USER), AudienceAddFields]),
    response: { 200: Type.Union([AudienceAdded, AudiencesAdded], { description: 'Added' }) },
  }),
  handle: (request, { world, origin }): AudienceAdded | AudiencesAdded => {
    const { params: { brand }, body } = request
    const multi = body.Audience !== undefined
    const suppressions = body.ApplyBrandLevelDefaultSuppressions
    const { trackId, listIds } = addAudience(world, {
      brand, trackId: body.TrackId, userId: body.UserId, multi, lists: listRequests(body),
      suppressions: suppressions === undefined ? null : suppressions === 1 ? 1 : 0,
    })
    const SubmissionId = request.id
    const urls = listIds.map((id) => ({ ListId: String(id), Url: audienceStatusUrl(origin, brand, id) }))
    if (multi) return { TrackId: trackId, SubmissionId, ResponseInfo: urls }
    return { TrackId: trackId, ...urls[0]!, SubmissionId }
  },
})
