// What the Omeda surface answers, declared once for the routes, the OpenAPI document, the client
// and the tests.
import { Type, type Static } from '@sinclair/typebox'
import { ModificationEntry, type DeploymentStatus } from '../seed/format.js'

/** `{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`: every failure, on every surface. */
export const VendorErrorBody = Type.Object({
  Errors: Type.Array(Type.Object({ Error: Type.String() })),
  SubmissionId: Type.String(),
})
export type VendorErrorBody = Static<typeof VendorErrorBody>

/** The schedule's ScheduledDate for "the time of the call". */
export const NOW = '[NOW]'

/** A successful cancel, unschedule, schedule or send test: the deployment and its lookup Url. */
export const DeploymentChanged = Type.Object({
  ResponseInfo: Type.Array(Type.Object({ TrackId: Type.String(), Url: Type.String(), SubmissionId: Type.String() })),
  SubmissionId: Type.String(),
})
export type DeploymentChanged = Static<typeof DeploymentChanged>

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

export { ModificationEntry } from '../seed/format.js'

/** The page's booleans: the strings "true" and "false". */
const TrueOrFalse = Type.Union([Type.Literal('true'), Type.Literal('false')])

/**
 * A split as lookup shows it: the page's keys and those a public client reads (docs/content.md), with
 * content lookup URLs for the content it has.
 */
export const LookupSplit = Type.Object({
  Sequence: Type.Integer(),
  FromName: NullableString,
  FromEmail: NullableString,
  Subject: NullableString,
  EmailSubject: NullableString,
  ReplyTo: NullableString,
  Preheader: NullableString,
  HtmlContentUrl: Type.Optional(Type.String()),
  TextContentUrl: Type.Optional(Type.String()),
  TextSpamScore: Type.Number(),
  HtmlSpamScore: Type.Number(),
  SpamScoreText: Type.Number(),
  SpamScoreHtml: Type.Number(),
  RecipientSourceId: Type.Integer({ description: '0: no audience list is modelled per split' }),
})
export type LookupSplit = Static<typeof LookupSplit>

/** A deployment in the Lookup API's shape. */
export const LookupView = Type.Object({
  TrackId: Type.String(),
  DeploymentName: NullableString,
  Status: Type.String(),
  OwnerUserId: Type.String(),
  FinalApproverUserId: NullableString,
  CreatedBy: NullableString,
  CreatedDate: NullableString,
  ApprovalDate: NullableString,
  ScheduledDate: NullableString,
  SentDate: NullableString,
  DeploymentDesignation: NullableString,
  DeploymentTypeId: NullableInteger,
  DeploymentTypeDescription: NullableString,
  RequestedDate: NullableString,
  CampaignId: Type.String({ description: '"" when none was given' }),
  Notes: Type.Optional(Type.String()),
  BillingCategoryCode: Type.Optional(Type.String()),
  TrackLinks: TrueOrFalse,
  TrackOpens: TrueOrFalse,
  IsFiltered: TrueOrFalse,
  ReloadOnqQueryBeforeFinalDeployment: TrueOrFalse,
  SentCount: Type.Integer(),
  RecipientCount: Type.Optional(Type.Integer({ description: 'absent until an audience is assigned' })),
  UniqueOpens: Type.Integer(),
  SplitCount: Type.Integer(),
  Splits: Type.Array(LookupSplit, { description: 'Its splits that have content' }),
  Testers: Type.Array(Type.Object({ FirstName: Type.String(), LastName: Type.String(), EmailAddress: Type.String() })),
  ModificationHistory: Type.Array(ModificationEntry),
})
export type LookupView = Static<typeof LookupView>

/** The page's "Max / Default is 200". */
export const MAX_RESULTS = 200

/** The search page's status names, and the statuses each one means. */
export const SEARCH_STATUSES = {
  NEW: ['New'], SENT_OR_SENDING: ['Sent', 'Sending'], SCHEDULED: ['Scheduled'], SENDING: ['Sending'], SENT: ['Sent'],
  CANCELLED: ['Cancelled'], WAITING_REVIEW: ['Waiting Review'],
} as const satisfies Record<string, readonly DeploymentStatus[]>

/** The Search API's filters; each one absent does not restrict the search. */
export const SearchFilter = Type.Object({
  DeploymentName: Type.Optional(Type.String({ description: 'contained in the name, ignoring case' })),
  TrackId: Type.Optional(Type.String({ description: 'contained in the TrackId, ignoring case' })),
  EnteredByOrAssignedTo: Type.Optional(Type.String({ description: 'contained in the owner or ' +
    'the creator, ignoring case' })),
  DeploymentDateStart: Type.Optional(Type.String({
    format: 'omeda-minute',
    description: 'yyyy-MM-dd HH:mm, Omeda time: sent (or else scheduled) at or after'
  })),
  DeploymentDateEnd: Type.Optional(Type.String({
    format: 'omeda-minute',
    description: 'yyyy-MM-dd HH:mm, Omeda time: sent (or else scheduled) at or before'
  })),
  Statuses: Type.Optional(Type.Array(
    Type.String(),
    { description: `any of ${Object.keys(SEARCH_STATUSES).join(', ')}; others are ignored` }
  )),
  DeploymentDesignations: Type.Optional(Type.Array(Type.String(), { description: 'any of the seven designations' })),
  NumResults: Type.Optional(Type.Integer({
    minimum: 1,
    description: `at most this many (default and cap: ${MAX_RESULTS})`
  })),
  Type: Type.Optional(Type.Integer({ description: 'the DeploymentTypeId' })),
})
export type SearchFilter = Static<typeof SearchFilter>

/** One hit of the Search API. ScheduledDate and SentDate appear only when the deployment has them. */
export const SearchItem = Type.Object({
  TrackId: Type.String(),
  DeploymentName: NullableString,
  Status: Type.String(),
  Owner: Type.String(),
  FinalApprover: NullableString,
  CreatedBy: NullableString,
  CreatedDate: NullableString,
  ScheduledDate: Type.Optional(Type.String()),
  SentDate: Type.Optional(Type.String()),
  DeploymentDesignation: NullableString,
  DeploymentTypeId: NullableInteger,
  DeploymentTypeDescription: NullableString,
  Url: Type.String(),
})
export type SearchItem = Static<typeof SearchItem>

export const SearchResult = Type.Object({ Deployments: Type.Array(SearchItem), SubmissionId: Type.String() })
export type SearchResult = Static<typeof SearchResult>

const error = (description: string): typeof VendorErrorBody => ({ ...VendorErrorBody, description })

/** The failures Omeda documents for its omail endpoints, as OpenAPI responses. */
export const omedaErrorResponses = {
  400: error('The request does not follow the specification (each problem is one Error)'),
  403: error('The x-omeda-appid is missing, unknown or not granted ' +
    'the brand; or the UserId may not act on the deployment'),
  404: error('Malformed URL, or no deployment with that TrackId in the brand'),
  405: error('Another method than the resource supports (see the Allow header)'),
  413: error('The request body is larger than the configured limit'),
  '5XX': error('An injected fault, or an internal failure of the emulator'),
}
