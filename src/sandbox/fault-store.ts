// Stored faults: their scope (brand, TrackId, endpoint, the hash of an app id), how many uses remain, and
// their effect, encoded here and decoded here only.
import { appKey } from '../app-key.js'
import type { Fault, FaultEffect, FaultSpec } from '../contract/admin.js'
import type { OmedaEndpoint } from '../omeda/endpoints.js'
import type { Database } from '../db/database.js'
import { ReadCache } from '../db/read-cache.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'

/** What an Omeda call is, for matching faults against it. */
export interface FaultTarget {
  brand: string
  trackId: string | null
  appId: string
  endpoint: string
}

/** A fault taken for one call. */
export interface TakenFault {
  id: number
  effect: FaultEffect
}

interface FaultRow {
  id: number
  brand: string | null
  trackId: string | null
  endpoint: OmedaEndpoint | null
  appKey: string | null
  remaining: number | null
  spec: string
  createdAt: string
}

const COLUMNS = 'id, brand, track_id AS trackId, endpoint, app_key AS appKey, remaining, spec, created_at AS createdAt'

/** A fault that would do nothing, or could not, is a mistake in the test: say which field it needs. */
export function checkFaultSpec({ action, delayMs, delayMaxMs }: FaultSpec): void {
  if (action === 'delay' && delayMs === undefined) {
    throw new OmedaError(400, emulator.faultNeeds('delayMs', "a 'delay' fault waits that many milliseconds"))
  }
  if (delayMaxMs === undefined) return
  if (delayMs === undefined) {
    throw new OmedaError(
      400,
      emulator.faultNeeds('delayMs', "'delayMaxMs' is the top of a random wait that starts at 'delayMs'")
    )
  }
  if (delayMs > delayMaxMs) throw new OmedaError(400, emulator.badRequest('delayMaxMs must not be less than delayMs'))
}

const view = (row: FaultRow): Fault => ({
  id: row.id, brand: row.brand, trackId: row.trackId, endpoint: row.endpoint, appScoped: row.appKey !== null,
  remaining: row.remaining, createdAt: row.createdAt, ...(JSON.parse(row.spec) as FaultEffect),
})

export class Faults {
  private readonly sql
  /** Whether any fault is active: asked on every Omeda call, true only while a test injects faults. */
  private readonly active: ReadCache<null, boolean>

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      insert: p(`INSERT INTO faults (brand, track_id, endpoint, app_key, remaining, spec, created_at)
        VALUES (@brand, @trackId, @endpoint, @appKey, @remaining, @spec, @createdAt)`),
      matching: p(`SELECT ${COLUMNS} FROM faults
        WHERE (brand IS NULL OR brand = @brand) AND (track_id IS NULL OR track_id = @trackId)
          AND (app_key IS NULL OR app_key = @appKey)
          AND (endpoint IS NULL OR endpoint = @endpoint) AND (remaining IS NULL OR remaining > 0)
        ORDER BY id LIMIT 1`),
      any: p('SELECT 1 FROM faults WHERE remaining IS NULL OR remaining > 0 LIMIT 1').pluck(),
      use: p('UPDATE faults SET remaining = remaining - 1 WHERE id = ? AND remaining IS NOT NULL'),
      list: p(`SELECT ${COLUMNS} FROM faults WHERE remaining IS NULL OR remaining > 0 ORDER BY id`),
      delete: p('DELETE FROM faults WHERE id = ?'),
      clear: p('DELETE FROM faults'),
    }
    this.active = new ReadCache(db, () => this.sql.any.get() === 1)
  }

  add({ brand, trackId, appId, endpoint, times, ...effect }: FaultSpec): Fault {
    const row = {
      brand: brand ?? null, trackId: trackId ?? null, endpoint: endpoint ?? null,
      appKey: appId === undefined ? null : appKey(appId),
      remaining: times ?? null, spec: JSON.stringify(effect), createdAt: new Date().toISOString(),
    }
    const id = Number(this.sql.insert.run(row).lastInsertRowid)
    this.db.invalidate()
    return view({ id, ...row })
  }

  /** True if any fault is active; answered from memory until the faults change. */
  any(): boolean {
    return this.active.get(null)
  }

  /** Takes the oldest fault that matches, using up one of its remaining times. */
  take({ brand, trackId, appId, endpoint }: FaultTarget): TakenFault | undefined {
    return this.db.immediate(() => {
      const row = this.sql.matching.get({ brand, trackId, endpoint, appKey: appKey(appId) }) as FaultRow | undefined
      if (!row) return undefined
      if (this.sql.use.run(row.id).changes > 0) this.db.invalidate()
      return { id: row.id, effect: JSON.parse(row.spec) as FaultEffect }
    })
  }

  list(): Fault[] {
    return (this.sql.list.all() as FaultRow[]).map(view)
  }

  remove(id: number): boolean {
    const removed = this.sql.delete.run(id).changes > 0
    this.db.invalidate()
    return removed
  }

  clear(): void {
    this.sql.clear.run()
    this.db.invalidate()
  }
}
