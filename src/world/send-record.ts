// What a world's send is to the rules, as types: each split's content and the stores of content and
// of the outbox as the rules use them. Types only: nothing here reaches the database, so the
// package's public types (through World) do not either.
import type { OutboxEntry } from '../contract/outbox.js'
import type { DeploymentKey } from './deployment-record.js'

/** One split's content as stored: every field, null when not given. */
export interface SplitContent {
  Sequence: number
  FromName: string | null
  Mailbox: string | null
  Subject: string | null
  ReplyTo: string | null
  Preheader: string | null
  HtmlContent: string | null
  TextContent: string | null
}

/** Each deployment's splits' content (split-contents.ts stores it). */
export interface ContentStore {
  /** A deployment's splits that have content, by Sequence (none: the deployment has no content model). */
  list: (key: DeploymentKey) => SplitContent[]
  find: (key: DeploymentKey, split: number) => SplitContent | undefined
  /** Sets one split's content, over any it had. */
  put: (key: DeploymentKey, content: SplitContent) => void
}

/** An outbox entry before it is written. */
export type NewOutboxEntry = Omit<OutboxEntry, 'Id'>

/** The outbox as the rules write it (outbox-store.ts stores it). */
export interface OutboxWriter {
  add: (tenant: string, entries: NewOutboxEntry[]) => OutboxEntry[]
}
