// The deployments table: every world's deployments, and the boot copy ('#boot') that resets and
// new worlds start from. Only storage lives here; the vendor's rules are in rules.ts.
import type { ModificationEntry } from '../contract/omeda.js'
import type { Change, Deployment, DeploymentChanges, DeploymentKey, Transition } from './deployment-record.js'
import type { Database } from '../db/database.js'
import { DeploymentNames } from './names.js'
import type { DeploymentStatus, FixtureDeployment } from '../seed/format.js'

export const BOOT = '#boot'

export type { Change, Deployment, DeploymentKey, Transition } from './deployment-record.js'

export const DEPLOYMENT_COLUMNS = `
  brand AS Brand, track_id AS TrackId, deployment_name AS DeploymentName, owner_user_id AS OwnerUserId,
  authorized_user_ids AS AuthorizedUserIds, final_approver_user_id AS FinalApproverUserId,
  created_by AS CreatedBy, created_date AS CreatedDate, status AS Status, approval_date AS ApprovalDate,
  scheduled_date AS ScheduledDate, sent_date AS SentDate, cancelled_date AS CancelledDate, cancelled_by AS CancelledBy,
  deployment_designation AS DeploymentDesignation, deployment_type_id AS DeploymentTypeId,
  deployment_type_description AS DeploymentTypeDescription, recipient_count AS RecipientCount, test_sent AS TestSent,
  created_in_portal AS CreatedInPortal, edited_in_portal_by AS EditedInPortalBy,
  edited_in_portal_date AS EditedInPortalDate, history AS ModificationHistory`
const STORED_VALUES = `(@tenant, @Brand, @TrackId, @DeploymentName, @OwnerUserId, @AuthorizedUserIds,
  @FinalApproverUserId, @CreatedBy, @CreatedDate, @Status, @ApprovalDate, @ScheduledDate, @SentDate,
  @CancelledDate, @CancelledBy,
  @DeploymentDesignation, @DeploymentTypeId, @DeploymentTypeDescription, @RecipientCount, @TestSent,
  @CreatedInPortal, @EditedInPortalBy, @EditedInPortalDate, @ModificationHistory)`
const STORED_COLUMNS = `brand, track_id, deployment_name, owner_user_id, authorized_user_ids,
  final_approver_user_id, created_by, created_date, status, approval_date, scheduled_date, sent_date, cancelled_date,
  cancelled_by, deployment_designation, deployment_type_id, deployment_type_description, recipient_count, test_sent,
  created_in_portal, edited_in_portal_by, edited_in_portal_date, history`

/**
 * A row as SQLite gives it in raw mode, in DEPLOYMENT_COLUMNS order: lists as JSON text, booleans
 * as 0 or 1. Raw rows are arrays: better-sqlite3 builds no object with 23 keys per read.
 */
export type DeploymentRow = [
  Brand: string, TrackId: string, DeploymentName: string | null, OwnerUserId: string, AuthorizedUserIds: string,
  FinalApproverUserId: string | null, CreatedBy: string, CreatedDate: string | null, Status: DeploymentStatus,
  ApprovalDate: string | null, ScheduledDate: string | null, SentDate: string | null, CancelledDate: string | null,
  CancelledBy: string | null, DeploymentDesignation: Deployment['DeploymentDesignation'],
  DeploymentTypeId: number | null,
  DeploymentTypeDescription: string | null, RecipientCount: number, TestSent: number, CreatedInPortal: number,
  EditedInPortalBy: string | null, EditedInPortalDate: string | null, ModificationHistory: string
]
export const toDeployment = ([
  Brand, TrackId, DeploymentName, OwnerUserId, AuthorizedUserIds, FinalApproverUserId, CreatedBy, CreatedDate, Status,
  ApprovalDate, ScheduledDate, SentDate, CancelledDate, CancelledBy, DeploymentDesignation, DeploymentTypeId,
  DeploymentTypeDescription, RecipientCount, TestSent, CreatedInPortal, EditedInPortalBy, EditedInPortalDate,
  ModificationHistory,
]: DeploymentRow): Deployment => ({
  Brand, TrackId, DeploymentName, OwnerUserId, AuthorizedUserIds: JSON.parse(AuthorizedUserIds) as string[],
  FinalApproverUserId, CreatedBy, CreatedDate, Status, ApprovalDate, ScheduledDate, SentDate, CancelledDate,
  CancelledBy, DeploymentDesignation, DeploymentTypeId, DeploymentTypeDescription, RecipientCount,
  TestSent: TestSent === 1, CreatedInPortal: CreatedInPortal === 1, EditedInPortalBy, EditedInPortalDate,
  ModificationHistory: JSON.parse(ModificationHistory) as ModificationEntry[],
})

