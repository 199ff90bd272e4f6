// The index of deployment names for the Search API's DeploymentName filter: an FTS5 trigram table
// of each world's case-folded names, so "contains" finds its rows without reading every deployment
// of the brand. Deployments keeps it in step with the table; the boot copy is not indexed, and a
// new world is indexed on its first search by name (`tenants.names_indexed` says which are).
import type { Database } from '../db/database.js'

/** Trigrams: a filter shorter than this cannot use the index, and is matched by scanning instead. */
export const INDEXED_MIN_LENGTH = 3

/**
 * A filter as an FTS5 phrase: the text between double quotes, inner quotes doubled. None for a
 * filter the index cannot take: too short, or with a NUL (FTS5 reads a query only up to one).
 */
export const namePhrase = (folded: string): string | null =>
  [...folded].length >= INDEXED_MIN_LENGTH && !folded.includes('\u0000') ? `"${folded.replaceAll('"', '""')}"` : null

export class DeploymentNames {
  private readonly sql

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      indexWorld: p(`INSERT INTO deployment_names (tenant, brand, track_id, name)
        SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments
        WHERE tenant = ? AND deployment_name IS NOT NULL`),
      indexSome: p(`INSERT INTO deployment_names (tenant, brand, track_id, name)
        SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments
        WHERE tenant = @tenant AND deployment_name IS NOT NULL AND ${KEYS_IN}`),
      forgetWorld: p('DELETE FROM deployment_names WHERE tenant = ?'),
      forgetSome: p(`DELETE FROM deployment_names WHERE tenant = @tenant AND ${KEYS_IN}`),
      forgetEveryWorld: p('DELETE FROM deployment_names'),
      // Kept per world, as the names table can find a world's rows only by reading all of them.
      isIndexed: p('SELECT names_indexed FROM tenants WHERE tenant = ?').pluck(),
      markIndexed: p('UPDATE tenants SET names_indexed = 1 WHERE tenant = ?'),
      markUnindexed: p('UPDATE tenants SET names_indexed = 0 WHERE tenant = ?'),
    }
  }

  /**
   * True if the world's names are in the index. A world not (yet) in `tenants` counts as indexed, as
   * every world once was.
   */
  indexed(tenant: string): boolean {
    return this.sql.isIndexed.get(tenant) !== 0
  }

  /**
   * Indexes a world's names if they are not yet: on its first search by name, so that creating a
   * world copies rows and nothing more. Once per world, whichever process comes first.
   */
  ensureIndexed(tenant: string): void {
    if (this.indexed(tenant)) return
    this.db.immediate(() => {
      if (this.indexed(tenant)) return
      this.sql.indexWorld.run(tenant)
      this.sql.markIndexed.run(tenant)
    })
  }

  /**
   * Indexes these deployments' names afresh, after they were upserted (a world not yet indexed waits
   * for its first search).
   */
  reindex(tenant: string, keys: { Brand: string; TrackId: string }[]): void {
    if (!this.indexed(tenant)) return
    const parameters = { tenant, keys: JSON.stringify(keys.map(({ Brand, TrackId }) => keyText(Brand, TrackId))) }
    this.sql.forgetSome.run(parameters)
    this.sql.indexSome.run(parameters)
  }

  /** Forgets a world's names, before its deployments are deleted or replaced. */
  forgetWorld(tenant: string): void {
    if (this.indexed(tenant)) this.sql.forgetWorld.run(tenant)
  }

  /** Out of the index until its next search by name: before a world's rows are replaced wholesale. */
  unindexWorld(tenant: string): void {
    this.forgetWorld(tenant)
    this.sql.markUnindexed.run(tenant)
  }

  forgetEveryWorld(): void {
    this.sql.forgetEveryWorld.run()
  }
}

// Brand and TrackId compare ignoring ASCII case in the deployments table (COLLATE NOCASE): keys are
// matched on the same terms here, as one text.
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase())
const keyText = (brand: string, trackId: string) => `${asciiLower(brand)}\u0000${asciiLower(trackId)}`
const KEYS_IN = 'lower(brand) || char(0) || lower(track_id) IN (SELECT value FROM json_each(@keys))'
