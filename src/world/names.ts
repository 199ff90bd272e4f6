// The index of deployment names for the Search API's DeploymentName filter: an FTS5 trigram table
// of each world's case-folded names, so "contains" finds its rows without reading every deployment
// of the brand. Deployments keeps it in step with the table; the boot copy is not indexed.
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

  constructor(db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      indexWorld: p(`INSERT INTO deployment_names (tenant, brand, track_id, name)
        SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments INDEXED BY deployments_named
        WHERE tenant = ? AND deployment_name IS NOT NULL`),
      indexSome: p(`INSERT INTO deployment_names (tenant, brand, track_id, name)
        SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments
        WHERE tenant = @tenant AND deployment_name IS NOT NULL AND ${KEYS_IN}`),
      forgetWorld: p('DELETE FROM deployment_names WHERE tenant = ?'),
      forgetSome: p(`DELETE FROM deployment_names WHERE tenant = @tenant AND ${KEYS_IN}`),
      forgetEveryWorld: p('DELETE FROM deployment_names'),
      // A world has indexed names exactly when it has named deployments; this asks the deployments'
      // index, as the names table can find a world's rows only by reading all of them.
      hasNames: p(`SELECT 1 FROM deployments INDEXED BY deployments_named WHERE tenant = ? AND deployment_name IS NOT NULL LIMIT 1`).pluck(),
    }
  }

  /** True if the world has names indexed: ask before its deployments change. */
  indexed(tenant: string): boolean {
    return this.sql.hasNames.get(tenant) === 1
  }

  /** Indexes a world's names afresh, after its deployments were replaced; `indexed` as it was before. */
  reindexWorld(tenant: string, indexed: boolean): void {
    if (indexed) this.sql.forgetWorld.run(tenant)
    this.sql.indexWorld.run(tenant)
  }

  /** Indexes these deployments' names afresh, after they were upserted. */
  reindex(tenant: string, keys: { Brand: string; TrackId: string }[]): void {
    const parameters = { tenant, keys: JSON.stringify(keys.map(({ Brand, TrackId }) => keyText(Brand, TrackId))) }
    this.sql.forgetSome.run(parameters)
    this.sql.indexSome.run(parameters)
  }

  /** Forgets a world's names; `indexed` as it was before its deployments were deleted. */
  forgetWorld(tenant: string, indexed: boolean): void {
    if (indexed) this.sql.forgetWorld.run(tenant)
  }

  forgetEveryWorld(): void {
    this.sql.forgetEveryWorld.run()
  }
}

// Brand and TrackId compare ignoring ASCII case in the deployments table (COLLATE NOCASE): keys are
// matched on the same terms here, as one text.
const keyText = (brand: string, trackId: string) => `${brand.replace(/[A-Z]/g, (c) => c.toLowerCase())}\u0000${trackId.replace(/[A-Z]/g, (c) => c.toLowerCase())}`
const KEYS_IN = "lower(brand) || char(0) || lower(track_id) IN (SELECT value FROM json_each(@keys))"
