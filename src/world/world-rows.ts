// A table that keeps rows per world (its `tenant` column), the boot copy ('#boot') among them when
// new worlds start from it: the three statements every such table needs, made once here.
import type { Database } from '../db/database.js'

/** The world the fixtures loaded at start: what a reset and every new world start from. */
export const BOOT = '#boot'

export class WorldRows {
  private readonly sql

  /** `copied`: the columns a new world takes from the boot copy; null for a table without boot rows. */
  constructor(db: Database, table: string, copied: string | null) {
    this.sql = {
      copyBoot: copied === null
        ? null
        : db.prepare(`INSERT OR REPLACE INTO ${table} (tenant, ${copied})
          SELECT ?, ${copied} FROM ${table} WHERE tenant = '${BOOT}'`),
      deleteWorld: db.prepare(`DELETE FROM ${table} WHERE tenant = ?`),
      deleteEveryWorld: db.prepare(`DELETE FROM ${table} WHERE tenant <> '${BOOT}'`),
    }
  }

  /** Gives a world the boot rows, over any it holds with the same keys. */
  copyBootInto(tenant: string): void {
    this.sql.copyBoot?.run(tenant)
  }

  deleteWorld(tenant: string): void {
    this.sql.deleteWorld.run(tenant)
  }

  /** Every world's rows but the boot copy. */
  deleteEveryWorld(): void {
    this.sql.deleteEveryWorld.run()
  }
}
