// POST {brand}/omail/deployment/cancel/* — Omeda's Email Deployment Cancel API.
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { CancelSuccess } from '../../contract/omeda.js'
import type { TypedApp } from '../../http/typed-app.js'
import type { SandboxClock } from '../../clock/clock.js'
import type { Database } from '../../db/database.js'
import type { Deployments } from '../../world/deployments.js'
import { cancelDeployment } from '../../world/rules.js'
import { CANCEL_PATH, lookupUrl } from './urls.js'
import { omedaParams, omedaResource, type ResourceParts } from './resource.js'

export const cancelBody = (maxLength: Config['maxLength']) =>
  Type.Object({
    UserId: Type.String({ minLength: 1, pattern: '\\S', maxLength: maxLength.UserId,
      description: "The omail account cancelling; generally the deployment's OwnerUserId" }),
    TrackId: Type.String({ minLength: 1, pattern: '\\S', maxLength: maxLength.TrackId,
      description: 'Unique identifier of the deployment' }),
  })

const requestOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host || 'localhost'}`

export interface CancelParts extends ResourceParts {
  db: Database
  deployments: Deployments
  clock: SandboxClock
  config: Pick<Config, 'maxLength' | 'origin'>
}

export function cancelRoutes(app: TypedApp, parts: CancelParts): void {
  const { db, deployments, clock, config } = parts
  omedaResource(app, parts, {
    url: CANCEL_PATH,
    method: 'POST',
    schema: {
      summary: 'Cancel a deployment',
      description: 'Email Deployment Cancel API. Rules in order: TrackId found (404), UserId is owner or authorized (403), ' +
        'not Sent/Sending (400), not already Cancelled (400); then the deployment is Cancelled.',
      params: omedaParams({}),
      body: cancelBody(config.maxLength),
      response: { 200: { ...CancelSuccess, description: 'Cancelled' } },
    },
    handler: async (request): Promise<CancelSuccess> => {
      const { tenant, params: { brand }, body: { TrackId, UserId } } = request
      const cancelled = cancelDeployment(db, deployments, { tenant, brand, trackId: TrackId, userId: UserId, now: clock.nowText(tenant) })
      const Url = lookupUrl(config.origin ?? requestOrigin(request), cancelled.Brand, cancelled.TrackId)
      return { ResponseInfo: [{ TrackId: cancelled.TrackId, Url, SubmissionId: request.id }], SubmissionId: request.id }
    },
  })
}
