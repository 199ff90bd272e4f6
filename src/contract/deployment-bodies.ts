// The bodies of create, update and clone, declared once for the routes, the rules, the OpenAPI
// document and the tests: the deployment page's fields in its table's order, every one optional
// here; each body requires its own. What the page says of them beyond types and lengths is in
// ../omeda/deployment-fields.ts and ../world/deployment-edits.ts.
import { Type, type Static, type TOptionalWithFlag, type TProperties } from '@sinclair/typebox'

const text = (maxLength?: number, description?: string) =>
  Type.Optional(Type.String({ ...(maxLength === undefined ? {} : { maxLength }), description }))
const byte = (description: string) => Type.Optional(Type.Integer({ description: `${description} (0 or 1)` }))

export const TesterInput = Type.Object({
  FirstName: Type.String({ maxLength: 80 }),
  LastName: Type.String({ maxLength: 80 }),
  EmailAddress: Type.String({ maxLength: 255 }),
  ReportRecipient: Type.Optional(Type.Integer({ description: '1: receives the automated report send (default 0)' })),
})

/** Every field a deployment body may carry, optional; each endpoint requires its own. */
const fields = (campaignIdMax: number) => ({
  DeploymentName: text(80),
  DeploymentDate: text(undefined, "yyyy-MM-dd HH:mm in Omeda's time zone, in the future"),
  DeploymentTypeId: Type.Optional(Type.Integer({ description: 'An active deployment type of the brand' })),
  CampaignId: text(campaignIdMax),
  OwnerUserId: text(undefined, 'An active Omail account'),
  FinalApproverUserId: text(undefined, 'An active Omail account (default: the owner)'),
  Splits: Type.Optional(Type.Integer({ description: 'How many splits; only 1 is taken' })),
  TrackLinks: byte('Track link clicks'),
  TrackOpens: byte('Track opens'),
  Testers: Type.Optional(Type.Array(TesterInput, { description: 'Tester emails must be unique' })),
  Notes: text(),
  ReloadOnqQueryBeforeFinalDeployment: byte('Run an audience query again before the send'),
  BillingCategoryCode: text(undefined, 'A billing category of the brand'),
  UseContentRecommendation: byte('Use content recommendations (default 0)'),
  ContentRecommendationBehaviorId: Type.Optional(Type.Integer({
    description: 'Required with UseContentRecommendation 1',
  })),
  UseImagesInRecommendation: byte('Required with UseContentRecommendation 1'),
  NumberOfRecommendations: Type.Optional(Type.Integer({
    description: '1 to 10; required with UseContentRecommendation 1',
  })),
})

const AllFields = (campaignIdMax: number) => Type.Object(fields(campaignIdMax))

/** The properties, with those named no longer optional, in the order the page lists them. */
function withRequired<P extends TProperties, K extends keyof P & string>(properties: P, keys: readonly K[]) {
  const result: TProperties = {}
  for (const [key, schema] of Object.entries(properties)) {
    result[key] = (keys as readonly string[]).includes(key) ? Type.Optional(schema, false) : schema
  }
  return result as { [Key in keyof P]: Key extends K ? TOptionalWithFlag<P[Key], false> : P[Key] }
}

/** POST: a new deployment. A TrackId is refused (the rules say so, in the page's words). */
export const CreateBody = Type.Object({
  ...withRequired(fields(100), [
    'DeploymentName', 'DeploymentDate', 'DeploymentTypeId', 'OwnerUserId', 'Splits', 'TrackLinks', 'TrackOpens',
  ] as const),
  TrackId: Type.Optional(Type.Unknown({ description: 'Refused: a new deployment gets its TrackId from Omeda' })),
})

/** PUT: the deployment named by TrackId; the fields sent change, the others stay. */
export const UpdateBody = Type.Object({
  TrackId: Type.String({ description: 'The deployment to update' }),
  ...withRequired(fields(100), ['OwnerUserId'] as const),
})

/** POST clone: a copy of CloneTrackId; the fields sent replace the copy's. */
export const CloneBody = Type.Object({
  CloneTrackId: Type.String({ description: 'The deployment to copy' }),
  DeploymentDate: Type.String({ description: "yyyy-MM-dd HH:mm in Omeda's time zone, in the future" }),
  ...Type.Pick(AllFields(50), [
    'DeploymentName', 'OwnerUserId', 'CampaignId', 'TrackOpens', 'TrackLinks', 'Testers', 'FinalApproverUserId',
    'Notes', 'ReloadOnqQueryBeforeFinalDeployment',
  ]).properties,
})

/** The fields the clone page lists: a clone neither checks nor copies any other a body sends. */
export const CLONE_FIELDS: ReadonlySet<string> = new Set(Object.keys(CloneBody.properties))

export type TesterInput = Static<typeof TesterInput>
export type CreateBody = Static<typeof CreateBody>
export type UpdateBody = Static<typeof UpdateBody>
export type CloneBody = Static<typeof CloneBody>
/** Any of the three, as the rules read the fields they share. */
export type DeploymentInput = Partial<Static<ReturnType<typeof AllFields>>>

/** A success of create, update and clone: the page's ResponseInfo, and the TrackId and SubmissionId beside it. */
export const DeploymentSaved = Type.Object({
  ResponseInfo: Type.Array(Type.Object({ SubmissionId: Type.String(), TrackId: Type.String(), Url: Type.String() })),
  TrackId: Type.String({ description: 'Also at the top level: public clients read it there' }),
  SubmissionId: Type.String(),
})
export type DeploymentSaved = Static<typeof DeploymentSaved>
