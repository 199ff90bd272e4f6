// One world as of its sandbox now: the one way the Omeda and admin surfaces read and change
// deployments. A Scheduled deployment whose time has come is Sent before anyone reads it, here and
// nowhere else: a read of one deployment sends that one, a list or a search sends the world's.
import type { SandboxClock } from '../clock/sandbox-clock.js'
import type { Database } from '../db/database.js'
import type { FixtureDeployment } from '../seed/format.js'
import type { DeploymentSearch, SearchHit, SearchQuery } from './deployment-search.js'
import type { Deployment, DeploymentKey, Deployments } from './deployments.js'

/** A Scheduled deployment whose time has come is Sent, as of its ScheduledDate. */
export const isDue = (d: Deployment, now: string): boolean => d.Status === 'Scheduled' &&
  d.ScheduledDate !== null && d.ScheduledDate <= now

export class World {
  constructor(
    private readonly db: Database,
    /** The store, for the rules' changes; reads go through find, list and search. */
    readonly deployments: Deployments,
    private readonly deploymentSearch: DeploymentSearch,
    readonly tenant: string,
    /** The world's now in the vendor's form, `yyyy-MM-dd HH:mm:ss`, fixed for this call. */
    readonly now: string
  ) {}

  key(brand: string, trackId: string): DeploymentKey {
    return { tenant: this.tenant, brand, trackId }
  }

  /**
   * One deployment as of now. Needs no transaction: sending a due deployment is idempotent and
   * guarded by its status.
   */
  find(brand: string, trackId: string): Deployment | undefined {
    const key = this.key(brand, trackId)
    const deployment = this.deployments.find(key)
    if (!deployment || !isDue(deployment, this.now)) return deployment
    this.deployments.markSent(key)
    return this.deployments.find(key)
  }

  /** Every deployment of the world as of now, by brand and TrackId. */
  list(): Deployment[] {
    this.deployments.sendAllDue(this.tenant, this.now)
    return this.deployments.list(this.tenant)
  }

  /** The Search API's query over one brand as of now. */
  search(query: Omit<SearchQuery, 'tenant'>): SearchHit[] {
    this.deployments.sendAllDue(this.tenant, this.now)
    return this.deploymentSearch.find({ ...query, tenant: this.tenant })
  }

  /** Adds a deployment; false, and nothing changed, when the brand already has its TrackId. */
  create(deployment: FixtureDeployment): boolean {
    return this.deployments.create(this.tenant, deployment)
  }

  /** Runs a check-and-change so that concurrent calls, in this process or another on the same file, see each other. */
  atomically<T>(work: () => T): T {
    return this.db.atomically(work)
  }
}

/** Opens worlds as of their now. */
export class Worlds {
  constructor(
    private readonly db: Database,
    private readonly deployments: Deployments,
    private readonly deploymentSearch: DeploymentSearch,
    private readonly clock: SandboxClock
  ) {}

  at(tenant: string): World {
    return new World(this.db, this.deployments, this.deploymentSearch, tenant, this.clock.nowText(tenant))
  }
}
