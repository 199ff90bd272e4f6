// What create, update and clone share: the brand in the URL, a body, and a success answered with
// the page's ResponseInfo plus the TrackId and SubmissionId at the top level, where public clients
// read them (docs/fidelity.md).
import { Type, type TObject, type TSchema } from '@sinclair/typebox'
import type { Config } from '../config.js'
import { DeploymentSaved } from '../contract/deployment-bodies.js'
import type { Saved } from '../world/deployment-edits.js'
import { omedaParams, type Served } from './define-endpoint.js'
import { lookupUrl } from './urls.js'

const PARAMS = omedaParams({})
const DONE = Type.Composite([DeploymentSaved], { description: 'Saved' })

/** The fields that hold a UserId or a TrackId, and which configured longest applies to each. */
const ID_FIELDS = {
  OwnerUserId: 'UserId', FinalApproverUserId: 'UserId', TrackId: 'TrackId', CloneTrackId: 'TrackId',
} as const

/** The body with the configured longest UserId and TrackId on its string fields that hold them. */
function withIdLengths<B extends TObject>(body: B, maxLength: Config['maxLength']): B {
  const properties: Record<string, TSchema> = { ...body.properties }
  for (const [field, kind] of Object.entries(ID_FIELDS)) {
    const schema = properties[field]
    if (schema?.type === 'string') properties[field] = { ...schema, maxLength: maxLength[kind] }
  }
  return { ...body, properties }
}

export const savedSchema = <B extends TObject>(
  summary: string, description: string, body: B, maxLength: Config['maxLength']
) => ({ summary, description, body: withIdLengths(body, maxLength), params: PARAMS, response: { 200: DONE } })

export function saved(submissionId: string, origin: string, deployment: Saved): DeploymentSaved {
  const Url = lookupUrl(origin, deployment.Brand, deployment.TrackId)
  return {
    ResponseInfo: [{ SubmissionId: submissionId, TrackId: deployment.TrackId, Url }],
    TrackId: deployment.TrackId, SubmissionId: submissionId,
  }
}

/** The answer to a create or clone: the journal learns the new TrackId, which the request could not name. */
export function made(submissionId: string, { origin, about }: Served, deployment: Saved): DeploymentSaved {
  about(deployment.TrackId)
  return saved(submissionId, origin, deployment)
}
