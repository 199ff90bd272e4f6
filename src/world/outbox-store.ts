// The outbox table: every email the real service would have sent, per world (docs/outbox.md). Test
// copies and on-demand sends are written one by one; what the clock sends is written by SQLite in one
// statement, before the status change and in its transaction, so a world sending many deployments
// does not loop in JavaScript and two processes reading one due deployment write its send once.
import type { OutboxEntry, OutboxFilter } from '../contract/outbox.js'
import type { Database } from '../db/database.js'
import type { DeploymentKey } from './deployment-record.js'
import type { NewOutboxEntry, OutboxWriter } from './send-record.js'

/** Entries once written, and their world: what the event stream announces. */
export interface WrittenEntries {
  tenant: string
  entries: OutboxEntry[]
}

export interface OutboxListener {
  /** Whether anyone hears of written entries (the clock's send then reads them back). */
  listening: () => boolean
  written: (written: WrittenEntries) => void
}

/** The domain a Mailbox without one is given: reserved (RFC 2606), so no entry looks deliverable. */
export const fromEmail = (mailbox: string | null, brand: string): string | null =>
  mailbox === null ? null : mailbox.includes('@') ? mailbox : `${mailbox}@${brand.toLowerCase()}.example`
/** fromEmail, in SQL, of a split_contents row `c` and a brand. */
const FROM_EMAIL = (brand: string) => `CASE WHEN json_extract(c.content, '$.Mailbox') IS NULL THEN NULL
  WHEN instr(json_extract(c.content, '$.Mailbox'), '@') > 0 THEN json_extract(c.content, '$.Mailbox')
  ELSE json_extract(c.content, '$.Mailbox') || '@' || lower(${brand}) || '.example' END`

const COLUMNS = `seq AS Id, kind AS Kind, brand AS Brand, track_id AS TrackId, split AS SplitNumber,
  address AS "To", recipient_count AS RecipientCount, from_name AS FromName, from_email AS FromEmail,
  subject AS Subject, html_content AS HtmlContent, text_content AS TextContent, sent_at AS SentAt,
  submission_id AS SubmissionId`
const STORED = `tenant, kind, brand, track_id, split, address, recipient_count, from_name, from_email, subject,
  html_content, text_content, sent_at, submission_id`

/**
 * One entry per split of each due deployment `which` selects (its splits: the most of its SplitCount,
 * its last split with content, and 1), with its content if the split has any, as of @now.
 */
const clockSend = (which: string, returning: boolean) => `
  WITH RECURSIVE due AS (
    SELECT d.tenant, d.brand, d.track_id, d.scheduled_date,
      CASE WHEN d.audience_ready_at > @now OR d.has_audience = 0 THEN NULL ELSE d.recipient_count END AS recipients,
      max(coalesce(json_extract(d.settings, '$.SplitCount'), 0), coalesce((SELECT max(s.split) FROM split_contents s
        WHERE s.tenant = d.tenant AND s.brand = d.brand AND s.track_id = d.track_id), 0), 1) AS splits
    FROM deployments d WHERE ${which} AND d.status = 'Scheduled' AND d.scheduled_date <= @now
  ), n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT max(splits) FROM due))
  INSERT INTO outbox (${STORED})
  SELECT due.tenant, 'deployment', due.brand, due.track_id, n.i, NULL, due.recipients,
    json_extract(c.content, '$.FromName'), ${FROM_EMAIL('due.brand')}, json_extract(c.content, '$.Subject'),
    json_extract(c.content, '$.HtmlContent'), json_extract(c.content, '$.TextContent'), due.scheduled_date,
    @submissionId
  FROM due JOIN n ON n.i <= due.splits
  LEFT JOIN split_contents c ON c.tenant = due.tenant AND c.brand = due.brand AND c.track_id = due.track_id
    AND c.split = n.i
  ORDER BY due.scheduled_date, due.brand, due.track_id, n.i
  ${returning ? `RETURNING ${COLUMNS}` : ''}`
const ONE = 'd.tenant = @tenant AND d.brand = @brand AND d.track_id = @trackId'
// The boot copy is never sent; naming it uses the index of scheduled deployments.
const WORLD = "d.tenant = @tenant AND d.tenant <> '#boot'"

export type OutboxQuery = OutboxFilter & { tenant: string | undefined }

export class Outbox implements OutboxWriter {
  private readonly sql

  constructor(db: Database, private readonly listener: OutboxListener | null = null) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      insert: p(`INSERT INTO outbox (${STORED}) VALUES (@tenant, @Kind, @Brand, @TrackId, @SplitNumber, @To,
        @RecipientCount, @FromName, @FromEmail, @Subject, @HtmlContent, @TextContent, @SentAt, @SubmissionId)`),
      sendOne: p(clockSend(ONE, false)),
      sendOneReturning: p(clockSend(ONE, true)),
      sendWorld: p(clockSend(WORLD, false)),
      sendWorldReturning: p(clockSend(WORLD, true)),
      list: p(`SELECT ${COLUMNS} FROM outbox WHERE (@tenant IS NULL OR tenant = @tenant)
        AND (@trackId IS NULL OR track_id = @trackId) AND (@address IS NULL OR address = @address)
        AND (@kind IS NULL OR kind = @kind) ORDER BY seq DESC LIMIT @limit`),
      clear: p('DELETE FROM outbox WHERE @tenant IS NULL OR tenant = @tenant'),
    }
  }

  /** Writes entries of one world (a test's copies, an on-demand send) and returns them with their places. */
  add(tenant: string, entries: NewOutboxEntry[]): OutboxEntry[] {
    const written = entries.map((entry) =>
      ({ ...entry, Id: Number(this.sql.insert.run({ tenant, ...entry }).lastInsertRowid) }))
    if (written.length > 0) this.listener?.written({ tenant, entries: written })
    return written
  }

  /**
   * The clock's send of one due deployment (`key`) or of every due deployment of a world: one entry per
   * split. Call in the transaction that marks them Sent, before it: a deployment no longer Scheduled is
   * not sent twice.
   */
  clockSends(tenant: string, now: string, submissionId: string | null, key?: DeploymentKey): void {
    const values = key === undefined
      ? { tenant, now, submissionId }
      : { tenant, brand: key.brand, trackId: key.trackId, now, submissionId }
    const [plain, returning] = key === undefined
      ? [this.sql.sendWorld, this.sql.sendWorldReturning]
      : [this.sql.sendOne, this.sql.sendOneReturning]
    if (this.listener === null || !this.listener.listening()) {
      plain.run(values)
      return
    }
    // RETURNING gives no order: the entries are announced in the order they were written.
    const entries = (returning.all(values) as OutboxEntry[]).sort((a, b) => a.Id - b.Id)
    if (entries.length > 0) this.listener.written({ tenant, entries })
  }

  /** Entries newest first, of one world or (tenant undefined) every world. */
  list(query: OutboxQuery): OutboxEntry[] {
    return this.sql.list.all({
      tenant: query.tenant ?? null, trackId: query.trackId ?? null, address: query.address ?? null,
      kind: query.kind ?? null, limit: query.limit ?? 100,
    }) as OutboxEntry[]
  }

  /** Empties the outbox of one world, or (without one) of every world. */
  clear(tenant?: string): void {
    this.sql.clear.run({ tenant: tenant ?? null })
  }
}
