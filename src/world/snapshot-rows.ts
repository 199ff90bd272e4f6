// The rows a snapshot copies, table by table, each into its twin `snapshot_{table}` and back, as
// INSERT … SELECT inside SQLite: no row passes through JavaScript on a take or a restore.
import type { Database } from '../db/database.js'
import type { Statement } from 'better-sqlite3'

/** A world's rows of a table: by its `tenant` column; faults by app scope; apps only in the shared mode. */
export type Owner = 'tenant' | 'fault' | 'app'

/** Every table a world's state lives in, and how its rows are told apart from other worlds'. */
export const SNAPSHOT_TABLES: readonly { table: string; owner: Owner; id?: string }[] = [
  { table: 'deployments', owner: 'tenant' },
  { table: 'track_numbers', owner: 'tenant' },
  { table: 'split_contents', owner: 'tenant' },
  { table: 'catalogue', owner: 'tenant' },
  { table: 'audience_lists', owner: 'tenant' },
  { table: 'audience_callbacks', owner: 'tenant', id: 'id' },
  { table: 'outbox', owner: 'tenant', id: 'seq' },
  { table: 'clocks', owner: 'tenant' },
  { table: 'faults', owner: 'fault', id: 'id' },
  { table: 'apps', owner: 'app' },
]

/**
 * Which rows are the world's. `@everything` is 1 in the shared mode, where the one world has every
 * fault and the apps; in isolation mode a world has the faults scoped to its app id (whose hash is its
 * tenant key) and no apps, which all worlds share.
 */
const OWNED: Record<Owner, string> = {
  tenant: 'tenant = @tenant',
  fault: '(@everything = 1 OR app_key = @tenant)',
  app: '@everything = 1',
}

export interface WorldOf {
  tenant: string
  everything: boolean
}

interface Bound {
  run(values: Record<string, unknown>): void
  all(values: Record<string, unknown>): unknown[]
}

/** A statement given only the named values it uses, of those passed (better-sqlite3 refuses others). */
function bound(db: Database, sql: string, raw = false): Bound {
  const statement: Statement = db.prepare(sql)
  if (raw) statement.raw(true)
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))]
  const pick = (values: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, values[n]]))
  return { run: (values) => { statement.run(pick(values)) }, all: (values) => statement.all(pick(values)) }
}

const params = (world: WorldOf, snapshot: number) =>
  ({ tenant: world.tenant, everything: world.everything ? 1 : 0, snapshot })

export class SnapshotTable {
  /** The table's columns; `exported` leaves out the tenant and the row id, which mean nothing elsewhere. */
  readonly columns: string[]
  readonly exported: string[]
  private readonly sql

  constructor(db: Database, readonly table: string, owner: Owner, id: string | undefined) {
    this.columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all() as string[])
    this.exported = this.columns.filter((c) => c !== 'tenant' && c !== id)
    const all = this.columns.join(', ')
    const into = this.columns.map((c) => (c === 'tenant' ? '@tenant' : c)).join(', ')
    const twin = `snapshot_${table}`
    this.sql = {
      take: bound(db, `INSERT INTO ${twin} (snapshot, ${all})
        SELECT @snapshot, ${all} FROM ${table} WHERE ${OWNED[owner]}`),
      clear: bound(db, `DELETE FROM ${table} WHERE ${OWNED[owner]}`),
      restore: bound(db, `INSERT INTO ${table} (${all}) SELECT ${into} FROM ${twin}
        WHERE snapshot = @snapshot ORDER BY rowid`),
      drop: bound(db, `DELETE FROM ${twin} WHERE snapshot = @snapshot`),
      rows: bound(db, `SELECT ${this.exported.join(', ')} FROM ${twin}
        WHERE snapshot = @snapshot ORDER BY rowid`, true),
      load: bound(db, `INSERT INTO ${twin} (snapshot, ${this.exported.join(', ')})
        VALUES (@snapshot, ${this.exported.map((_, i) => `@c${i}`).join(', ')})`),
    }
  }

  take(world: WorldOf, snapshot: number): void {
    this.sql.take.run(params(world, snapshot))
  }

  /** The world's rows replaced by the snapshot's. */
  restore(world: WorldOf, snapshot: number): void {
    this.sql.clear.run(params(world, snapshot))
    this.sql.restore.run(params(world, snapshot))
  }

  drop(snapshot: number): void {
    this.sql.drop.run({ snapshot })
  }

  /** The snapshot's rows as arrays of the exported columns, in the order they were taken. */
  rows(snapshot: number): unknown[][] {
    return this.sql.rows.all({ snapshot }) as unknown[][]
  }

  /** Rows of the exported columns into the twin, for a snapshot read from a file. */
  load(snapshot: number, rows: readonly unknown[][]): void {
    for (const row of rows) {
      this.sql.load.run(Object.fromEntries([['snapshot', snapshot], ...row.map((value, i) => [`c${i}`, value])]))
    }
  }
}

export const snapshotTables = (db: Database): SnapshotTable[] =>
  SNAPSHOT_TABLES.map(({ table, owner, id }) => new SnapshotTable(db, table, owner, id))
