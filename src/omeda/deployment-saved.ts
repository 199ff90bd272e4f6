// What create, update and clone share: the brand in the URL, a body, and a success answered with
// the page's ResponseInfo plus the TrackId and SubmissionId at the top level, where public clients
// read them (docs/fidelity.md).
import { Type, type TSchema } from '@sinclair/typebox'
import { DeploymentSaved } from '../contract/deployment-bodies.js'
import type { Deployment } from '../world/deployment-record.js'
import { omedaParams, type Served } from './define-endpoint.js'
import { lookupUrl } from './urls.js'

const PARAMS = omedaParams({})
const DONE = Type.Composite([DeploymentSaved], { description: 'Saved' })

export const savedSchema = <B extends TSchema>(summary: string, description: string, body: B) =>
  ({ summary, description, body, params: PARAMS, response: { 200: DONE } })

export function saved(submissionId: string, origin: string, deployment: Deployment): DeploymentSaved {
  const Url = lookupUrl(origin, deployment.Brand, deployment.TrackId)
  return {
    ResponseInfo: [{ SubmissionId: submissionId, TrackId: deployment.TrackId, Url }],
    TrackId: deployment.TrackId, SubmissionId: submissionId,
  }
}

/** The answer to a create or clone: the journal learns the new TrackId, which the request could not name. */
export function made(submissionId: string, { origin, about }: Served, deployment: Deployment): DeploymentSaved {
  about(deployment.TrackId)
  return saved(submissionId, origin, deployment)
}
