// What cancel, unschedule, schedule and send test share: a body naming the UserId and the TrackId,
// and a success answered with the deployment's TrackId and lookup Url.
import { Type, type TSchema } from '@sinclair/typebox'
import type { Config } from '../config.js'
import { DeploymentChanged } from '../contract/omeda.js'
import type { Deployment } from '../world/deployment-record.js'
import type { DeploymentCall } from '../world/rules.js'
import type { World } from '../world/world.js'
import { defineEndpoint, omedaParams } from './define-endpoint.js'
import { deploymentPath, lookupUrl } from './urls.js'

export const USER = "The omail account acting; generally the deployment's OwnerUserId"
export const WHO = 'its owner, its final approver, or an authorized account (403)'

const identifier = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, pattern: '\\S', maxLength, description })

/** `{UserId, TrackId}`: what every one of these calls names. */
export const deploymentBody = (maxLength: Config['maxLength'], userId: string) => Type.Object({
  UserId: identifier(maxLength.UserId, userId),
  TrackId: identifier(maxLength.TrackId, 'Unique identifier of the deployment'),
})

/** The route's schemas: the brand in the URL, the body, and the 200 answer. */
const DONE = Type.Composite([DeploymentChanged], { description: 'Done' })
const PARAMS = omedaParams({})
export const changeSchema = <B extends TSchema>(summary: string, description: string, body: B) =>
  ({ summary, description, body, params: PARAMS, response: { 200: DONE } })

/** The call as the rules take it. */
export const deploymentCall = (brand: string, body: { TrackId: string; UserId: string }): DeploymentCall =>
  ({ brand, trackId: body.TrackId, userId: body.UserId })

/** The answer to a change: the deployment's TrackId and lookup Url. */
export function changed(submissionId: string, origin: string, deployment: Deployment): DeploymentChanged {
  const Url = lookupUrl(origin, deployment.Brand, deployment.TrackId)
  return {
    ResponseInfo: [{ TrackId: deployment.TrackId, Url, SubmissionId: submissionId }], SubmissionId: submissionId,
  }
}

/**
 * An endpoint whose body is `{UserId, TrackId}` and whose rule changes that deployment: cancel,
 * unschedule, send test.
 */
export function changeEndpoint<N extends string>(
  name: N, summary: string, description: string, rule: (world: World, call: DeploymentCall) => Deployment
) {
  return defineEndpoint({
    name, method: 'POST', path: deploymentPath(name), changesDeployment: true,
    schema: (maxLength) => changeSchema(summary, description, deploymentBody(maxLength, USER)),
    handle: (request, { world, origin }) =>
      changed(request.id, origin, rule(world, deploymentCall(request.params.brand, request.body))),
  })
}
