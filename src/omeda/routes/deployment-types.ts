// GET {brand}/deploymenttypes/* — the Deployment Type Lookup by Brand API: what create's
// DeploymentTypeId may name. Outside omail, directly under the brand.
import { Type, type Static } from '@sinclair/typebox'
import { documented } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'

export const DeploymentTypesAnswer = Type.Object({
  SubmissionId: Type.String(),
  Id: Type.Integer({ description: 'The brand identifier' }),
  Description: Type.String({ description: 'The name of the brand' }),
  BrandAbbrev: Type.String(),
  DeploymentTypes: Type.Array(Type.Object({
    Id: Type.Integer(),
    Name: Type.String(),
    Description: Type.String(),
    LongDescription: Type.Optional(Type.String()),
    AlternateId: Type.String(),
    StatusCode: Type.Integer({ description: '1 active, 0 inactive' }),
  })),
})
export type DeploymentTypesAnswer = Static<typeof DeploymentTypesAnswer>

export const deploymentTypes = defineEndpoint({
  name: 'deploymenttypes', method: 'GET', path: '/deploymenttypes', changesDeployment: false,
  brandNotFound: documented.brandNotFound,
  schema: () => ({
    summary: "List a brand's deployment types",
    description: 'Deployment Type Lookup by Brand API: the brand, and every deployment type it has, active ' +
      '(StatusCode 1) or not, by Id. A brand no app is granted is not found (404).',
    params: omedaParams({}),
    response: { 200: { ...DeploymentTypesAnswer, description: 'The brand and its deployment types' } },
  }),
  handle: ({ id, params }, { world }): DeploymentTypesAnswer => {
    const brand = world.catalogue.brand(params.brand)
    // Granted when the request arrived; a reset since then may have taken every grant of it away.
    if (!brand) throw new OmedaError(404, documented.brandNotFound(params.brand))
    const types = world.catalogue.deploymentTypes(params.brand)
    return {
      SubmissionId: id, Id: brand.Id, Description: brand.Description, BrandAbbrev: brand.BrandAbbrev,
      DeploymentTypes: types.map(({ Id, Name, Description, LongDescription, AlternateId, StatusCode }) =>
        ({ Id, Name, Description, LongDescription, AlternateId: AlternateId ?? '', StatusCode })),
    }
  },
})
