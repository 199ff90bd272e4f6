// POST {brand}/omail/deployment/{cancel,unschedule,schedule,sendtest}/* — the calls that change one
// deployment, named by TrackId in the body. Each answers its ResponseInfo with the lookup Url.
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { SandboxClock } from '../clock/sandbox-clock.js'
import type { Config } from '../config.js'
import { DeploymentChanged, NOW, type OmedaEndpoint } from '../contract/omeda.js'
import type { Database } from '../db/database.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Deployment, Deployments } from '../world/deployments.js'
import { cancelDeployment, scheduleDeployment, sendTest, unscheduleDeployment, type DeploymentRequest } from '../world/rules.js'
import { omedaParams, omedaResource, type ResourceParts } from './resource.js'
import { deploymentPath, lookupUrl, originOf } from './urls.js'

const USER = "The omail account acting; generally the deployment's OwnerUserId"

const identifier = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, pattern: '\\S', maxLength, description })

/** `{UserId, TrackId}`: what every one of these calls names. */
export const deploymentBody = (maxLength: Config['maxLength'], userId: string) => Type.Object({
  UserId: identifier(maxLength.UserId, userId),
  TrackId: identifier(maxLength.TrackId, 'Unique identifier of the deployment'),
})

export interface ActionParts extends ResourceParts {
  db: Database
  deployments: Deployments
  clock: SandboxClock
  config: Pick<Config, 'maxLength' | 'origin'>
}

interface Action {
  endpoint: Exclude<OmedaEndpoint, 'search' | 'lookup'>
  summary: string
  description: string
  act: (request: DeploymentRequest) => Deployment
}

/** The answer to a change: the deployment's TrackId and lookup Url. */
function changed(request: FastifyRequest, origin: string | undefined, deployment: Deployment): DeploymentChanged {
  const Url = lookupUrl(originOf(request, origin), deployment.Brand, deployment.TrackId)
  return { ResponseInfo: [{ TrackId: deployment.TrackId, Url, SubmissionId: request.id }], SubmissionId: request.id }
}

const routeSchema = <B extends TSchema>(summary: string, description: string, body: B) => ({
  summary, description, body,
  params: omedaParams({}),
  response: { 200: { ...DeploymentChanged, description: 'Done' } },
})

/** The call as the rules take it: the world, the URL's brand, the body's names, and the world's now. */
const deploymentRequest = (clock: SandboxClock, tenant: string, brand: string, body: { TrackId: string; UserId: string }): DeploymentRequest =>
  ({ tenant, brand, trackId: body.TrackId, userId: body.UserId, now: clock.nowText(tenant) })

function actionRoute(app: TypedApp, parts: ActionParts, action: Action): void {
  const { clock, config } = parts
  omedaResource(app, parts, {
    url: deploymentPath(action.endpoint), endpoint: action.endpoint, method: 'POST',
    schema: routeSchema(action.summary, action.description, deploymentBody(config.maxLength, USER)),
    handler: (request): DeploymentChanged => {
      const { tenant, params: { brand }, body } = request
      const deployment = action.act(deploymentRequest(clock, tenant, brand, body))
      return changed(request, config.origin, deployment)
    },
  })
}

/** The schedule takes a ScheduledDate besides; otherwise it is served like the others. */
function scheduleRoute(app: TypedApp, parts: ActionParts, description: string): void {
  const { db, deployments, clock, config } = parts
  const body = Type.Composite([deploymentBody(config.maxLength, 'The OwnerUserId or FinalApproverUserId'), Type.Object({
    ScheduledDate: Type.String({ format: 'omeda-schedule-date', description: `yyyy-MM-dd HH:mm in Omeda's time zone, or ${NOW}` }),
  })])
  omedaResource(app, parts, {
    url: deploymentPath('schedule'), endpoint: 'schedule', method: 'POST',
    schema: routeSchema('Schedule a deployment', description, body),
    handler: (request): DeploymentChanged => {
      const { tenant, params: { brand }, body } = request
      const scheduledDate = body.ScheduledDate === NOW ? null : body.ScheduledDate
      const deployment = scheduleDeployment(db, deployments, { ...deploymentRequest(clock, tenant, brand, body), scheduledDate })
      return changed(request, config.origin, deployment)
    },
  })
}

const WHO = 'its owner, its final approver, or an authorized account (403)'

export function actionRoutes(app: TypedApp, parts: ActionParts): void {
  const { db, deployments } = parts
  actionRoute(app, parts, {
    endpoint: 'cancel', summary: 'Cancel a deployment',
    description: `Email Deployment Cancel API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
      'not Sent/Sending (400), not already Cancelled (400); then the deployment is Cancelled.',
    act: (request) => cancelDeployment(db, deployments, request),
  })
  actionRoute(app, parts, {
    endpoint: 'unschedule', summary: 'Unschedule a deployment',
    description: `Email Deployment Unschedule API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
      'not Sent/Sending, not Cancelled, and Scheduled (400); then it is New again: editable, still tested.',
    act: (request) => unscheduleDeployment(db, deployments, request),
  })
  scheduleRoute(app, parts, `Email Deployment Schedule API. Rules in order: TrackId found (404); UserId is ${WHO}; not created ` +
    'or edited in the Omail portal; not Sent/Sending, not Cancelled, not already Scheduled; recipients; a test sent; a future ' +
    'minute (400). Then it is Scheduled, approved now, and sent when the sandbox clock reaches ScheduledDate.')
  actionRoute(app, parts, {
    endpoint: 'sendtest', summary: 'Send a test of a deployment',
    description: `Email Deployment Test API. Rules in order: TrackId found (404); UserId is ${WHO}; not created or edited in ` +
      'the Omail portal; not Sent/Sending/Scheduled/Approved/Cancelled; a final approver assigned (400). Then it counts as tested.',
    act: (request) => sendTest(db, deployments, request),
  })
}
