// The sandbox outbox as the admin API, the client and the event stream show it: every email the real
// service would have sent (docs/outbox.md).
import { Type, type Static } from '@sinclair/typebox'

export const OUTBOX_KINDS = ['test', 'deployment', 'on-demand'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

const Text = (description: string) => Type.Union([Type.String(), Type.Null()], { description })
const Count = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description })

/** One email: who it went to, from whom, with what content, when, and which call caused it. */
export const OutboxEntry = Type.Object({
  Id: Type.Integer({ description: 'Its place in the outbox (increasing, never reused)' }),
  Kind: Type.Union(OUTBOX_KINDS.map((k) => Type.Literal(k)), {
    description: 'test: a test copy to a tester; deployment: a split sent by the clock; on-demand: one address',
  }),
  Brand: Type.String(),
  TrackId: Type.String(),
  SplitNumber: Type.Integer(),
  To: Text('The address (a tester, the on-demand address); null for a deployment send'),
  RecipientCount: Count("A deployment send: the deployment's RecipientCount; null for the others"),
  FromName: Text("The split's from name; null when it has none"),
  FromEmail: Text("The split's Mailbox if it is an address, else Mailbox@{brand in lower case}.example; null " +
    'without one'),
  Subject: Text("The split's subject; null when it has none"),
  HtmlContent: Text("The split's HTML body; null when it has none"),
  TextContent: Text("The split's text body; null when it has none"),
  SentAt: Type.String({ description: "The world's sandbox time, yyyy-MM-dd HH:mm:ss (a clock's send: its " +
    'ScheduledDate)' }),
  SubmissionId: Text('The journaled Omeda call that caused it; null when an admin read found a deployment due'),
})
export type OutboxEntry = Static<typeof OutboxEntry>

/** Which entries to read; every field optional. */
export const OutboxFilter = Type.Object({
  trackId: Type.Optional(Type.String({ description: 'only entries of this TrackId (any case)' })),
  address: Type.Optional(Type.String({ description: 'only entries sent to this address (any case)' })),
  kind: Type.Optional(Type.Union(OUTBOX_KINDS.map((k) => Type.Literal(k)), {
    description: 'only entries of this kind',
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'at most this many (default 100)' })),
}, { additionalProperties: false })
export type OutboxFilter = Static<typeof OutboxFilter>
