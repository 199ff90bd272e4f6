// Named snapshots of a world, kept in the database beside it: taken and restored table by table in
// one transaction (the caller's), so processes sharing the file see one or the other world, never a
// mix. Names are per world: under isolation each app id's world has its own 'default'.
import type { Database } from '../db/database.js'
import { MIGRATIONS } from '../db/tables.js'
import type { SnapshotDocument, SnapshotInfo } from '../contract/snapshot.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { SNAPSHOT_FORMAT, digestOf, snapshotDocumentOf } from './snapshot-document.js'
import { snapshotTables, type SnapshotTable, type WorldOf } from './snapshot-rows.js'
import { DeploymentDelta, type DeploymentKeyText } from './snapshot-delta.js'

/** Each holds a whole world: enough for any suite, and a bound on what a loop of takes can fill. */
export const MAX_SNAPSHOTS = 1000

/** The schema this emulator's snapshots are taken with: how many migrations its database has had. */
export const SCHEMA_VERSION = MIGRATIONS.length

interface SnapshotRow {
  id: number
  name: string
  takenAt: string
  schemaVersion: number
  /** The journal's last seq when it was taken; null for a loaded one (its world's journal starts empty). */
  journalSeq: number | null
  deployments: number
  /** Where the deployment log stood when the world last matched it; null until it is restored once. */
  changeSeq: number | null
}

const info = ({ name, takenAt, schemaVersion, deployments, journalSeq }: SnapshotRow): SnapshotInfo =>
  ({ name, takenAt, schemaVersion, deployments, loaded: journalSeq === null })

export interface Restored {
  /** Where the world's journal stood; null for a loaded snapshot (its journal starts empty). */
  journalSeq: number | null
  info: SnapshotInfo
  /** The deployments put back, when only the changed ones were; null when all were. */
  changed: DeploymentKeyText[] | null
}

export class Snapshots {
  readonly tables: readonly SnapshotTable[]
  private readonly delta: DeploymentDelta
  private readonly sql

  constructor(db: Database) {
    this.tables = snapshotTables(db)
    this.delta = new DeploymentDelta(db, this.tables.find((t) => t.table === 'deployments')!.columns)
    const p = (sql: string) => db.prepare(sql)
    const columns = `id, name, taken_at AS takenAt, schema_version AS schemaVersion, journal_seq AS journalSeq,
      deployments, change_seq AS changeSeq`
    this.sql = {
      find: p(`SELECT ${columns} FROM snapshots WHERE tenant = @tenant AND name = @name`),
      list: p(`SELECT ${columns} FROM snapshots WHERE tenant = ? ORDER BY name`),
      count: p('SELECT count(*) FROM snapshots').pluck(),
      insert: p(`INSERT INTO snapshots (tenant, name, schema_version, taken_at, journal_seq, deployments)
        VALUES (@tenant, @name, @schemaVersion, @takenAt, @journalSeq, 0) RETURNING id`).pluck(),
      counted: p(`UPDATE snapshots SET deployments = (SELECT count(*) FROM snapshot_deployments WHERE snapshot = @id)
        WHERE id = @id`),
      delete: p('DELETE FROM snapshots WHERE id = ?'),
      matched: p('UPDATE snapshots SET change_seq = @seq WHERE id = @id'),
    }
  }

  private find(world: WorldOf, name: string): SnapshotRow | undefined {
    return this.sql.find.get({ tenant: world.tenant, name }) as SnapshotRow | undefined
  }

  private named(world: WorldOf, name: string): SnapshotRow {
    const row = this.find(world, name)
    if (row === undefined) throw new OmedaError(404, emulator.noSuchSnapshot(name))
    return row
  }

