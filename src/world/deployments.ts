// The deployments table: every world's deployments, and the boot copy ('#boot') that resets and
// new worlds start from. Only storage lives here; the vendor's rules are in rules.ts.
import type { Database } from '../db/database.js'
import type { DeploymentStatus, FixtureDeployment } from '../seed/format.js'

export const BOOT = '#boot'

export interface Deployment extends Required<Omit<FixtureDeployment, 'AuthorizedUserIds'>> {
  AuthorizedUserIds: string[]
  Status: DeploymentStatus
}

/** Which deployment: its world (tenant), brand and TrackId. */
export interface DeploymentKey {
  tenant: string
  brand: string
  trackId: string
}

const COLUMNS = `
  brand AS Brand, track_id AS TrackId, deployment_name AS DeploymentName, owner_user_id AS OwnerUserId,
  authorized_user_ids AS AuthorizedUserIds, final_approver_user_id AS FinalApproverUserId,
  created_by AS CreatedBy, created_date AS CreatedDate, status AS Status, scheduled_date AS ScheduledDate,
  sent_date AS SentDate, cancelled_date AS CancelledDate, cancelled_by AS CancelledBy`
const STORED_COLUMNS = `brand, track_id, deployment_name, owner_user_id, authorized_user_ids,
  final_approver_user_id, created_by, created_date, status, scheduled_date, sent_date, cancelled_date, cancelled_by`

type DeploymentRow = Omit<Deployment, 'AuthorizedUserIds'> & { AuthorizedUserIds: string }
const toDeployment = (row: DeploymentRow): Deployment => ({ ...row, AuthorizedUserIds: JSON.parse(row.AuthorizedUserIds) as string[] })

export class Deployments {
  private readonly sql

  constructor(db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      count: p(`SELECT count(*) FROM deployments WHERE tenant <> '${BOOT}'`).pluck(),
      countWorld: p('SELECT count(*) FROM deployments WHERE tenant = ?').pluck(),
      put: p(`
        INSERT OR REPLACE INTO deployments (tenant, ${STORED_COLUMNS})
        VALUES (@tenant, @Brand, @TrackId, @DeploymentName, @OwnerUserId, @AuthorizedUserIds, @FinalApproverUserId,
          @CreatedBy, @CreatedDate, @Status, @ScheduledDate, @SentDate, @CancelledDate, @CancelledBy)`),
      copyBoot: p(`INSERT OR REPLACE INTO deployments (tenant, ${STORED_COLUMNS})
        SELECT ?, ${STORED_COLUMNS} FROM deployments WHERE tenant = '${BOOT}'`),
      deleteWorld: p('DELETE FROM deployments WHERE tenant = ?'),
      deleteEveryWorld: p(`DELETE FROM deployments WHERE tenant <> '${BOOT}'`),
      find: p(`SELECT ${COLUMNS} FROM deployments WHERE tenant = ? AND brand = ? AND track_id = ?`),
      list: p(`SELECT ${COLUMNS} FROM deployments WHERE tenant = ? ORDER BY brand, track_id`),
      markCancelled: p(`UPDATE deployments SET status = 'Cancelled', cancelled_date = ?, cancelled_by = ?
        WHERE tenant = ? AND brand = ? AND track_id = ?`),
      // Guarded by the status, so two readers sending one deployment at once change it once.
      markSent: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date
        WHERE tenant = ? AND brand = ? AND track_id = ? AND status = 'Scheduled'`),
      // rules.isDue, for a whole world in one statement (an export of a million must not loop in JS).
      sendAllDue: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date
        WHERE tenant = ? AND status = 'Scheduled' AND scheduled_date <= ?`),
    }
  }

  /** Deployments in every world but the boot copy. */
  count(): number {
    return this.sql.count.get() as number
  }

  countWorld(tenant: string): number {
    return this.sql.countWorld.get(tenant) as number
  }

  put(tenant: string, deployments: FixtureDeployment[]): void {
    for (const d of deployments) {
      this.sql.put.run({
        DeploymentName: null, FinalApproverUserId: null, CreatedBy: null, CreatedDate: null,
        ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null,
        ...d, tenant, AuthorizedUserIds: JSON.stringify(d.AuthorizedUserIds ?? []),
      })
    }
  }

  /** Gives a world the boot deployments (over any it holds with the same keys). */
  copyBootInto(tenant: string): void {
    this.sql.copyBoot.run(tenant)
  }

  deleteWorld(tenant: string): void {
    this.sql.deleteWorld.run(tenant)
  }

  deleteEveryWorld(): void {
    this.sql.deleteEveryWorld.run()
  }

  find({ tenant, brand, trackId }: DeploymentKey): Deployment | undefined {
    const row = this.sql.find.get(tenant, brand, trackId) as DeploymentRow | undefined
    return row && toDeployment(row)
  }

  list(tenant: string): Deployment[] {
    return (this.sql.list.all(tenant) as DeploymentRow[]).map(toDeployment)
  }

  markCancelled({ tenant, brand, trackId }: DeploymentKey, cancelledDate: string, cancelledBy: string): void {
    this.sql.markCancelled.run(cancelledDate, cancelledBy, tenant, brand, trackId)
  }

  markSent({ tenant, brand, trackId }: DeploymentKey): void {
    this.sql.markSent.run(tenant, brand, trackId)
  }

  sendAllDue(tenant: string, now: string): void {
    this.sql.sendAllDue.run(tenant, now)
  }
}
