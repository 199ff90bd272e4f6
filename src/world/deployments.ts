// The deployments table: every world's deployments, and the boot copy ('#boot') that resets and
// new worlds start from. Only storage lives here; the vendor's rules are in rules.ts and
// deployment-edits.ts.
import type { ModificationEntry } from '../contract/omeda.js'
import type { Change, Deployment, DeploymentChanges, DeploymentKey, Transition } from './deployment-record.js'
import type { Database } from '../db/database.js'
import {
  DEPLOYMENT_COLUMNS, STORED_COLUMNS, STORED_VALUES, storedRow, toDeployment, type DeploymentRow,
} from './deployment-rows.js'
import { DeploymentNames } from './names.js'
import { SplitContents } from './split-contents.js'
import type { FixtureDeployment } from '../seed/format.js'

import { BOOT, WorldRows } from './world-rows.js'

export type { Change, Deployment, DeploymentKey, Transition } from './deployment-record.js'

/** Appends one entry to the stored ModificationHistory. */
const logged = (description: string, by: string, date: string) =>
  "history = json_insert(history, '$[#]', json_object('ChangeDescription', " +
    `'${description}', 'ChangedBy', ${by}, 'ChangedDate', ${date}))`
/** Only the key's own fields: statements refuse named values they do not use. */
const keyOf = ({ tenant, brand, trackId }: DeploymentKey): DeploymentKey => ({ tenant, brand, trackId })
const KEY = 'tenant = @tenant AND brand = @brand AND track_id = @trackId'
/** What an update writes over: every stored column but the audience's, which its lists keep (audience-lists.ts). */
const REPLACED = STORED_COLUMNS.split(',').map((c) => c.trim())
  .filter((c) => c !== 'recipient_count' && c !== 'has_audience').map((c) => `${c} = excluded.${c}`).join(', ')

export class Deployments implements DeploymentChanges {
  private readonly sql
  private readonly names: DeploymentNames
  /** Each split's content (the content page), kept with the deployments it belongs to. */
  readonly contents: SplitContents
  /** Hears of each stored change and how many deployments it changed (the metrics). */
  /** The deployments and the last TrackId numbers, per world. */
  private readonly rows: WorldRows
  private readonly numbers: WorldRows

