// The bodies and answers of the audience endpoints (add, status, remove), declared once for the
// routes, the rules, the OpenAPI document and the tests. The list fields stand at the top of an add
// (the single form) or in each entry of `Audience` (the multi form).
import { Type, type Static } from '@sinclair/typebox'

const byte = (description: string) => Type.Optional(Type.Integer({ description: `${description} (0 or 1)` }))

/** What names a list, and how it is added: one entry of `Audience`, or the top of the single form. */
export const ListFields = {
  RecipientList: Type.Optional(Type.String({ description: "A .csv or .txt file in the brand's FTP folder" })),
  OmailOutput: Type.Optional(Type.String({ description: 'An Omail output (.csv)' })),
  QueryName: Type.Optional(Type.String({ description: 'An audience query' })),
  OutputCriteria: Type.Optional(Type.String({ description: "The query's output columns (any name is accepted)" })),
  ListNumber: Type.Optional(Type.Integer({ description: 'Appends to the split\'s lists instead of being refused ' +
    'when the split already has one' })),
  SplitNumber: Type.Optional(Type.Integer({ description: 'The split (required); one more than the deployment ' +
    'has adds a split (single form only)' })),
  RemoveDuplicates: byte('Drop duplicate addresses (ignored with ListNumber)'),
  SuppressHardBounces: byte('Leave out addresses that bounced hard (default 1)'),
  CallbackURLs: Type.Optional(Type.Array(Type.String(), { description: 'POSTed the status body when loading ends' })),
}

export const AudienceEntry = Type.Object(ListFields)
export type AudienceEntry = Static<typeof AudienceEntry>

/** An add's fields besides UserId and TrackId, which every deployment call names (the route adds them). */
export const AudienceAddFields = Type.Object({
  ApplyBrandLevelDefaultSuppressions: byte('Default 0 for a digital brand (1 is refused), else 1'),
  ...ListFields,
  Audience: Type.Optional(Type.Array(AudienceEntry, {
    description: 'The multi form: a list per entry, none at the top',
  })),
})
export type AudienceAddFields = Static<typeof AudienceAddFields>

/** The single form's answer: flat, ListId a string, as the page shows. */
export const AudienceAdded = Type.Object({
  TrackId: Type.String(), ListId: Type.String(), Url: Type.String({ description: 'The status URL' }),
  SubmissionId: Type.String(),
})
export type AudienceAdded = Static<typeof AudienceAdded>

/** The multi form's answer: a ListId and status URL per entry. */
export const AudiencesAdded = Type.Object({
  TrackId: Type.String(), SubmissionId: Type.String(),
  ResponseInfo: Type.Array(Type.Object({ ListId: Type.String(), Url: Type.String() })),
})
export type AudiencesAdded = Static<typeof AudiencesAdded>

export const ASSIGNMENT_STATUSES = ['QUEUED', 'IN_PROCESS', 'DONE', 'WARNING', 'ERROR', 'LIST_REMOVED'] as const
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

/** The status page's body; the callbacks POST it too. The page names the status both ways: both are sent. */
export const AudienceStatus = Type.Object({
  SubmissionId: Type.String(),
  ListId: Type.Integer(),
  TrackId: Type.String(),
  AssignmentStatusCode: Type.Union(ASSIGNMENT_STATUSES.map((s) => Type.Literal(s))),
  AssignmentStatus: Type.Union(ASSIGNMENT_STATUSES.map((s) => Type.Literal(s)), {
    description: "The same as AssignmentStatusCode: the page's example uses this name",
  }),
  SplitNumber: Type.Integer(),
  RecipientList: Type.Optional(Type.String()),
  OmailOutput: Type.Optional(Type.String()),
  QueryName: Type.Optional(Type.String()),
  RecipientCount: Type.Optional(Type.Integer({ description: 'Once DONE or WARNING' })),
  Message: Type.Optional(Type.String({ description: 'Why some records were rejected, or who removed the list' })),
})
export type AudienceStatus = Static<typeof AudienceStatus>

/** A removal's fields besides UserId and TrackId. */
export const AudienceRemoveFields = Type.Object({
  RecipientList: Type.Optional(Type.String({ description: 'The file or output name' })),
  QueryName: Type.Optional(Type.String()),
  SplitNumber: Type.Optional(Type.Integer({ description: 'Only this split (default: any)' })),
})
export type AudienceRemoveFields = Static<typeof AudienceRemoveFields>

export const AudienceRemoved = Type.Object({
  ResponseInfo: Type.Array(Type.Object({
    TrackId: Type.String(), SubmissionId: Type.String(), Url: Type.String({ description: 'The lookup URL' }),
  })),
})
export type AudienceRemoved = Static<typeof AudienceRemoved>
