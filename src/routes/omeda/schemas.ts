import { Type } from '@sinclair/typebox'

/** `{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`: every failure on the Omeda surface. */
export const VendorErrorSchema = Type.Object({
  Errors: Type.Array(Type.Object({ Error: Type.String() })),
  SubmissionId: Type.String(),
})

const error = (description: string): typeof VendorErrorSchema => ({ ...VendorErrorSchema, description })

/** The failures Omeda documents for its omail endpoints, as OpenAPI responses. */
export const omedaErrorResponses = {
  400: error('The request does not follow the specification (each problem is one Error)'),
  403: error("The x-omeda-appid is missing, unknown or not granted the brand; or the UserId may not act on the deployment"),
  404: error('Malformed URL, or no deployment with that TrackId in the brand'),
  405: error('Another method than the resource supports (see the Allow header)'),
  413: error('The request body is larger than the configured limit'),
  '5XX': error('An injected fault, or an internal failure of the emulator'),
}
