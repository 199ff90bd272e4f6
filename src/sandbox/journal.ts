// The journal: every submission to the Omeda surface, stored with the world it acted on. Rows are
// written in batches, one transaction every JOURNAL_FLUSH_MS, so a busy journal costs one commit per
// burst rather than one per request; every read writes the pending rows first. It keeps the newest
// `limit` rows, and of each body its first `bodyLimit` characters: a row cap alone lets 10,000 bodies
// of 1 MB take gigabytes.
import type { Database } from '../db/database.js'
import type { Submission, SubmissionFilter } from '../contract/admin.js'

/** How long journal rows wait to be written together. */
export const JOURNAL_FLUSH_MS = 2

/** A submission as the journal stores it: with the world (tenant) it acted on. */
export type JournalRow = Submission & { tenant: string }

/** A row once written, with its place in the journal (increasing, never reused). */
export type WrittenRow = JournalRow & { Seq: number }

/** Which rows to read: a submission filter, narrowed to one world (undefined: every world) and a count. */
export type JournalQuery = SubmissionFilter & { tenant?: string | undefined; limit?: number | undefined }

const COLUMNS = `
  submission_id AS SubmissionId, received_at AS ReceivedAt, brand AS Brand, track_id AS TrackId,
  user_id AS UserId, method AS Method, path AS Path, endpoint AS Endpoint, status_code AS StatusCode,
  fault_id AS FaultId, skipped_fault_id AS SkippedFaultId, request_body AS RequestBody, response_body AS ResponseBody`
const MATCHING = `
  (@tenant IS NULL OR tenant = @tenant) AND (@brand IS NULL OR brand = @brand)
  AND (@trackId IS NULL OR track_id = @trackId) AND (@userId IS NULL OR user_id = @userId)
  AND (@statusCode IS NULL OR status_code = @statusCode) AND (@method IS NULL OR method = @method)
  AND (@endpoint IS NULL OR endpoint = @endpoint)
  AND (@since IS NULL OR received_at >= @since) AND (@until IS NULL OR received_at <= @until)`

/** What stands for the characters cut from a body longer than the journal keeps. */
export const truncationMarker = (length: number): string => `…[truncated by the emulator: ${length} characters in all]`

/** A body as the journal keeps it: whole, or its first `limit` characters and the marker. */
export function keptBody(body: string, limit: number): string {
  if (body.length <= limit) return body
  // Never half a surrogate pair: the kept text stays well-formed.
  const code = body.charCodeAt(limit - 1)
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit
  return body.slice(0, end) + truncationMarker(body.length)
}

const params = (q: JournalQuery) => ({
  tenant: q.tenant ?? null, brand: q.brand ?? null, trackId: q.trackId ?? null, userId: q.userId ?? null,
  statusCode: q.statusCode ?? null, method: q.method?.toUpperCase() ?? null, endpoint: q.endpoint ?? null,
  since: q.since ?? null, until: q.until ?? null,
})

export interface JournalListeners {
  lost: (error: Error) => void
  recorded?: ((row: JournalRow) => void) | null
  written?: ((rows: JournalRow[], seqs: number[]) => void) | null
}

export class Journal {
  private readonly sql
  private pending: JournalRow[] = []
  private timer: NodeJS.Timeout | null = null
  /** Rows dropped since start: trimmed by the limit, or lost with a batch that could not be written. */
  dropped = 0

