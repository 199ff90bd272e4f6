// POST {brand}/omail/deployment/cancel/* — Omeda's Email Deployment Cancel API.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { cancelDeployment } from '../../deployments.js'
import type { Sandbox } from '../../sandbox.js'
import { omedaErrorResponses } from './schemas.js'
import { omedaResource, type OmedaParams } from './resource.js'

export const cancelBodySchema = (maxLength: Config['maxLength']) =>
  Type.Object({
    UserId: Type.String({ minLength: 1, pattern: '\\S', maxLength: maxLength.UserId,
      description: "The omail account cancelling; generally the deployment's OwnerUserId" }),
    TrackId: Type.String({ minLength: 1, pattern: '\\S', maxLength: maxLength.TrackId,
      description: 'Unique identifier of the deployment' }),
  })
type CancelBody = Static<ReturnType<typeof cancelBodySchema>>

export const CancelSuccessSchema = Type.Object({
  ResponseInfo: Type.Array(Type.Object({ TrackId: Type.String(), Url: Type.String(), SubmissionId: Type.String() })),
  SubmissionId: Type.String(),
})

/** The deployment's lookup URL on this server, as a successful cancel reports it. */
export function lookupUrl(origin: string, brand: string, trackId: string): string {
  return `${origin}/webservices/rest/brand/${encodeURIComponent(brand)}/omail/deployment/lookup/${encodeURIComponent(trackId)}/*`
}

const requestOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host || 'localhost'}`

export function cancelRoutes(app: FastifyInstance, { sandbox, config, inOpenApi }: { sandbox: Sandbox; config: Config; inOpenApi: boolean }): void {
  omedaResource(app, {
    url: '/omail/deployment/cancel',
    method: 'POST',
    sandbox,
    inOpenApi,
    schema: {
      summary: 'Cancel a deployment',
      description: 'Email Deployment Cancel API. Rules in order: TrackId found (404), UserId is owner or authorized (403), ' +
        'not Sent/Sending (400), not already Cancelled (400); then the deployment is Cancelled.',
      body: cancelBodySchema(config.maxLength),
      response: { 200: { ...CancelSuccessSchema, description: 'Cancelled' }, ...omedaErrorResponses },
    },
    handler: async (request) => {
      const body = request.body as CancelBody
      const { brand } = request.params as OmedaParams
      const cancelled = cancelDeployment(sandbox, { tenant: request.tenant, brand, trackId: body.TrackId, userId: body.UserId })
      const Url = lookupUrl(config.origin ?? requestOrigin(request), cancelled.Brand, cancelled.TrackId)
      return { ResponseInfo: [{ TrackId: cancelled.TrackId, Url, SubmissionId: request.id }], SubmissionId: request.id }
    },
  })
}
