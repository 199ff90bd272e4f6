// The sandbox's now, per world: real time plus an offset kept in the database, so processes sharing
// a file agree on it. Moving it lets QA reach "already sent" without waiting.
import type { Database } from '../db/database.js'
import { ReadCache } from '../db/read-cache.js'
import { parseVendorDate, vendorDateFormatter } from './vendor-time.js'

export class SandboxClock {
  private readonly sql
  private readonly format: (instant: Date) => string
  private readonly offsets: ReadCache<string, number>

  constructor(private readonly db: Database, readonly timeZone: string) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      offset: p('SELECT offset_ms FROM clocks WHERE tenant = ?').pluck(),
      set: p('INSERT OR REPLACE INTO clocks (tenant, offset_ms) VALUES (?, ?)'),
      clear: p('DELETE FROM clocks WHERE (? IS NULL OR tenant = ?)'),
    }
    this.format = vendorDateFormatter(timeZone)
    this.offsets = new ReadCache(db, (tenant) => (this.sql.offset.get(tenant) as number | undefined) ?? 0)
  }

  offsetMs(tenant: string): number {
    return this.offsets.get(tenant)
  }

  /** Now in a world, as the vendor writes dates: wall-clock time in its zone. */
  nowText(tenant: string): string {
    return this.format(new Date(Date.now() + this.offsetMs(tenant)))
  }

  /** Moves a world's now to a vendor date (`yyyy-MM-dd HH:mm:ss` in the vendor's zone). */
  setNow(tenant: string, vendorDate: string): void {
    this.sql.set.run(tenant, parseVendorDate(vendorDate, this.timeZone).getTime() - Date.now())
    this.db.invalidate()
  }

  setOffsetSeconds(tenant: string, seconds: number): void {
    this.sql.set.run(tenant, Math.round(seconds * 1000))
    this.db.invalidate()
  }

  /** Back to real time: one world, or (without one) every world. */
  clear(tenant?: string): void {
    this.sql.clear.run(tenant ?? null, tenant ?? null)
    this.db.invalidate()
  }
}
