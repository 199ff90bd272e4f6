// GET {brand}/omail/deployment/lookup/{trackId}/* — the sibling Lookup API, in the vendor's shape,
// so the Url that a successful cancel returns can be followed.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { modificationHistory, readDeployment } from '../../deployments.js'
import { documented, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { omedaErrorResponses } from './schemas.js'
import { omedaResource, type OmedaParams } from './resource.js'

const NullableString = Type.Union([Type.String(), Type.Null()])

export const LookupSchema = Type.Object({
  TrackId: Type.String(),
  DeploymentName: NullableString,
  Status: Type.String(),
  OwnerUserId: Type.String(),
  FinalApproverUserId: NullableString,
  CreatedBy: NullableString,
  CreatedDate: NullableString,
  ScheduledDate: NullableString,
  SentDate: NullableString,
  SentCount: Type.Integer(),
  RecipientCount: Type.Integer(),
  UniqueOpens: Type.Integer(),
  SplitCount: Type.Integer(),
  Splits: Type.Array(Type.Object({})),
  ModificationHistory: Type.Array(Type.Object({
    ChangeDescription: Type.String(), ChangedBy: Type.String(), ChangedDate: Type.String(),
  })),
})

export function lookupRoutes(app: FastifyInstance, { sandbox, inOpenApi }: { sandbox: Sandbox; inOpenApi: boolean }): void {
  omedaResource(app, {
    url: '/omail/deployment/lookup/:trackId',
    method: 'GET',
    sandbox,
    inOpenApi,
    schema: {
      summary: 'Look up a deployment',
      description: 'Email Deployment Lookup API: the Url that a successful cancel returns.',
      params: Type.Object({ brand: Type.String(), trackId: Type.String() }),
      response: { 200: { ...LookupSchema, description: 'The deployment' }, ...omedaErrorResponses },
    },
    handler: async (request) => {
      const { brand, trackId: given = '' } = request.params as OmedaParams
      const trackId = given.trim()
      const d = readDeployment(sandbox, request.tenant, brand, trackId)
      if (!d) throw new OmedaError(404, documented.lookupNotFound(trackId))
      return {
        TrackId: d.TrackId, DeploymentName: d.DeploymentName, Status: d.Status, OwnerUserId: d.OwnerUserId,
        FinalApproverUserId: d.FinalApproverUserId, CreatedBy: d.CreatedBy, CreatedDate: d.CreatedDate,
        ScheduledDate: d.ScheduledDate, SentDate: d.SentDate,
        SentCount: 0, RecipientCount: 0, UniqueOpens: 0, SplitCount: 0, Splits: [],
        ModificationHistory: modificationHistory(d),
      }
    },
  })
}
