// What the Omeda surface answers, declared once for the routes, the OpenAPI document, the client
// and the tests.
import { Type, type Static } from '@sinclair/typebox'

/** `{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`: every failure, on every surface. */
export const VendorErrorBody = Type.Object({
  Errors: Type.Array(Type.Object({ Error: Type.String() })),
  SubmissionId: Type.String(),
})
export type VendorErrorBody = Static<typeof VendorErrorBody>

export const CancelSuccess = Type.Object({
  ResponseInfo: Type.Array(Type.Object({ TrackId: Type.String(), Url: Type.String(), SubmissionId: Type.String() })),
  SubmissionId: Type.String(),
})
export type CancelSuccess = Static<typeof CancelSuccess>

const NullableString = Type.Union([Type.String(), Type.Null()])

export const ModificationEntry = Type.Object({ ChangeDescription: Type.String(), ChangedBy: Type.String(), ChangedDate: Type.String() })
export type ModificationEntry = Static<typeof ModificationEntry>

/** A deployment in the Lookup API's shape. */
export const LookupView = Type.Object({
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
  ModificationHistory: Type.Array(ModificationEntry),
})
export type LookupView = Static<typeof LookupView>

const error = (description: string): typeof VendorErrorBody => ({ ...VendorErrorBody, description })

/** The failures Omeda documents for its omail endpoints, as OpenAPI responses. */
export const omedaErrorResponses = {
  400: error('The request does not follow the specification (each problem is one Error)'),
  403: error("The x-omeda-appid is missing, unknown or not granted the brand; or the UserId may not act on the deployment"),
  404: error('Malformed URL, or no deployment with that TrackId in the brand'),
  405: error('Another method than the resource supports (see the Allow header)'),
  413: error('The request body is larger than the configured limit'),
  '5XX': error('An injected fault, or an internal failure of the emulator'),
}
