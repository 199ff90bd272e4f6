// The boot world: the fixtures this process started with, kept in the database as what a reset and
// every new world start from, with a digest that tells whether the stored world was built from them.
import { createHash } from 'node:crypto'
import type { Database } from '../db/database.js'
import type { FixtureWorld } from '../seed/format.js'
import type { AudienceLists } from './audience-lists.js'
import type { Catalogue } from './catalogue.js'
import type { Deployments } from './deployments.js'
import { BOOT } from './world-rows.js'
import { SHARED, type Tenancy } from './tenancy.js'

export class BootWorld {
  private readonly sql
  private digest = ''

  constructor(
    private readonly db: Database, private readonly deployments: Deployments, private readonly catalogue: Catalogue,
    private readonly tenancy: Tenancy, private readonly audiences: AudienceLists
  ) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      deleteBootApps: p('DELETE FROM boot_apps'),
      insertBootApp: p('INSERT OR IGNORE INTO boot_apps (app_id, brand) VALUES (?, ?)'),
      bootApps: p('SELECT app_id AS AppId, brand FROM boot_apps ORDER BY app_id, brand'),
      worldDigest: p("SELECT value FROM meta WHERE key = 'world_digest'").pluck(),
      setWorldDigest: p("INSERT OR REPLACE INTO meta (key, value) VALUES ('world_digest', ?)"),
    }
  }

  /** Keeps these fixtures as what every reset and every new world starts from. */
  set(world: FixtureWorld): void {
    this.digest = createHash('sha256').update(JSON.stringify(world)).digest('hex')
    this.db.immediate(() => {
      this.sql.deleteBootApps.run()
      this.deployments.deleteWorld(BOOT)
      this.catalogue.deleteWorld(BOOT)
      for (const app of world.apps) for (const brand of app.Brands) this.sql.insertBootApp.run(app.AppId, brand)
      this.deployments.put(BOOT, world.deployments)
      this.catalogue.put(BOOT, world, world.deployments)
    })
  }

  /** True when the stored world was last built from the fixtures given to set(). */
  servedWorldIsBoot(): boolean {
    return this.sql.worldDigest.get() === this.digest
  }

  /** Apps, the shared world and no other: as the boot fixtures say. Call inside a transaction. */
  replaceEveryWorld(): void {
    this.tenancy.forgetAll()
    this.deployments.deleteEveryWorld()
    this.catalogue.deleteEveryWorld()
    this.audiences.deleteEveryWorld()
    this.build()
  }

  /**
   * Builds the world from the boot fixtures if the database holds none; false if it does, changing
   * nothing but giving the worlds written before the catalogue existed one.
   */
  buildIfEmpty(): boolean {
    return this.db.immediate(() => {
      if (this.deployments.count() > 0 || this.tenancy.hasApps()) {
        this.catalogue.fillWorldsWithout()
        return false
      }
      this.build()
      return true
    })
  }

  /** Puts one world's deployments back to the boot ones. Call inside a transaction. */
  resetWorld(tenant: string): void {
    this.deployments.deleteWorld(tenant)
    this.catalogue.deleteWorld(tenant)
    this.audiences.deleteWorld(tenant)
    this.tenancy.createWorld(tenant)
  }

  private build(): void {
    const rows = this.sql.bootApps.all() as { AppId: string; brand: string }[]
    this.tenancy.addApps(rows.map(({ AppId, brand }) => ({ AppId, Brands: [brand] })))
    this.tenancy.createWorld(SHARED)
    this.sql.setWorldDigest.run(this.digest)
  }
}