/** Statuses a deployment reaches only after a test was sent: the default of TestSent. */
const TESTED_STATUSES: ReadonlySet<DeploymentStatus> = new Set(['Approved', 'Scheduled', 'Sending', 'Sent'])

/** What a fixture's dates say happened to it, oldest first. */
function seededHistory(d: FixtureDeployment): ModificationEntry[] {
  const entries: (ModificationEntry | null)[] = [
    d.CreatedDate
      ? {
          ChangeDescription: 'Deployment created',
          ChangedBy: d.CreatedBy ?? d.OwnerUserId,
          ChangedDate: d.CreatedDate
        }
      : null,
    d.SentDate ? { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: d.SentDate } : null,
    d.CancelledDate
      ? {
          ChangeDescription: 'Deployment cancelled',
          ChangedBy: d.CancelledBy ?? '',
          ChangedDate: d.CancelledDate
        }
      : null,
  ]
  return entries.filter((e): e is ModificationEntry => e !== null)
    .sort((a, b) => a.ChangedDate.localeCompare(b.ChangedDate))
}

/** A fixture deployment with every default applied, as stored. */
function storedRow(tenant: string, d: FixtureDeployment) {
  return {
    tenant, DeploymentName: null, FinalApproverUserId: null, CreatedDate: null, ApprovalDate: null,
    ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null, DeploymentDesignation: null,
    DeploymentTypeId: null, DeploymentTypeDescription: null, RecipientCount: 1,
    EditedInPortalBy: null, EditedInPortalDate: null,
    ...d,
    CreatedBy: d.CreatedBy ?? d.OwnerUserId,
    AuthorizedUserIds: JSON.stringify(d.AuthorizedUserIds ?? []),
    TestSent: (d.TestSent ?? TESTED_STATUSES.has(d.Status)) ? 1 : 0,
    CreatedInPortal: d.CreatedInPortal === true ? 1 : 0,
    ModificationHistory: JSON.stringify(seededHistory(d)),
  }
}

/** Appends one entry to the stored ModificationHistory. */
const logged = (description: string, by: string, date: string) =>
  "history = json_insert(history, '$[#]', json_object('ChangeDescription', " +
    `'${description}', 'ChangedBy', ${by}, 'ChangedDate', ${date}))`
/** Only the key's own fields: statements refuse named values they do not use. */
const keyOf = ({ tenant, brand, trackId }: DeploymentKey): DeploymentKey => ({ tenant, brand, trackId })
const KEY = 'tenant = @tenant AND brand = @brand AND track_id = @trackId'

