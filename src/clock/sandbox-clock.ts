// The sandbox's now, per world: real time plus an offset kept in the database, so processes sharing
// a file agree on it. Moving it lets QA reach "already sent" without waiting.
import type { Database } from '../db/database.js'
import { ReadCache } from '../db/read-cache.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { CLOCK_RANGE, isValidVendorDate, parseVendorDate, vendorDateFormatter } from './vendor-time.js'

export class SandboxClock {
  private readonly sql
  private readonly format: (instant: Date) => string
  private readonly offsets: ReadCache<string, number>
  /** CLOCK_RANGE as instants in this zone. */
  private readonly earliest: number
  private readonly latest: number

  constructor(private readonly db: Database, readonly timeZone: string) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      offset: p('SELECT offset_ms FROM clocks WHERE tenant = ?').pluck(),
      set: p('INSERT OR REPLACE INTO clocks (tenant, offset_ms) VALUES (?, ?)'),
      clear: p('DELETE FROM clocks WHERE (? IS NULL OR tenant = ?)'),
    }
    this.format = vendorDateFormatter(timeZone)
    this.offsets = new ReadCache(db, (tenant) => (this.sql.offset.get(tenant) as number | undefined) ?? 0)
    this.earliest = parseVendorDate(CLOCK_RANGE.earliest, timeZone)!.getTime()
    this.latest = parseVendorDate(CLOCK_RANGE.latest, timeZone)!.getTime()
  }

  offsetMs(tenant: string): number {
    return this.offsets.get(tenant)
  }

  /**
   * Now in a world, as the vendor writes dates: wall-clock time in its zone. Kept within CLOCK_RANGE
   * even for an offset stored by an older version or as real time runs on past the end.
   */
  nowText(tenant: string): string {
    return this.format(new Date(this.nowMs(tenant)))
  }

  /** Now in a world as an instant (ms since the epoch), within CLOCK_RANGE. */
  nowMs(tenant: string): number {
    return Math.min(Math.max(Date.now() + this.offsetMs(tenant), this.earliest), this.latest)
  }

  /** An instant as the vendor writes dates in this clock's zone; past CLOCK_RANGE, its last second. */
  textOf(instantMs: number): string {
    return this.format(new Date(Math.min(instantMs, this.latest)))
  }

  /** Moves a world's now to a vendor date (`yyyy-MM-dd HH:mm:ss` in the vendor's zone); 400 for one it cannot be. */
  setNow(tenant: string, vendorDate: string): void {
    if (!isValidVendorDate(vendorDate)) throw new OmedaError(400, emulator.invalidClock(vendorDate))
    if (vendorDate < CLOCK_RANGE.earliest || vendorDate > CLOCK_RANGE.latest) {
      throw new OmedaError(400, emulator.clockOutOfRange(`'${vendorDate}'`, CLOCK_RANGE, this.timeZone))
    }
    const instant = parseVendorDate(vendorDate, this.timeZone)
    if (instant === null) throw new OmedaError(400, emulator.clockSkipped(vendorDate, this.timeZone))
    this.store(tenant, instant.getTime() - Date.now())
  }

  /** Moves a world's now by an offset from real time; 400 if it would leave CLOCK_RANGE. */
  setOffsetSeconds(tenant: string, seconds: number): void {
    const offsetMs = Math.round(seconds * 1000)
    const instant = Date.now() + offsetMs
    if (!(instant >= this.earliest && instant <= this.latest)) {
      throw new OmedaError(400, emulator.clockOutOfRange(`an offset of ${seconds} seconds`, CLOCK_RANGE, this.timeZone))
    }
    this.store(tenant, offsetMs)
  }

  private store(tenant: string, offsetMs: number): void {
    this.sql.set.run(tenant, offsetMs)
    this.db.invalidate()
  }

  /** Back to real time: one world, or (without one) every world. */
  clear(tenant?: string): void {
    this.sql.clear.run(tenant ?? null, tenant ?? null)
    this.db.invalidate()
  }
}