  /** A new snapshot row, over one of the same name. Call inside a transaction. */
  private create(world: WorldOf, name: string, journalSeq: number | null, takenAt: string): number {
    const replaced = this.find(world, name)
    if (replaced !== undefined) this.drop(replaced.id)
    else if ((this.sql.count.get() as number) >= MAX_SNAPSHOTS) {
      throw new OmedaError(409, emulator.tooManySnapshots(MAX_SNAPSHOTS))
    }
    const row = { tenant: world.tenant, name, schemaVersion: SCHEMA_VERSION, takenAt, journalSeq }
    return this.sql.insert.get(row) as number
  }

  private drop(id: number): void {
    for (const table of this.tables) table.drop(id)
    this.sql.delete.run(id)
  }

  private counted(id: number, world: WorldOf, name: string): SnapshotInfo {
    this.sql.counted.run({ id })
    return info(this.named(world, name))
  }

  /** Copies the world's rows under this name. Call inside a transaction, with the journal written. */
  take(world: WorldOf, name: string, journalSeq: number): SnapshotInfo {
    const id = this.create(world, name, journalSeq, new Date().toISOString())
    for (const table of this.tables) table.take(world, id)
    this.matched(id)
    return this.counted(id, world, name)
  }

  /**
   * Puts the snapshot's rows in place of the world's, and says where its journal stood. Refused for a
   * snapshot of another schema. Call inside a transaction.
   */
  restore(world: WorldOf, name: string): Restored {
    const row = this.named(world, name)
    if (row.schemaVersion !== SCHEMA_VERSION) {
      throw new OmedaError(409, emulator.snapshotVersion(name, row.schemaVersion, SCHEMA_VERSION))
    }
    const { id, changeSeq, deployments } = row
    const changed = changeSeq === null ? null : this.delta.restore(world.tenant, { id, since: changeSeq, deployments })
    this.wholesale(world.tenant, () => {
      for (const table of this.tables) if (changed === null || table.table !== 'deployments') table.restore(world, id)
    })
    this.matched(id)
    return { journalSeq: row.journalSeq, info: info(row), changed }
  }

  /** Runs work that replaces a world wholesale (every world without a tenant). Call inside a transaction. */
  wholesale<T>(tenant: string | null, work: () => T): T {
    return this.delta.wholesale(tenant, work)
  }

  /** The world matches the snapshot as of now: its next restore puts back what changes after. */
  private matched(id: number): void {
    this.sql.matched.run({ id, seq: this.delta.lastSeq() })
    this.delta.prune()
  }

  list(world: WorldOf): SnapshotInfo[] {
    return (this.sql.list.all(world.tenant) as SnapshotRow[]).map(info)
  }

  /** Forgets a snapshot; false if the world has none of that name. Call inside a transaction. */
  delete(world: WorldOf, name: string): boolean {
    const row = this.find(world, name)
    if (row !== undefined) this.drop(row.id)
    this.delta.prune()
    return row !== undefined
  }

  /** The snapshot as a document, for a file. */
  document(world: WorldOf, name: string): SnapshotDocument {
    const { id, takenAt, schemaVersion } = this.named(world, name)
    const tables = Object.fromEntries(this.tables.map((table) =>
      [table.table, { columns: table.exported, rows: table.rows(id) as SnapshotDocument['tables'][string]['rows'] }]))
    const digest = digestOf({ schemaVersion, tables })
    return { format: SNAPSHOT_FORMAT, schemaVersion, name, takenAt, tables, digest }
  }

  /** The parsed value as a document load() can take, or what is wrong with it in one line. */
  read(document: unknown): { document: SnapshotDocument } | { problem: string } {
    return snapshotDocumentOf(document, this.tables, SCHEMA_VERSION)
  }

  /** Stores a checked document as a snapshot of the world; restore() puts it in place. Call inside a transaction. */
  load(world: WorldOf, name: string, document: SnapshotDocument): SnapshotInfo {
    const id = this.create(world, name, null, document.takenAt)
    for (const table of this.tables) table.load(id, document.tables[table.table]!.rows)
    return this.counted(id, world, name)
  }
}
