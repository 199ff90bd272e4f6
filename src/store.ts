// The one module that speaks SQL. Every statement is prepared once, when the store opens, and
// lives as long as the connection (better-sqlite3 12 must not see statements garbage-collected).
// State is partitioned by tenant: '' is the shared world; isolated worlds use a hash of an app id.
// It is long on purpose: one module owns every statement, so the SQL can be read in one place.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DeploymentStatus, FixtureApp, FixtureDeployment } from './fixtures/schema.js'
import type { FixtureWorld } from './fixtures/load.js'
import { BOOT, DEPLOYMENT_COLUMNS, SHARED, FAULT_COLUMNS, SCHEMA, STORED_DEPLOYMENT_COLUMNS, SUBMISSION_COLUMNS, SUBMISSION_FILTER } from './schema.sql.js'

export interface Deployment extends Required<Omit<FixtureDeployment, 'AuthorizedUserIds'>> {
  AuthorizedUserIds: string[]
  Status: DeploymentStatus
}

export interface Submission {
  SubmissionId: string
  ReceivedAt: string
  Brand: string | null
  TrackId: string | null
  UserId: string | null
  Method: string
  Path: string
  StatusCode: number
  FaultId: number | null
  RequestBody: string | null
  ResponseBody: string
}

/** A submission as the journal stores it: with the world (tenant) it acted on. */
export type JournalRow = Submission & { tenant: string }

/** How long journal rows wait to be written together. */
export const JOURNAL_FLUSH_MS = 2

/** Journal filters; undefined means "any". `tenant` undefined means every tenant. */
export interface SubmissionFilter {
  tenant?: string | undefined
  brand?: string | undefined
  trackId?: string | undefined
  userId?: string | undefined
  statusCode?: number | undefined
  method?: string | undefined
  since?: string | undefined
  until?: string | undefined
  limit?: number | undefined
}

export interface StoredFault {
  id: number
  brand: string | null
  trackId: string | null
  appKey: string | null
  remaining: number | null
  spec: string
  createdAt: string
}

/**
 * Retries work that SQLite refused with SQLITE_BUSY without waiting: a lock upgrade that would
 * deadlock, or a journal-mode change while another process has the file open.
 */
function whileBusy(work: () => unknown, timeoutMs = 10_000): void {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      work()
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 40)
    }
  }
}

/** The database file cannot be used: the message names the path and the reason. */
export class DatabaseError extends Error {
  override name = 'DatabaseError'
}

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Why SQLite could not use a file, in words that point at the fix. */
function whyUnusable(file: string, error: Error & { code?: string }): string {
  if (error.code === 'SQLITE_NOTADB') return 'the file is not an SQLite database'
  const folder = dirname(file)
  const stat = (path: string) => { try { return statSync(path) } catch { return undefined } }
  if (stat(file)?.isDirectory()) return 'it is a directory'
  if (!stat(folder)) return `the folder ${folder} does not exist`
  if (!writable(folder)) return `the folder ${folder} is not writable`
  if (stat(file) && !writable(file)) return 'the file is not writable'
  return error.message
}

type DeploymentRow = Omit<Deployment, 'AuthorizedUserIds'> & { AuthorizedUserIds: string }

const toDeployment = (row: DeploymentRow): Deployment => ({ ...row, AuthorizedUserIds: JSON.parse(row.AuthorizedUserIds) as string[] })

const filterParams = (f: SubmissionFilter) => ({
  tenant: f.tenant ?? null, brand: f.brand ?? null, trackId: f.trackId ?? null, userId: f.userId ?? null,
  statusCode: f.statusCode ?? null, method: f.method?.toUpperCase() ?? null, since: f.since ?? null, until: f.until ?? null,
})

export class Store {
  private readonly db: Database.Database
  private readonly sql
  private readonly inImmediateTransaction: (work: () => unknown) => unknown

  private readonly shared: boolean
  /** A digest of the boot fixtures, to tell whether the stored world was built from them. */
  private bootDigest = ''
  private pendingSubmissions: JournalRow[] = []
  private flushTimer: NodeJS.Timeout | null = null