  constructor(db: Database, private readonly changed: ((transition: Transition, count: number) => void) | null = null) {
    this.rows = new WorldRows(db, 'deployments', STORED_COLUMNS)
    this.numbers = new WorldRows(db, 'track_numbers', null)
    this.names = new DeploymentNames(db)
    this.contents = new SplitContents(db)
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      count: p(`SELECT count(*) FROM deployments WHERE tenant <> '${BOOT}'`).pluck(),
      countWorld: p('SELECT count(*) FROM deployments WHERE tenant = ?').pluck(),
      countByStatus: p(`SELECT status, count(*) AS count FROM deployments WHERE tenant <> '${BOOT}' GROUP BY status`),
      put: p(`INSERT OR REPLACE INTO deployments (tenant, ${STORED_COLUMNS}) VALUES ${STORED_VALUES}`),
      replace: p(`INSERT INTO deployments (tenant, ${STORED_COLUMNS}) VALUES ${STORED_VALUES}
        ON CONFLICT DO UPDATE SET ${REPLACED}`),
      create: p(`INSERT INTO deployments (tenant, ${STORED_COLUMNS}) VALUES ${STORED_VALUES} ON CONFLICT DO NOTHING`),
      find: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE ${KEY}`).raw(),
      list: p(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE tenant = @tenant ORDER BY brand, track_id`).raw(),
      addSplit: p(`UPDATE deployments SET settings = json_set(settings, '$.SplitCount', @splits) WHERE ${KEY}`),
      // The largest number after a day's prefix among a brand's TrackIds ('~' sorts after every digit
      // and letter), leading zeros dropped: found by SQLite, so no TrackId crosses into JavaScript.
      lastOfDay: p(`SELECT ltrim(substr(track_id, length(@prefix) + 1), '0') AS n FROM deployments
        WHERE tenant = @tenant AND brand = @brand AND track_id > @prefix AND track_id < @prefix || '~'
          AND substr(track_id, length(@prefix) + 1) NOT GLOB '*[^0-9]*'
        ORDER BY length(n) DESC, n DESC LIMIT 1`).pluck(),
      // What the last create of a world's brand day took: found once a day, then counted on, so
      // thousands of creates a day cost each what the first did. Forgotten when the world's
      // deployments are written otherwise (a seed, a reset), so the next create finds it anew.
      lastNumber: p('SELECT last FROM track_numbers WHERE tenant = @tenant AND brand = @brand AND prefix = @prefix')
        .pluck(),
      setLastNumber: p(`INSERT INTO track_numbers (tenant, brand, prefix, last) VALUES (@tenant, @brand, @prefix, @last)
        ON CONFLICT DO UPDATE SET last = excluded.last`),
      markCancelled: p(`UPDATE deployments SET status = 'Cancelled', cancelled_date = @date, cancelled_by = @by,
        ${logged('Deployment cancelled', '@by', '@date')} WHERE ${KEY}`),
      markTested: p(`UPDATE deployments SET test_sent = 1, ${logged('Test sent', '@by', '@date')} WHERE ${KEY}`),
      markScheduled: p(`UPDATE deployments SET status = 'Scheduled', scheduled_date = @scheduledDate,
        approval_date = @date, ${logged('Deployment scheduled', '@by', '@date')} WHERE ${KEY}`),
      markUnscheduled: p(`UPDATE deployments SET status = 'New', scheduled_date = NULL, approval_date = NULL,
        ${logged('Deployment unscheduled', '@by', '@date')} WHERE ${KEY}`),
      noteChange: p(`UPDATE deployments SET history = json_insert(history, '$[#]', json_object(
        'ChangeDescription', @description, 'ChangedBy', @by, 'ChangedDate', @date)) WHERE ${KEY}`),
      // Guarded by the status, so two readers sending one deployment at once change it once.
      markSent: p(`UPDATE deployments SET status = 'Sent', sent_date = scheduled_date,
        ${logged('Deployment sent', "'system'", 'scheduled_date')} WHERE ${KEY} AND status = 'Scheduled'`),
      // Whether sendAllDue would send anything (the index of scheduled deployments answers it).
      anyDue: p(`SELECT 1 FROM deployments WHERE tenant = ? AND tenant <> '${BOOT}' AND status = 'Scheduled'
        AND scheduled_date <= ? LIMIT 1`).pluck(),
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
    this.numbers.deleteWorld(tenant)
    const count = this.sql.create.run(storedRow(tenant, deployment)).changes
    if (count === 1 && tenant !== BOOT) this.names.reindex(tenant, [deployment])
    this.tell('created', count)
    return count === 1
  }

  /**
   * Adds a deployment under the next free TrackId `{prefix}{nnn}` of its world and brand (prefix:
   * `{BRAND}{yyMMdd}`), with this history. Call inside a transaction: the TrackIds read are then
   * the ones there are, in this process and any other on the same file.
   */
  createNumbered(tenant: string, prefix: string, deployment: Omit<FixtureDeployment, 'TrackId'>,
    history: ModificationEntry[]): string {
    const day = { tenant, brand: deployment.Brand, prefix }
    // A BigInt: a number past 2^53 in a fixture's TrackId is still followed by the next one.
    let next = BigInt((this.sql.lastNumber.get(day) ?? this.sql.lastOfDay.get(day) ?? '') as string) + 1n
    for (;;) {
      const TrackId = `${prefix}${String(next).padStart(3, '0')}`
      const row = storedRow(tenant, { ...deployment, TrackId }, history)
      if (this.sql.create.run(row).changes === 1) {
        this.sql.setLastNumber.run({ ...day, last: String(next) })
        this.names.reindex(tenant, [{ ...deployment, TrackId }])
        this.tell('created', 1)
        return TrackId
      }
      next++
    }
  }

  /** Writes a deployment over the stored one with its key, with this history (an update's change). */
  replace(tenant: string, deployment: FixtureDeployment, history: ModificationEntry[]): void {
    this.sql.replace.run(storedRow(tenant, deployment, history))
    this.names.reindex(tenant, [deployment])
    this.tell('updated', 1)
  }

  /** Stores the deployments, each over any with the same key (the fixtures' and the admin seed's upsert). */
  put(tenant: string, deployments: FixtureDeployment[]): void {
    // TrackIds written here are counted by the next create of their day, which finds its number anew.
    if (tenant !== BOOT) this.numbers.deleteWorld(tenant)
    for (const d of deployments) this.sql.put.run(storedRow(tenant, d))
    this.contents.seed(tenant, deployments)
    if (tenant !== BOOT) this.names.reindex(tenant, deployments)
  }

  /**
   * Gives a world the boot deployments (over any it holds with the same keys): one INSERT…SELECT.
   * Its names are indexed on its first search by name; the caller marks them not indexed.
   */
  copyBootInto(tenant: string): void {
    this.names.forgetWorld(tenant)
    this.rows.copyBootInto(tenant)
    this.contents.copyBootInto(tenant)
  }

  deleteWorld(tenant: string): void {
    if (tenant !== BOOT) this.names.forgetWorld(tenant)
    this.rows.deleteWorld(tenant)
    this.numbers.deleteWorld(tenant)
    this.contents.deleteWorld(tenant)
  }

  /** Before a snapshot's rows replace the world's: its names are indexed again on its next search by name. */
  unindexNames(tenant: string): void {
    this.names.unindexWorld(tenant)
  }

  /** After a snapshot put these deployments back: their names indexed afresh, if the world's are. */
  reindexNames(tenant: string, keys: { Brand: string; TrackId: string }[]): void {
    this.names.reindex(tenant, keys)
  }

  deleteEveryWorld(): void {
    this.rows.deleteEveryWorld()
    this.numbers.deleteEveryWorld()
    this.contents.deleteEveryWorld()
    this.names.forgetEveryWorld()
  }

  /** A deployment as of a world's now (`yyyy-MM-dd HH:mm:ss`): an audience still loading is none yet. */
  find(key: DeploymentKey, now: string): Deployment | undefined {
    const row = this.sql.find.get({ ...keyOf(key), now }) as DeploymentRow | undefined
    return row && toDeployment(row)
  }

  list(tenant: string, now: string): Deployment[] {
    return (this.sql.list.all({ tenant, now }) as DeploymentRow[]).map(toDeployment)
  }

  /** Gives the deployment a split more (an audience added to the split after its last). */
  setSplitCount(key: DeploymentKey, splits: number): void {
    this.sql.addSplit.run({ ...keyOf(key), splits })
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

  /** Appends one entry to a deployment's ModificationHistory (a change kept elsewhere, such as its content). */
  noteChange(key: DeploymentKey, description: string, change: Change): void {
    this.sql.noteChange.run({ ...keyOf(key), ...change, description })
  }

  markSent(key: DeploymentKey): void {
    this.tell('sent', this.sql.markSent.run(keyOf(key)).changes)
  }

  anyDue(tenant: string, now: string): boolean {
    return this.sql.anyDue.get(tenant, now) === 1
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
