// A restore of only the deployments that changed: while any snapshot exists, triggers note each
// deployment written (tables.ts, migration 9), and a snapshot remembers where that log stood when it
// last matched its world. Copying 100,000 deployments back costs some 200 ms in SQLite; the few a
// test changed cost well under one.
import type { Database } from '../db/database.js'
import { DEPLOYMENT_LOG, DEPLOYMENT_LOG_TRIGGERS } from '../db/snapshot-schema.js'

/** Past this share of the world's deployments, copying them all back is as quick and simpler. */
const DELTA_SHARE = 0.25

export interface DeploymentKeyText {
  Brand: string
  TrackId: string
}

export class DeploymentDelta {
  private readonly sql

  /** `columns`: the deployments table's, in order; `tenant` among them is written as the world's. */
  constructor(private readonly db: Database, columns: readonly string[]) {
    const p = (sql: string) => db.prepare(sql)
    const changed = 'SELECT DISTINCT brand, track_id FROM deployment_changes WHERE tenant = @tenant AND seq > @since'
    const chosen = columns.map((c) => (c === 'tenant' ? '@tenant' : `s.${c}`)).join(', ')
    this.sql = {
      lastSeq: p("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'deployment_changes'), 0)").pluck(),
      count: p('SELECT count(*) FROM deployment_changes WHERE tenant = @tenant AND seq > @since').pluck(),
      keys: p(`SELECT brand AS Brand, track_id AS TrackId FROM (${changed})`),
      clear: p(`DELETE FROM deployments WHERE tenant = @tenant AND (brand, track_id) IN (${changed})`),
      // CROSS JOIN keeps the changed keys outermost: each is one lookup in the snapshot's key index.
      restore: p(`INSERT INTO deployments (${columns.join(', ')}) SELECT ${chosen}
        FROM (${changed}) c CROSS JOIN snapshot_deployments s
        ON s.snapshot = @snapshot AND s.brand = c.brand COLLATE NOCASE AND s.track_id = c.track_id COLLATE NOCASE`),
      unmatch: p('UPDATE snapshots SET change_seq = NULL WHERE @tenant IS NULL OR tenant = @tenant'),
      prune: p(`DELETE FROM deployment_changes WHERE seq <= coalesce(
        (SELECT min(change_seq) FROM snapshots WHERE change_seq IS NOT NULL),
        (SELECT max(seq) FROM deployment_changes))`),
    }
  }

  /** Where the log stands: a snapshot taken or restored now matches its world up to here. */
  lastSeq(): number {
    return this.sql.lastSeq.get() as number
  }

  /**
   * Puts back the deployments changed since `since`, as the snapshot holds them, and names them; null
   * (nothing done) when so many changed that the caller should copy them all.
   */
  restore(tenant: string, snapshot: { id: number; since: number; deployments: number }): DeploymentKeyText[] | null {
    const { since } = snapshot
    const changes = this.sql.count.get({ tenant, since }) as number
    if (changes > DELTA_SHARE * snapshot.deployments) return null
    const keys = this.sql.keys.all({ tenant, since }) as DeploymentKeyText[]
    this.sql.clear.run({ tenant, since })
    this.sql.restore.run({ tenant, since, snapshot: snapshot.id })
    return keys
  }

  /**
   * Runs work that replaces a world's deployments wholesale (every world's, without a tenant), unlogged:
   * each of its snapshots then copies them all back on its next restore. Call inside a transaction.
   */
  wholesale<T>(tenant: string | null, work: () => T): T {
    this.db.exec(DEPLOYMENT_LOG_TRIGGERS.map((name) => `DROP TRIGGER deployments_${name};`).join('\n'))
    const result = work()
    this.db.exec(DEPLOYMENT_LOG)
    this.sql.unmatch.run({ tenant })
    return result
  }

  /** Forgets what no snapshot needs: the log before the oldest place any of them stands. */
  prune(): void {
    this.sql.prune.run()
  }
}
