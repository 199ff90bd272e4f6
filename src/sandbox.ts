// The sandbox around the store: which world (tenant) a caller acts on, what time it is there, and
// how to put a world back to the boot fixtures.
import { createHash } from 'node:crypto'
import type { Config } from './config.js'
import type { Store } from './store.js'
import { SHARED } from './schema.sql.js'
import { parseVendorDate, vendorDateFormatter } from './time.js'

export { SHARED }

/** In isolation mode, `{AppId}+{anything}` is its own world with the grants of `{AppId}`. */
export const TENANT_SEPARATOR = '+'

/** A tenant key: never the app id itself, which must not reach the journal or logs. */
export const appKey = (appId: string): string => createHash('sha256').update(appId).digest('hex').slice(0, 32)

export class Sandbox {
  private readonly format: (instant: Date) => string
  /** True while a reset is rewriting state; readiness reports 503 then. */
  resetting = false

  constructor(
    readonly store: Store,
    private readonly config: Pick<Config, 'isolation' | 'timezone'>,
  ) {
    this.format = vendorDateFormatter(config.timezone)
  }

  get isolated(): boolean {
    return this.config.isolation === 'app-id'
  }

  /** The app id whose grants apply: in isolation mode, a suffixed id borrows its base's grants. */
  private grantHolder(appId: string): string {
    if (!this.isolated) return appId
    const at = appId.indexOf(TENANT_SEPARATOR)
    return at > 0 ? appId.slice(0, at) : appId
  }

  mayUse(appId: string, brand: string): boolean {
    return this.store.appHasBrand(this.grantHolder(appId), brand)
  }

  /** True if the app id is known at all (for scoping admin calls). */
  knows(appId: string): boolean {
    return this.store.appKnown(this.grantHolder(appId))
  }

  /** The world an app id acts on, created from the boot fixtures on first use. */
  enter(appId: string): string {
    if (!this.isolated) return SHARED
    const tenant = appKey(appId)
    this.store.ensureTenant(tenant)
    return tenant
  }

  private now(tenant: string): Date {
    return new Date(Date.now() + this.store.clockOffsetMs(tenant))
  }

  /** Now, as the vendor writes dates: wall-clock time in its zone. */
  nowText(tenant: string): string {
    return this.format(this.now(tenant))
  }

  parseDate(text: string): Date {
    return parseVendorDate(text, this.config.timezone)
  }

  /** Back to the boot fixtures: one tenant, or (without one) everything, apps included. */
  reset(tenant?: string): void {
    this.resetting = true
    try {
      if (tenant === undefined) this.store.replaceAll()
      else this.store.resetTenant(tenant)
    } finally {
      this.resetting = false
    }
  }
}
