// What goes in the outbox when a call sends email: a test's copies (one per tester and split) and an
// on-demand send (one address, the deployment's split 1 with the call's overrides). The clock's sends
// are written by the outbox itself (outbox-store.ts), in SQL.
import type { OutboxEntry } from '../contract/outbox.js'
import type { Deployment } from './deployment-record.js'
import { fromEmail } from './outbox-store.js'
import type { NewOutboxEntry, SplitContent } from './send-record.js'
import type { World } from './world.js'

/** A split with no content: a deployment without a content model still sends (its fields null). */
const EMPTY = (Sequence: number): SplitContent => ({
  Sequence, FromName: null, Mailbox: null, Subject: null, ReplyTo: null, Preheader: null, HtmlContent: null,
  TextContent: null,
})

type Kind = OutboxEntry['Kind']
const entry = (world: World, d: Deployment, kind: Kind, to: string, split: SplitContent): NewOutboxEntry => ({
  Kind: kind, Brand: d.Brand, TrackId: d.TrackId, SplitNumber: split.Sequence, To: to, RecipientCount: null,
  FromName: split.FromName, FromEmail: fromEmail(split.Mailbox, d.Brand), Subject: split.Subject,
  HtmlContent: split.HtmlContent, TextContent: split.TextContent, SentAt: world.now, SubmissionId: world.submissionId,
})

/**
 * A test's copies: one per tester and split with content (split 1, empty, for a deployment with no
 * content model). No testers, no copies: the portal's seed recipients are not modelled.
 */
export function sendTestCopies(world: World, d: Deployment): OutboxEntry[] {
  const contents = world.contents.list(world.key(d.Brand, d.TrackId))
  const splits = contents.length > 0 ? contents : [EMPTY(1)]
  const entries = d.Testers.flatMap(({ EmailAddress }) =>
    splits.map((split) => entry(world, d, 'test', EmailAddress, split)))
  return world.outbox.add(world.tenant, entries)
}

/** What an on-demand call sets over split 1's content; null leaves the split's value. */
export type OnDemandOverrides = Pick<SplitContent, 'FromName' | 'Subject' | 'HtmlContent' | 'TextContent'> & {
  /** TEXT: the copy carries only the text body, when there is one. */
  Preference: 'TEXT' | 'HTML' | null
}

/** An on-demand send: one copy of split 1 to the address, with the call's overrides. */
export function sendOnDemand(world: World, d: Deployment, address: string, overrides: OnDemandOverrides): OutboxEntry {
  const split = world.contents.find(world.key(d.Brand, d.TrackId), 1) ?? EMPTY(1)
  const TextContent = overrides.TextContent ?? split.TextContent
  const html = overrides.HtmlContent ?? split.HtmlContent
  const content: SplitContent = {
    ...split, FromName: overrides.FromName ?? split.FromName, Subject: overrides.Subject ?? split.Subject,
    TextContent, HtmlContent: overrides.Preference === 'TEXT' && TextContent !== null ? null : html,
  }
  return world.outbox.add(world.tenant, [entry(world, d, 'on-demand', address, content)])[0]!
}