  /**
   * `limit` rows are kept, and `bodyLimit` characters of each body. The listeners hear of each row
   * as it is recorded (the metrics), of each batch once written with each row's place in the
   * journal (the event stream), and of a batch that could not be written (its rows are then lost).
   */
  constructor(private readonly db: Database, private readonly limit: number, private readonly bodyLimit: number,
    private readonly listeners: JournalListeners) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      insert: p(`
        INSERT INTO submissions (submission_id, tenant, received_at, brand, track_id, user_id, method, path, endpoint,
          status_code, fault_id, skipped_fault_id, request_body, response_body)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      trim: p('DELETE FROM submissions WHERE seq <= ?'),
      find: p(`SELECT ${COLUMNS} FROM submissions WHERE submission_id = ? AND (? IS NULL OR tenant = ?)`),
      list: p(`SELECT ${COLUMNS} FROM submissions WHERE ${MATCHING} ORDER BY seq DESC LIMIT @limit`),
      after: p(`SELECT seq AS Seq, tenant, ${COLUMNS} FROM submissions ` +
        `WHERE seq > @after AND ${MATCHING} ORDER BY seq LIMIT @limit`),
      count: p(`SELECT count(*) FROM submissions WHERE ${MATCHING}`).pluck(),
      clear: p('DELETE FROM submissions WHERE (? IS NULL OR tenant = ?)'),
      // seq only grows (AUTOINCREMENT): every row written later has a greater one, whatever was trimmed.
      lastSeq: p("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'submissions'), 0)").pluck(),
      cutBack: p('DELETE FROM submissions WHERE tenant = ? AND seq > ?'),
    }
  }

  /** Queues a row; `answered` false for what the emulator sent rather than answered (a callback): not counted. */
  record(row: JournalRow, answered = true): void {
    // Cut here, before the row is queued, so the pending batch, the table and the event stream all hold the short form.
    const { RequestBody, ResponseBody } = row
    if (RequestBody !== null && RequestBody.length > this.bodyLimit) {
      row.RequestBody = keptBody(RequestBody, this.bodyLimit)
    }
    if (ResponseBody.length > this.bodyLimit) row.ResponseBody = keptBody(ResponseBody, this.bodyLimit)
    if (answered) this.listeners.recorded?.(row)
    this.pending.push(row)
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      try {
        this.flush()
      } catch (error) {
        this.listeners.lost(error as Error)
      }
    }, JOURNAL_FLUSH_MS).unref()
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    if (!this.db.open) {
      this.dropped += batch.length
      throw new Error(`the database is closed; ${batch.length} journal rows were not written`)
    }
    const seqs: number[] = []
    try {
      this.db.immediate(() => {
        // Positional values: binding by name looks each one up, at a cost per row.
        for (const r of batch) {
          const { lastInsertRowid } = this.sql.insert.run(
            r.SubmissionId, r.tenant, r.ReceivedAt, r.Brand, r.TrackId, r.UserId,
            r.Method, r.Path, r.Endpoint, r.StatusCode, r.FaultId, r.SkippedFaultId, r.RequestBody, r.ResponseBody)
          seqs.push(Number(lastInsertRowid))
        }
        this.dropped += this.sql.trim.run((seqs.at(-1) ?? 0) - this.limit).changes
      })
    } catch (error) {
      this.dropped += batch.length
      throw error
    }
    this.listeners.written?.(batch, seqs)
  }

  /** Rows after a place in the journal, oldest first (an event stream resuming after Last-Event-ID). */
  after(seq: number, query: JournalQuery): WrittenRow[] {
    this.flush()
    return this.sql.after.all({ ...params(query), after: seq, limit: query.limit ?? this.limit }) as WrittenRow[]
  }

  find(submissionId: string, tenant?: string): Submission | undefined {
    this.flush()
    const scope = tenant ?? null
    return this.sql.find.get(submissionId, scope, scope) as Submission | undefined
  }

  list(query: JournalQuery): Submission[] {
    this.flush()
    return this.sql.list.all({ ...params(query), limit: query.limit ?? 100 }) as Submission[]
  }

  count(query: JournalQuery): number {
    this.flush()
    return this.sql.count.get(params(query)) as number
  }

  /** Empties the journal of one world, or (without one) of every world. */
  clear(tenant?: string): void {
    this.flush()
    this.sql.clear.run(tenant ?? null, tenant ?? null)
  }

  /** Where the journal stands: the seq of its last row written (the pending ones first). */
  lastSeq(): number {
    this.flush()
    return this.sql.lastSeq.get() as number
  }

  /** Back to where a world's journal stood at `seq` (its rows written since go); null empties it. */
  cutBack(tenant: string, seq: number | null): void {
    this.flush()
    this.sql.cutBack.run(tenant, seq ?? 0)
  }
}
