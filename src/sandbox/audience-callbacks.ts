// The audience callbacks: when a list has loaded by its world's sandbox clock, each CallbackURL the add
// gave is POSTed the list's status body; an attempt that fails (no answer within the timeout, a
// network error, a status other than 2xx) is tried again 2 minutes of the sandbox clock later, 3
// attempts in all. Each attempt is journaled under audienceAdd, its Path the URL. Deliveries run
// apart from requests, so a slow or dead URL never holds one up; a claim in the database keeps two
// processes sharing a file from calling one URL twice.
import type { FastifyBaseLogger } from 'fastify'
import type { SandboxClock } from '../clock/sandbox-clock.js'
import { laterVendorDate } from '../clock/vendor-time.js'
import type { Database } from '../db/database.js'
import { newSubmissionId } from '../http/vendor-shape.js'
import type { AudienceLists } from '../world/audience-lists.js'
import { statusView } from '../world/assignment-status.js'
import type { Journal } from './journal.js'

/** The page's "3 attempts 2 minutes apart". */
export const CALLBACK_ATTEMPTS = 3
export const CALLBACK_RETRY_SECONDS = 120
/** How often due callbacks are looked for. */
const POLL_MS = 200
/** The answer kept in the journal, at most. */
const KEPT_ANSWER = 2000

interface Due {
  id: number
  listId: number
  url: string
  attempts: number
  dueAt: string
}

export class AudienceCallbacks {
  private readonly sql
  private timer: NodeJS.Timeout | null = null
  private readonly inFlight = new Set<Promise<void>>()
  private readonly aborts = new Set<AbortController>()

  constructor(
    db: Database, private readonly clock: SandboxClock, private readonly journal: Journal,
    private readonly audiences: AudienceLists, private readonly timeoutMs: number,
    private readonly log: FastifyBaseLogger
  ) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      tenants: p('SELECT DISTINCT tenant FROM audience_callbacks WHERE done = 0').pluck(),
      due: p(`SELECT id, list_id AS listId, url, attempts, due_at AS dueAt FROM audience_callbacks
        WHERE tenant = ? AND done = 0 AND due_at <= ? AND claimed_ms < ? ORDER BY due_at, id`),
      claim: p('UPDATE audience_callbacks SET claimed_ms = ? WHERE id = ? AND done = 0 AND claimed_ms < ?'),
      delivered: p('UPDATE audience_callbacks SET done = 1, attempts = attempts + 1 WHERE id = ?'),
      retry: p(`UPDATE audience_callbacks SET attempts = attempts + 1, due_at = ?, claimed_ms = 0,
        done = CASE WHEN attempts + 1 >= ${CALLBACK_ATTEMPTS} THEN 1 ELSE 0 END WHERE id = ?`),
    }
  }

  start(): void {
    this.timer ??= setInterval(() => this.poll(), POLL_MS).unref()
  }

  /** Stops looking, cuts the attempts under way short, and waits for them to be journaled. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    for (const abort of this.aborts) abort.abort()
    await Promise.allSettled([...this.inFlight])
  }

  private poll(): void {
    try {
      for (const tenant of this.sql.tenants.all() as string[]) {
        const now = this.clock.nowText(tenant)
        for (const due of this.sql.due.all(tenant, now, Date.now()) as Due[]) {
          // Claimed for longer than an attempt can take; a process that dies holding it frees it then.
          const claimedMs = Date.now()
          if (this.sql.claim.run(claimedMs + this.timeoutMs + 5000, due.id, claimedMs).changes !== 1) continue
          const attempt = this.attempt(tenant, due).finally(() => this.inFlight.delete(attempt))
          this.inFlight.add(attempt)
        }
      }
    } catch (error) {
      this.log.error({ err: error }, 'could not look for due audience callbacks')
    }
  }

  private async attempt(tenant: string, due: Due): Promise<void> {
    const list = this.audiences.find(tenant, due.listId)
    if (!list) {
      this.sql.delivered.run(due.id)
      return
    }
    const body = statusView(list, list.ReadyAt, newSubmissionId())
    const payload = JSON.stringify(body)
    const abort = new AbortController()
    this.aborts.add(abort)
    const timer = setTimeout(() => abort.abort(), this.timeoutMs)
    let status = 0
    let answer = ''
    try {
      const response = await fetch(due.url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: abort.signal,
        redirect: 'manual',
      })
      status = response.status
      answer = (await response.text()).slice(0, KEPT_ANSWER)
    } catch {
      // No answer: the attempt failed (status 0, as the journal records a dropped connection).
    } finally {
      clearTimeout(timer)
      this.aborts.delete(abort)
    }
    try {
      if (status >= 200 && status < 300) this.sql.delivered.run(due.id)
      else this.sql.retry.run(laterVendorDate(due.dueAt, CALLBACK_RETRY_SECONDS, this.clock.timeZone), due.id)
      this.journal.record({
        tenant, SubmissionId: body.SubmissionId, ReceivedAt: new Date().toISOString(), Brand: list.Brand,
        TrackId: list.TrackId, UserId: list.AssignedBy, Method: 'POST', Path: due.url, Endpoint: 'audienceAdd',
        StatusCode: status, FaultId: null, SkippedFaultId: null, RequestBody: payload, ResponseBody: answer,
      }, false)
    } catch (error) {
      this.log.error({ err: error }, 'could not record an audience callback')
    }
  }
}
