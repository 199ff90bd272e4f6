// What the admin API shows of a deployment's send beyond lookup: its audience lists with their
// status as of the world's now, and each split's content (the dashboard shows both).
import { Type, type Static } from '@sinclair/typebox'
import { ASSIGNMENT_STATUSES } from './audience-bodies.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const AudienceListView = Type.Object({
  ListId: Type.Integer(),
  SplitNumber: Type.Integer(),
  Kind: Type.Union([Type.Literal('RecipientList'), Type.Literal('OmailOutput'), Type.Literal('QueryName')]),
  Name: Type.String(),
  AssignmentStatusCode: Type.Union(ASSIGNMENT_STATUSES.map((s) => Type.Literal(s))),
  ValidRows: Type.Integer({ description: 'Recipients once loaded' }),
  InvalidRows: Type.Integer(),
  AssignedBy: Type.String(),
  AssignedAt: Type.String(),
  ReadyAt: Type.String({ description: 'When it has loaded, by the world\'s sandbox clock' }),
  RemovedBy: Nullable(Type.String()),
  RemovedAt: Nullable(Type.String()),
  CallbackURLs: Type.Array(Type.String()),
})
export type AudienceListView = Static<typeof AudienceListView>

export const SplitContentView = Type.Object({
  Sequence: Type.Integer(),
  FromName: Nullable(Type.String()),
  Mailbox: Nullable(Type.String()),
  Subject: Nullable(Type.String()),
  ReplyTo: Nullable(Type.String()),
  Preheader: Nullable(Type.String()),
  HtmlContent: Nullable(Type.String()),
  TextContent: Nullable(Type.String()),
})
export type SplitContentView = Static<typeof SplitContentView>

/** A deployment's lists (removed ones too, oldest first) and its splits' content. */
export const DeploymentSends = Type.Object({
  AudienceLists: Type.Array(AudienceListView),
  Splits: Type.Array(SplitContentView),
})
export type DeploymentSends = Static<typeof DeploymentSends>
