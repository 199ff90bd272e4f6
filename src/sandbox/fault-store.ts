// Stored faults: their scope (brand, TrackId, endpoint, the hash of an app id), how many uses remain,
// how many matching calls a seeded one has drawn for, and their effect, encoded here and decoded
// here only. The active faults are matched in memory: a server with many faults that never match a
// call pays no SQL for it; only a fault that matches is taken in a transaction.
import { appKey } from '../app-key.js'
import type { Fault } from '../contract/admin.js'
import type { FaultEffect, FixtureFault } from '../contract/faults.js'
import type { OmedaEndpoint } from '../omeda/endpoints.js'
import type { Database } from '../db/database.js'
import { ReadCache } from '../db/read-cache.js'
import { drawsOf, fires, waitOf } from './fault-chance.js'

/** What an Omeda call is, for matching faults against it. */
export interface FaultTarget {
  brand: string
  trackId: string | null
  appId: string
  endpoint: string
}

/** A fault taken for one call: what it does, and how long it waits first. */
export interface TakenFault {
  id: number
  effect: FaultEffect
  waitMs: number
}

/** What the faults made of one call: the fault that fired, and those that matched but, by chance, did not. */
export interface FaultOutcome {
  fired?: TakenFault
  skipped: readonly { id: number; action: string }[]
}

interface FaultRow {
  id: number
  brand: string | null
  trackId: string | null
  endpoint: string | null
  appKey: string | null
  remaining: number | null
  spec: string
  createdAt: string
}

/** An active fault as matching needs it: its scope folded as SQLite's NOCASE folds, its effect parsed once. */
interface ActiveFault {
  id: number
  brand: string | null
  trackId: string | null
  endpoint: string | null
  appKey: string | null
  counted: boolean
  effect: FaultEffect
}

const COLUMNS = 'id, brand, track_id AS trackId, endpoint, app_key AS appKey, remaining, spec, created_at AS createdAt'
const NO_FAULTS: readonly ActiveFault[] = []
const NOTHING: FaultOutcome = { skipped: [] }
const NOT_ASCII = /[\u0080-\uffff]/
/** As NOCASE folds: A–Z only. On ASCII text that is toLowerCase, far cheaper than a replace per call. */
function fold(text: string | null): string | null {
  if (text === null) return null
  return NOT_ASCII.test(text) ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text.toLowerCase()
}

const view = (row: FaultRow): Fault => ({
  // Only names the table serves are stored: the admin API's schema
  // and the fixtures' check see to it.
  id: row.id, brand: row.brand, trackId: row.trackId, endpoint: row.endpoint as OmedaEndpoint | null,
  appScoped: row.appKey !== null, remaining: row.remaining, createdAt: row.createdAt,
  ...(JSON.parse(row.spec) as FaultEffect),
})

export class Faults {
  private readonly sql
  /** The active faults, oldest first: read again only when the faults change. */
  private readonly active: ReadCache<null, readonly ActiveFault[]>
  /** The faults a reset puts back: those the fixtures declare. */
  private boot: readonly FixtureFault[] = []
  /** App ids hashed once each: a scope by app id would otherwise cost every call a SHA-256. */
  private readonly keys: ReadCache<string, string>

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      insert: p(`INSERT INTO faults (brand, track_id, endpoint, app_key, remaining, spec, created_at)
        VALUES (@brand, @trackId, @endpoint, @appKey, @remaining, @spec, @createdAt)`),
      use: p('UPDATE faults SET remaining = remaining - 1 WHERE id = ? AND remaining > 0 RETURNING remaining').pluck(),
      draw: p('UPDATE faults SET draws = draws + 1 WHERE id = ? RETURNING draws - 1').pluck(),
      list: p(`SELECT ${COLUMNS} FROM faults WHERE remaining IS NULL OR remaining > 0 ORDER BY id`),
      delete: p('DELETE FROM faults WHERE id = ?'),
      clear: p('DELETE FROM faults'),
    }
    this.keys = new ReadCache(db, appKey)
    this.active = new ReadCache(db, () => {
      const rows = this.sql.list.all() as FaultRow[]
      if (rows.length === 0) return NO_FAULTS
      return rows.map((row) => ({
        id: row.id, brand: fold(row.brand), trackId: fold(row.trackId), endpoint: row.endpoint, appKey: row.appKey,
        counted: row.remaining !== null, effect: JSON.parse(row.spec) as FaultEffect,
      }))
    })
  }

  add({ brand, trackId, appId, endpoint, times, ...effect }: FixtureFault): Fault {
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
    return this.active.get(null).length > 0
  }

  /**
   * The oldest matching fault that fires, using up one of its remaining times; a seeded one counts
   * the draw in the database, so every process sharing it continues one sequence.
   */
  take({ brand, trackId, appId, endpoint }: FaultTarget): FaultOutcome {
    const candidates = this.matching(brand, trackId, appId, endpoint)
    if (candidates.length === 0) return NOTHING
    const decide = (): FaultOutcome => {
      const skipped: { id: number; action: string }[] = []
      for (const fault of candidates) {
        const { seed } = fault.effect
        const drawn = seed === undefined ? 0 : this.sql.draw.get(fault.id) as number | undefined
        // Removed by another process since this one last read the faults.
        if (drawn === undefined) continue
        const draws = drawsOf(seed, drawn)
        if (!fires(fault.effect, draws)) {
          skipped.push({ id: fault.id, action: fault.effect.action })
          continue
        }
        if (fault.counted) {
          const left = this.sql.use.get(fault.id) as number | undefined
          // Used up by another process since this one last read the faults.
          if (left === undefined) continue
          if (left === 0) this.db.invalidate()
        }
        const fired = { id: fault.id, effect: fault.effect, waitMs: waitOf(fault.effect, draws) }
        return { fired, skipped }
      }
      return { skipped }
    }
    // Only a count or a seed is written: an unseeded fault until removed is decided in memory.
    return candidates.some((f) => f.counted || f.effect.seed !== undefined) ? this.db.immediate(decide) : decide()
  }

  private matching(brand: string, trackId: string | null, appId: string, endpoint: string): ActiveFault[] {
    const active = this.active.get(null)
    if (active.length === 0) return []
    const foldedBrand = fold(brand)
    const foldedTrackId = fold(trackId)
    let key: string | undefined
    return active.filter((f) => (f.brand === null || f.brand === foldedBrand) &&
      (f.trackId === null || f.trackId === foldedTrackId) && (f.endpoint === null || f.endpoint === endpoint) &&
      (f.appKey === null || f.appKey === (key ??= this.keys.get(appId))))
  }

  list(): Fault[] {
    return (this.sql.list.all() as FaultRow[]).map(view)
  }

  remove(id: number): boolean {
    const removed = this.sql.delete.run(id).changes > 0
    this.db.invalidate()
    return removed
  }

  /** Keeps these faults as what a reset puts back; call before reset(). */
  declare(faults: readonly FixtureFault[]): void {
    this.boot = faults
  }

  /** Every fault gone, and those the fixtures declare added again. Call inside a transaction. */
  reset(): Fault[] {
    this.clear()
    return this.boot.map((spec) => this.add(spec))
  }

  clear(): void {
    this.sql.clear.run()
    this.db.invalidate()
  }
}
