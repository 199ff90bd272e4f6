// Who may act where: app ids and the brands they are granted, and which world (tenant) a caller
// acts on. In isolation mode each app id has its own world, created from the boot deployments on
// first use, and `{AppId}+{anything}` is a world of its own with the grants of `{AppId}`. Their number
// is capped: each holds a copy of the boot deployments, so made-up app ids could fill the disk.
import { appKey } from '../app-key.js'
import type { Database } from '../db/database.js'
import { ReadCache } from '../db/read-cache.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { FixtureApp } from '../seed/format.js'
import type { Catalogue } from './catalogue.js'
import type { Deployments } from './deployments.js'

/** The tenant key of the one world of the shared mode. */
export const SHARED = ''
export const TENANT_SEPARATOR = '+'
export type Isolation = 'shared' | 'app-id'

/**
 * What a client gets when a new world would pass the cap: 503, as the emulator (the service) cannot
 * take it on until someone resets it or raises the cap; the request itself is not at fault (a 4xx
 * would say it was), and unlike a rate limit (429) waiting alone does not help.
 */
export const TOO_MANY_WORLDS_STATUS = 503

export class Tenancy {
  private readonly sql
  /** Whether an app id (its grant holder) may use a brand, keyed `{holder}\n{brand}` (a header holds no newline). */
  private readonly grants: ReadCache<string, boolean>
  /** The worlds already created, by app id (isolation mode only). */
  private readonly worlds: ReadCache<string, string>

  constructor(private readonly db: Database, private readonly deployments: Deployments,
    private readonly catalogue: Catalogue, readonly isolation: Isolation, private readonly maxWorlds: number) {
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      countAppIds: p('SELECT count(DISTINCT app_id) FROM apps').pluck(),
      insertApp: p('INSERT OR IGNORE INTO apps (app_id, brand) VALUES (?, ?)'),
      listApps: p('SELECT app_id AS AppId, brand FROM apps ORDER BY app_id, brand'),
      appHasBrand: p('SELECT 1 FROM apps WHERE app_id = ? AND brand = ?').pluck(),
      appKnown: p('SELECT 1 FROM apps WHERE app_id = ? LIMIT 1').pluck(),
      brandReachable: p('SELECT 1 FROM apps WHERE brand = ? LIMIT 1').pluck(),
      tenantKnown: p('SELECT 1 FROM tenants WHERE tenant = ?').pluck(),
      tenants: p('SELECT tenant FROM tenants ORDER BY tenant').pluck(),
      countWorlds: p(`SELECT count(*) FROM tenants WHERE tenant <> '${SHARED}'`).pluck(),
      // A world just (re)built from the boot rows: its names are not indexed yet (names.ts).
      addTenant: p(`INSERT INTO tenants (tenant, names_indexed) VALUES (?, 0)
        ON CONFLICT (tenant) DO UPDATE SET names_indexed = 0`),
      deleteTenants: p('DELETE FROM tenants'),
      deleteApps: p('DELETE FROM apps'),
    }
    this.grants = new ReadCache(db, (key) => {
      const at = key.indexOf('\n')
      return this.sql.appHasBrand.get(key.slice(0, at), key.slice(at + 1)) === 1
    })
    // A refusal throws, so it is not cached: the next request asks again (a reset may have freed a slot).
    this.worlds = new ReadCache(db, (appId) => {
      const tenant = appKey(appId)
      if (this.sql.tenantKnown.get(tenant) !== 1) {
        this.db.immediate(() => {
          if (this.sql.tenantKnown.get(tenant) === 1) return
          // Counted in the transaction that creates the world: processes sharing the file hold to one cap.
          if ((this.sql.countWorlds.get() as number) >= this.maxWorlds) {
            throw new OmedaError(TOO_MANY_WORLDS_STATUS, emulator.tooManyWorlds(this.maxWorlds))
          }
          this.createWorld(tenant)
        })
      }
      return tenant
    })
  }

  get isolated(): boolean {
    return this.isolation === 'app-id'
  }

  /** The app id whose grants apply: in isolation mode, a suffixed id borrows its base's grants. */
  private grantHolder(appId: string): string {
    if (!this.isolated) return appId
    const at = appId.indexOf(TENANT_SEPARATOR)
    return at > 0 ? appId.slice(0, at) : appId
  }

  mayUse(appId: string, brand: string): boolean {
    const holder = this.grantHolder(appId)
    return this.grants.get(`${holder}\n${brand}`)
  }

  /** True if the app id is known at all (for scoping admin calls). */
  knows(appId: string): boolean {
    return this.sql.appKnown.get(this.grantHolder(appId)) === 1
  }

  /** True if some app is granted the brand. */
  brandReachable(brand: string): boolean {
    return this.sql.brandReachable.get(brand) === 1
  }

  /** The world an app id acts on, created from the boot deployments on first use; an OmedaError past the cap. */
  enter(appId: string): string {
    return this.isolated ? this.worlds.get(appId) : SHARED
  }

  /** A world with the boot deployments and catalogue (over any it holds with the same keys). */
  createWorld(tenant: string): void {
    this.deployments.copyBootInto(tenant)
    this.catalogue.copyBootInto(tenant)
    this.sql.addTenant.run(tenant)
    this.db.invalidate()
  }

  /** No apps and no worlds: the start of a rebuild. Call inside a transaction. */
  /** Every world there is: the shared one, and in isolation mode one per app id that has called. */
  worldKeys(): string[] {
    return this.sql.tenants.all() as string[]
  }

  forgetAll(): void {
    this.sql.deleteApps.run()
    this.sql.deleteTenants.run()
    this.db.invalidate()
  }

  addApps(apps: FixtureApp[]): void {
    for (const app of apps) for (const brand of app.Brands) this.sql.insertApp.run(app.AppId, brand)
    this.db.invalidate()
  }

  listApps(): FixtureApp[] {
    const byApp = new Map<string, string[]>()
    for (const { AppId, brand } of this.sql.listApps.all() as { AppId: string; brand: string }[]) {
      byApp.set(AppId, [...(byApp.get(AppId) ?? []), brand])
    }
    return [...byApp].map(([AppId, Brands]) => ({ AppId, Brands }))
  }

  hasApps(): boolean {
    return this.countAppIds() > 0
  }

  /** Distinct app ids: the count that `validate-fixtures` and the export agree on. */
  countAppIds(): number {
    return this.sql.countAppIds.get() as number
  }
}
