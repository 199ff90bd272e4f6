// Reads that almost never change (app grants, whether any fault is set, a world's clock offset),
// kept in memory instead of asked of SQLite on every request. Each entry is what the database
// answered; all of them are dropped when the Database's generation moves (another process wrote
// the file, or this one wrote a cached table), so a cached answer is never staler than the
// database's own.
import type { Database } from './database.js'

/** Enough for every app id and world a test suite uses; a flood of made-up app ids only refills it. */
const MAX_ENTRIES = 10_000

export class ReadCache<K, V> {
  private readonly entries = new Map<K, V>()
  private generation = 0

  constructor(private readonly db: Database, private readonly read: (key: K) => V) {}

  get(key: K): V {
    if (this.generation !== this.db.generation) {
      this.entries.clear()
      this.generation = this.db.generation
    }
    const cached = this.entries.get(key)
    if (cached !== undefined || this.entries.has(key)) return cached as V
    const value = this.read(key)
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    this.entries.set(key, value)
    return value
  }
}
