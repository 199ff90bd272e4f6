// POST {brand}/omail/deployment/audience/remove/* — the Email Deployment Remove Audience API: a list
// (or a split's lists) taken off the deployment; its name is never usable on it again.
import { Type } from '@sinclair/typebox'
import { AudienceRemoved, AudienceRemoveFields } from '../../contract/audience-bodies.js'
import { removeAudience } from '../../world/audience-rules.js'
import { AUDIENCE_REMOVE_WORDING } from '../audience-fields.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { deploymentBody, USER } from '../deployment-change.js'
import { deploymentPath, lookupUrl } from '../urls.js'

export const audienceRemove = defineEndpoint({
  name: 'audienceRemove', method: 'POST', path: deploymentPath('audience/remove'), changesDeployment: true,
  wording: AUDIENCE_REMOVE_WORDING,
  schema: (maxLength) => ({
    summary: 'Remove an audience from a deployment',
    description: 'Email Deployment Remove Audience API. Rules in order: the body; TrackId found (404); UserId ' +
      'may edit it (403); not created or edited in the Omail portal, not Sent/Sending/Scheduled/Approved/' +
      'Cancelled (400); the list named (RecipientList or QueryName; none: the split\'s) is assigned (404).',
    params: omedaParams({}),
    body: Type.Composite([deploymentBody(maxLength, USER), AudienceRemoveFields]),
    response: { 200: { ...AudienceRemoved, description: 'Removed' } },
  }),
  handle: (request, { world, origin }): AudienceRemoved => {
    const { params: { brand }, body } = request
    const name = body.QueryName !== undefined
      ? { kind: 'QueryName' as const, value: body.QueryName }
      : body.RecipientList !== undefined ? { kind: 'RecipientList' as const, value: body.RecipientList } : null
    const d = removeAudience(world, {
      brand, trackId: body.TrackId, userId: body.UserId, name, split: body.SplitNumber ?? null,
    })
    const Url = lookupUrl(origin, d.Brand, d.TrackId)
    return { ResponseInfo: [{ TrackId: d.TrackId, SubmissionId: request.id, Url }] }
  },
})