export class Deployments implements DeploymentChanges {
  private readonly sql
  private readonly names: DeploymentNames
  /** Hears of each stored change and how many deployments it changed (the metrics). */
  constructor(db: Database, private readonly changed: ((transition: Transition, count: number) => void) | null = null) {
    this.names = new DeploymentNames(db)
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      count: p(`SELECT count(*) FROM deployments WHERE tenant <> '${BOOT}'`).pluck(),
      countWorld: p('SELECT count(*) FROM deployments WHERE tenant = ?').pluck(),
      countByStatus: p(`SELECT status, count(*) AS count FROM deployments WHERE tenant <> '${BOOT}' GROUP BY status`),
      put: p(`INSERT OR REPLACE INTO deployments (tenant, ${STORED_COLUMNS}) VALUES ${STORED_VALUES}`),
      create: p(`INSERT INTO deployments (tenant, ${STORED_COLUMNS}) VALUES ${STORED_VALUES} ON CONFLICT DO NOTHING`),
      copyBoot: p(`INSERT OR REPLACE INTO deployments (tenant, ${STORED_COLUMNS})
        SELECT ?, ${STORED_COLUMNS} FROM deployments WHERE tenant = '${BOOT}'`),
      deleteWorld: p('DELETE FROM deployments WHERE tenant = ?'),
      deleteEveryWorld: p(`DELETE FROM deployments WHERE tenant <> '${BOOT}'`),
      find: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = ? AND brand = ? AND track_id = ?`).raw(),
      list: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = ? ORDER BY brand, track_id`).raw(),
      markCancelled: p(`UPDATE deployments SET status = 'Cancelled', cancelled_date = @date, cancelled_by = @by,
        ${logged('Deployment cancelled', '@by', '@date')} WHERE ${KEY}`),
      markTested: p(`UPDATE deployments SET test_sent = 1, ${logged('Test sent', '@by', '@date')} WHERE ${KEY}`),
      markScheduled: p(`UPDATE deployments SET status = 'Scheduled', scheduled_date = @scheduledDate,
        approval_date = @date, ${logged('Deployment scheduled', '@by', '@date')} WHERE ${KEY}`),
      markUnscheduled: p(`UPDATE deployments SET status = 'New', scheduled_date = NULL, approval_date = NULL,
        ${logged('Deployment unscheduled', '@by', '@date')} WHERE ${KEY}`),
      // Guarded by the status, so two readers sending one deployment at once change it once.
      markSent: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date,
        ${logged('Deployment sent', "'system'", 'scheduled_date')} WHERE ${KEY} AND status = 'Scheduled'`),
      // worlds.isDue, for a whole world in one statement (an export of a million must not loop in JS).
      sendAllDue: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date,
        ${logged('Deployment sent', "'system'", 'scheduled_date')}
        WHERE tenant = ? AND tenant <> '${BOOT}' AND status = 'Scheduled' AND scheduled_date <= ?`),
    }
  }

  /** Deployments in every world but the boot copy. */
  count(): number {
    return this.sql.count.get() as number
  }

  countWorld(tenant: string): number {
    return this.sql.countWorld.get(tenant) as number
  }

  /** Adds one deployment; false, and nothing written, when its world's brand already has the TrackId. */
  create(tenant: string, deployment: FixtureDeployment): boolean {
    const count = this.sql.create.run(storedRow(tenant, deployment)).changes
    if (count === 1 && tenant !== BOOT) this.names.reindex(tenant, [deployment])
    this.tell('created', count)
    return count === 1
  }

  /** Stores the deployments, each over any with the same key (the fixtures' and the admin seed's upsert). */
  put(tenant: string, deployments: FixtureDeployment[]): void {
    for (const d of deployments) this.sql.put.run(storedRow(tenant, d))
    if (tenant !== BOOT) this.names.reindex(tenant, deployments)
  }

  /**
   * Gives a world the boot deployments (over any it holds with the same keys): one INSERT…SELECT.
   * Its names are indexed on its first search by name; the caller marks them not indexed.
   */
  copyBootInto(tenant: string): void {
    this.names.forgetWorld(tenant)
    this.sql.copyBoot.run(tenant)
  }

  deleteWorld(tenant: string): void {
    if (tenant !== BOOT) this.names.forgetWorld(tenant)
    this.sql.deleteWorld.run(tenant)
  }

  deleteEveryWorld(): void {
    this.sql.deleteEveryWorld.run()
    this.names.forgetEveryWorld()
  }

  find(key: DeploymentKey): Deployment | undefined {
    const row = this.sql.find.get(key.tenant, key.brand, key.trackId) as DeploymentRow | undefined
    return row && toDeployment(row)
  }

  list(tenant: string): Deployment[] {
    return (this.sql.list.all(tenant) as DeploymentRow[]).map(toDeployment)
  }

  markCancelled(key: DeploymentKey, change: Change): void {
    this.tell('cancelled', this.sql.markCancelled.run({ ...keyOf(key), ...change }).changes)
  }

  markTested(key: DeploymentKey, change: Change): void {
    this.tell('tested', this.sql.markTested.run({ ...keyOf(key), ...change }).changes)
  }

  /** Scheduled for scheduledDate, approved now (the change's date). */
  markScheduled(key: DeploymentKey, scheduledDate: string, change: Change): void {
    this.tell('scheduled', this.sql.markScheduled.run({ ...keyOf(key), ...change, scheduledDate }).changes)
  }

  markUnscheduled(key: DeploymentKey, change: Change): void {
    this.tell('unscheduled', this.sql.markUnscheduled.run({ ...keyOf(key), ...change }).changes)
  }

  markSent(key: DeploymentKey): void {
    this.tell('sent', this.sql.markSent.run(keyOf(key)).changes)
  }

  sendAllDue(tenant: string, now: string): void {
    this.tell('sent', this.sql.sendAllDue.run(tenant, now).changes)
  }

  /** Deployments by status, in every world but the boot copy. */
  countByStatus(): { status: string; count: number }[] {
    return this.sql.countByStatus.all() as { status: string; count: number }[]
  }

  private tell(transition: Transition, count: number): void {
    if (count > 0) this.changed?.(transition, count)
  }
}