  constructor(file: string, private readonly journalLimit = 10_000) {
    this.shared = file !== ':memory:' && file !== ''
    try {
      this.db = new Database(file)
    } catch (error) {
      throw new DatabaseError(`cannot open the database ${file}: ${whyUnusable(file, error as Error)}`)
    }
    this.inImmediateTransaction = this.db.transaction((work: () => unknown) => work()).immediate
    try {
      this.db.pragma('busy_timeout = 5000')
      if (this.shared) {
        whileBusy(() => this.db.pragma('journal_mode = WAL'))
        this.db.pragma('synchronous = NORMAL')
      }
      // Under a write lock from the start: processes opening one new file together must not deadlock.
      whileBusy(() => this.immediate(() => this.db.exec(SCHEMA)))
    } catch (error) {
      this.db.close()
      const code = (error as { code?: string }).code ?? ''
      if (!/^SQLITE_(NOTADB|CANTOPEN|READONLY|PERM|IOERR)/.test(code)) throw error
      throw new DatabaseError(`cannot open the database ${file}: ${whyUnusable(file, error as Error)}`)
    }
    const p = (sql: string) => this.db.prepare(sql)
    this.sql = {
      countDeployments: p(`SELECT count(*) FROM deployments WHERE tenant <> '${BOOT}'`).pluck(),
      countServed: p(`SELECT (SELECT count(DISTINCT app_id) FROM apps), (SELECT count(*) FROM deployments WHERE tenant = '${SHARED}')`).raw(),
      worldDigest: p("SELECT value FROM meta WHERE key = 'world_digest'").pluck(),
      setWorldDigest: p("INSERT OR REPLACE INTO meta (key, value) VALUES ('world_digest', ?)"),
      deleteBootApps: p('DELETE FROM boot_apps'),
      insertBootApp: p('INSERT OR IGNORE INTO boot_apps (app_id, brand) VALUES (?, ?)'),
      copyBootApps: p('INSERT OR IGNORE INTO apps (app_id, brand) SELECT app_id, brand FROM boot_apps'),
      copyBoot: p(`INSERT OR REPLACE INTO deployments (tenant, ${STORED_DEPLOYMENT_COLUMNS})
        SELECT ?, ${STORED_DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = '${BOOT}'`),
      countApps: p('SELECT count(*) FROM apps').pluck(),
      deleteApps: p('DELETE FROM apps'),
      insertApp: p('INSERT OR IGNORE INTO apps (app_id, brand) VALUES (?, ?)'),
      listApps: p('SELECT app_id AS AppId, brand FROM apps ORDER BY app_id, brand'),
      appHasBrand: p('SELECT 1 FROM apps WHERE app_id = ? AND brand = ?').pluck(),
      appKnown: p('SELECT 1 FROM apps WHERE app_id = ? LIMIT 1').pluck(),
      brandReachable: p('SELECT 1 FROM apps WHERE brand = ? LIMIT 1').pluck(),
      deleteAllDeployments: p(`DELETE FROM deployments WHERE tenant <> '${BOOT}'`),
      deleteTenantDeployments: p('DELETE FROM deployments WHERE tenant = ?'),
      insertDeployment: p(`
        INSERT OR REPLACE INTO deployments (tenant, ${STORED_DEPLOYMENT_COLUMNS})
        VALUES (@tenant, @Brand, @TrackId, @DeploymentName, @OwnerUserId, @AuthorizedUserIds, @FinalApproverUserId,
          @CreatedBy, @CreatedDate, @Status, @ScheduledDate, @SentDate, @CancelledDate, @CancelledBy)`),
      findDeployment: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = ? AND brand = ? AND track_id = ?`),
      listDeployments: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = ? ORDER BY brand, track_id`),
      markCancelled: p(`UPDATE deployments SET status = 'Cancelled', cancelled_date = ?, cancelled_by = ?
        WHERE tenant = ? AND brand = ? AND track_id = ?`),
      sendIfDue: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date
        WHERE tenant = ? AND brand = ? AND track_id = ? AND status = 'Scheduled' AND scheduled_date <= ?`),
      sendAllDue: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date
        WHERE tenant = ? AND status = 'Scheduled' AND scheduled_date <= ?`),
      tenantKnown: p('SELECT 1 FROM tenants WHERE tenant = ?').pluck(),
      addTenant: p('INSERT OR IGNORE INTO tenants (tenant) VALUES (?)'),
      deleteTenants: p('DELETE FROM tenants'),
      insertSubmission: p(`
        INSERT INTO submissions (submission_id, tenant, received_at, brand, track_id, user_id, method, path, status_code,
          fault_id, request_body, response_body)
        VALUES (@SubmissionId, @tenant, @ReceivedAt, @Brand, @TrackId, @UserId, @Method, @Path, @StatusCode,
          @FaultId, @RequestBody, @ResponseBody)`),
      trimJournal: p('DELETE FROM submissions WHERE seq <= ?'),
      findSubmission: p(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE submission_id = ? AND (? IS NULL OR tenant = ?)`),
      listSubmissions: p(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${SUBMISSION_FILTER} ORDER BY seq DESC LIMIT @limit`),
      countSubmissions: p(`SELECT count(*) FROM submissions WHERE ${SUBMISSION_FILTER}`).pluck(),
      deleteSubmissions: p('DELETE FROM submissions WHERE (? IS NULL OR tenant = ?)'),
      clockOffset: p('SELECT offset_ms FROM clocks WHERE tenant = ?').pluck(),
      setClock: p('INSERT OR REPLACE INTO clocks (tenant, offset_ms) VALUES (?, ?)'),
      deleteClock: p('DELETE FROM clocks WHERE (? IS NULL OR tenant = ?)'),
      insertFault: p(`INSERT INTO faults (brand, track_id, app_key, remaining, spec, created_at)
        VALUES (@brand, @trackId, @appKey, @remaining, @spec, @createdAt)`),
      matchingFault: p(`SELECT ${FAULT_COLUMNS} FROM faults WHERE (brand IS NULL OR brand = @brand) AND (track_id IS NULL OR track_id = @trackId)
          AND (app_key IS NULL OR app_key = @appKey) AND (remaining IS NULL OR remaining > 0)
        ORDER BY id LIMIT 1`),
      anyFault: p('SELECT 1 FROM faults WHERE remaining IS NULL OR remaining > 0 LIMIT 1').pluck(),
      useFault: p('UPDATE faults SET remaining = remaining - 1 WHERE id = ? AND remaining IS NOT NULL'),
      listFaults: p(`SELECT ${FAULT_COLUMNS} FROM faults WHERE remaining IS NULL OR remaining > 0 ORDER BY id`),
      deleteFault: p('DELETE FROM faults WHERE id = ?'),
      deleteFaults: p('DELETE FROM faults'),
    }
  }

  /** Runs work under SQLite's write lock, so no other connection or process interleaves with it. */
  immediate<T>(work: () => T): T {
    return this.inImmediateTransaction(work) as T
  }

  /**
   * Runs a read-check-write that must not interleave with another. Only a file can be shared with
   * other processes; an in-memory database belongs to this process, where synchronous work is
   * already atomic, so it skips the transaction.
   */
  atomically<T>(work: () => T): T {
    return this.shared ? this.immediate(work) : work()
  }

  isEmpty(): boolean {
    return this.sql.countDeployments.get() === 0 && this.sql.countApps.get() === 0
  }

  // ---- apps and deployments ----

  addApps(apps: FixtureApp[]): void {
    for (const app of apps) for (const brand of app.Brands) this.sql.insertApp.run(app.AppId, brand)
  }

  listApps(): FixtureApp[] {
    const byApp = new Map<string, string[]>()
    for (const { AppId, brand } of this.sql.listApps.all() as { AppId: string; brand: string }[])
      byApp.set(AppId, [...(byApp.get(AppId) ?? []), brand])
    return [...byApp].map(([AppId, Brands]) => ({ AppId, Brands }))
  }

  appHasBrand(appId: string, brand: string): boolean {
    return this.sql.appHasBrand.get(appId, brand) === 1
  }

  appKnown(appId: string): boolean {
    return this.sql.appKnown.get(appId) === 1
  }

  brandReachable(brand: string): boolean {
    return this.sql.brandReachable.get(brand) === 1
  }

  putDeployments(tenant: string, deployments: FixtureDeployment[]): void {
    for (const d of deployments) {
      this.sql.insertDeployment.run({
        DeploymentName: null, FinalApproverUserId: null, CreatedBy: null, CreatedDate: null,
        ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null,
        ...d, tenant, AuthorizedUserIds: JSON.stringify(d.AuthorizedUserIds ?? []),
      })
    }
  }

  /** Keeps the fixtures loaded at start as what every reset and every new tenant starts from. */
  setBoot(world: FixtureWorld): void {
    this.bootDigest = createHash('sha256').update(JSON.stringify(world)).digest('hex')
    this.immediate(() => {
      this.sql.deleteBootApps.run()
      this.sql.deleteTenantDeployments.run(BOOT)
      for (const app of world.apps) for (const brand of app.Brands) this.sql.insertBootApp.run(app.AppId, brand)
      this.putDeployments(BOOT, world.deployments)
    })
  }

  /** True when the stored world was last built from the fixtures given to setBoot. */
  builtFromBoot(): boolean {
    return this.sql.worldDigest.get() === this.bootDigest
  }

  /** What the shared world serves: distinct app ids, and its deployments. */
  servedCounts(): { apps: number; deployments: number } {
    const [apps, deployments] = this.sql.countServed.get() as [number, number]
    return { apps, deployments }
  }

  /** Replaces everything (apps, every tenant, journal, clocks, faults) with the boot fixtures. */
  replaceAll(): void {
    this.flushJournal()
    this.immediate(() => {
      this.sql.deleteApps.run()
      this.sql.deleteAllDeployments.run()
      this.sql.deleteTenants.run()
      this.sql.deleteSubmissions.run(null, null)
      this.sql.deleteClock.run(null, null)
      this.sql.deleteFaults.run()
      this.sql.copyBootApps.run()
      this.sql.copyBoot.run(SHARED)
      this.sql.addTenant.run(SHARED)
      this.sql.setWorldDigest.run(this.bootDigest)
    })
  }

  /** Seeds an empty database from the boot fixtures; returns false (changing nothing) if it holds data. */
  seedIfEmpty(): boolean {
    return this.immediate(() => {
      if (!this.isEmpty()) return false
      this.sql.copyBootApps.run()
      this.sql.copyBoot.run(SHARED)
      this.sql.addTenant.run(SHARED)
      this.sql.setWorldDigest.run(this.bootDigest)
      return true
    })
  }

  /** Gives a tenant its own copy of the boot deployments, once. */
  ensureTenant(tenant: string): void {
    if (this.sql.tenantKnown.get(tenant) === 1) return
    this.immediate(() => {
      if (this.sql.tenantKnown.get(tenant) === 1) return
      this.sql.copyBoot.run(tenant)
      this.sql.addTenant.run(tenant)
    })
  }

  /** Puts one tenant back to the boot deployments, with an empty journal and real time. */
  resetTenant(tenant: string): void {
    this.flushJournal()
    this.immediate(() => {
      this.sql.deleteTenantDeployments.run(tenant)
      this.sql.deleteSubmissions.run(tenant, tenant)
      this.sql.deleteClock.run(tenant, tenant)
      this.sql.copyBoot.run(tenant)
      this.sql.addTenant.run(tenant)
    })
  }

  findDeployment(tenant: string, brand: string, trackId: string): Deployment | undefined {
    const row = this.sql.findDeployment.get(tenant, brand, trackId) as DeploymentRow | undefined
    return row && toDeployment(row)
  }

  listDeployments(tenant: string): Deployment[] {
    return (this.sql.listDeployments.all(tenant) as DeploymentRow[]).map(toDeployment)
  }

  markCancelled(tenant: string, deployment: Deployment, cancelledDate: string, cancelledBy: string): void {
    this.sql.markCancelled.run(cancelledDate, cancelledBy, tenant, deployment.Brand, deployment.TrackId)
  }

  /** A Scheduled deployment whose time has come is Sent, as of its ScheduledDate. */
  sendIfDue(tenant: string, deployment: Deployment, now: string): Deployment {
    if (deployment.Status !== 'Scheduled' || !deployment.ScheduledDate || deployment.ScheduledDate > now) return deployment
    this.sql.sendIfDue.run(tenant, deployment.Brand, deployment.TrackId, now)
    return { ...deployment, Status: 'Sent', SentDate: deployment.ScheduledDate }
  }

  sendAllDue(tenant: string, now: string): void {
    this.sql.sendAllDue.run(tenant, now)
  }

  // ---- journal ----

  /**
   * Journals a submission. Rows are written in batches, one transaction every JOURNAL_FLUSH_MS, so
   * a busy journal costs one commit per burst rather than one per request, and no extra turn of the
   * event loop; every journal read writes the pending rows first.
   */
  recordSubmission(row: JournalRow): void {
    this.pendingSubmissions.push(row)
    if (this.flushTimer !== null) return
    this.flushTimer = setTimeout(() => {
      try {
        this.flushJournal()
      } catch (error) {
        this.onJournalError(error as Error)
      }
    }, JOURNAL_FLUSH_MS).unref()
  }

  /** Called when a batch of journal rows cannot be written (the rows are then lost). */
  onJournalError: (error: Error) => void = () => {}

  flushJournal(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer)
    this.flushTimer = null
    if (this.pendingSubmissions.length === 0) return
    const batch = this.pendingSubmissions
    this.pendingSubmissions = []
    if (!this.db.open) throw new Error(`the database is closed; ${batch.length} journal rows were not written`)
    this.immediate(() => {
      let last = 0
      for (const row of batch) last = Number(this.sql.insertSubmission.run(row).lastInsertRowid)
      this.sql.trimJournal.run(last - this.journalLimit)
    })
  }

  findSubmission(submissionId: string, tenant?: string): Submission | undefined {
    this.flushJournal()
    const scope = tenant ?? null
    return this.sql.findSubmission.get(submissionId, scope, scope) as Submission | undefined
  }

  listSubmissions(filter: SubmissionFilter): Submission[] {
    this.flushJournal()
    return this.sql.listSubmissions.all({ ...filterParams(filter), limit: filter.limit ?? 100 }) as Submission[]
  }

  countSubmissions(filter: SubmissionFilter): number {
    this.flushJournal()
    return this.sql.countSubmissions.get(filterParams(filter)) as number
  }

  clearSubmissions(tenant?: string): void {
    this.flushJournal()
    this.sql.deleteSubmissions.run(tenant ?? null, tenant ?? null)
  }

  // ---- clock ----

  clockOffsetMs(tenant: string): number {
    return (this.sql.clockOffset.get(tenant) as number | undefined) ?? 0
  }

  setClockOffset(tenant: string, offsetMs: number): void {
    this.sql.setClock.run(tenant, offsetMs)
  }

  clearClock(tenant: string): void {
    this.sql.deleteClock.run(tenant, tenant)
  }

  // ---- faults ----

  addFault(fault: Omit<StoredFault, 'id'>): number {
    return Number(this.sql.insertFault.run(fault).lastInsertRowid)
  }

  /** True if any fault is active: the common case, none, costs one indexed read. */
  hasFaults(): boolean {
    return this.sql.anyFault.get() === 1
  }

  /** Takes the oldest fault that matches, using up one of its remaining times. */
  takeFault(match: { brand: string | null; trackId: string | null; appKey: string | null }): StoredFault | undefined {
    return this.immediate(() => {
      const fault = this.sql.matchingFault.get(match) as StoredFault | undefined
      if (fault) this.sql.useFault.run(fault.id)
      return fault
    })
  }

  listFaults(): StoredFault[] {
    return this.sql.listFaults.all() as StoredFault[]
  }

  deleteFault(id: number): boolean {
    return this.sql.deleteFault.run(id).changes > 0
  }

  clearFaults(): void {
    this.sql.deleteFaults.run()
  }

  close(): void {
    if (!this.db.open) return
    try {
      this.flushJournal()
    } finally {
      this.db.close()
    }
  }
}
