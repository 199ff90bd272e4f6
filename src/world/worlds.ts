// Opens worlds as of their now (world.ts): the one place that sends what is due before it is read.
import type { SandboxClock } from '../clock/sandbox-clock.js'
import type { Database } from '../db/database.js'
import type { ModificationEntry } from '../contract/omeda.js'
import type { FixtureDeployment } from '../seed/format.js'
import type { AudienceStore } from './audience-record.js'
import type { CatalogueReads } from './catalogue-reads.js'
import type { Catalogue } from './catalogue.js'
import type { Deployment, DeploymentKey, SearchHit, SearchQuery } from './deployment-record.js'
import type { DeploymentSearch } from './deployment-search.js'
import type { Deployments } from './deployments.js'
import type { Outbox } from './outbox-store.js'
import type { World } from './world.js'

/** A Scheduled deployment whose time has come is Sent, as of its ScheduledDate. */
export const isDue = (d: Deployment, now: string): boolean =>
  d.Status === 'Scheduled' && d.ScheduledDate !== null && d.ScheduledDate <= now

class WorldAtNow implements World {
  private reads: CatalogueReads | undefined

  constructor(
    private readonly db: Database,
    readonly changes: Deployments,
    private readonly store: Catalogue,
    private readonly deploymentSearch: DeploymentSearch,
    readonly audiences: AudienceStore,
    readonly audienceLoadSeconds: number,
    private readonly clock: SandboxClock,
    readonly outbox: Outbox,
    readonly tenant: string,
    private readonly nowMs: number,
    readonly submissionId: string | null
  ) {
    this.now = clock.textOf(nowMs)
    this.timeZone = clock.timeZone
  }

  readonly now: string
  readonly timeZone: string

  later(seconds: number): string {
    return this.clock.textOf(this.nowMs + seconds * 1000)
  }

  get contents() {
    return this.changes.contents
  }

  /** Made on first use: most calls (cancel, lookup, search…) never read the catalogue. */
  get catalogue(): CatalogueReads {
    this.reads ??= this.store.reads(this.tenant)
    return this.reads
  }

  key(brand: string, trackId: string): DeploymentKey {
    return { tenant: this.tenant, brand, trackId }
  }

  /**
   * A due deployment is sent in one transaction with its outbox entries, both guarded by its status:
   * two readers sending it at once, in one process or two, send it once.
   */
  find(brand: string, trackId: string): Deployment | undefined {
    const key = this.key(brand, trackId)
    const deployment = this.changes.find(key, this.now)
    if (!deployment || !isDue(deployment, this.now)) return deployment
    this.atomically(() => {
      this.outbox.clockSends(this.tenant, this.now, this.submissionId, key)
      this.changes.markSent(key)
    })
    return this.changes.find(key, this.now)
  }

  list(): Deployment[] {
    this.sendAllDue()
    return this.changes.list(this.tenant, this.now)
  }

  search(query: Omit<SearchQuery, 'tenant'>): SearchHit[] {
    this.sendAllDue()
    return this.deploymentSearch.find({ ...query, tenant: this.tenant })
  }

  sendDue(): void {
    this.sendAllDue()
  }

  /** A read of an index first: most reads find nothing due, and then take no write lock. */
  private sendAllDue(): void {
    if (!this.changes.anyDue(this.tenant, this.now)) return
    this.atomically(() => {
      this.outbox.clockSends(this.tenant, this.now, this.submissionId)
      this.changes.sendAllDue(this.tenant, this.now)
    })
  }

  create(deployment: FixtureDeployment): boolean {
    return this.changes.create(this.tenant, deployment)
  }

  createNumbered(deployment: Omit<FixtureDeployment, 'TrackId'>, history: ModificationEntry[]): string {
    // The day in the vendor's zone, as `now` is.
    const day = `${this.now.slice(2, 4)}${this.now.slice(5, 7)}${this.now.slice(8, 10)}`
    return this.changes.createNumbered(this.tenant, `${deployment.Brand.toUpperCase()}${day}`, deployment, history)
  }

  replace(deployment: FixtureDeployment, history: ModificationEntry[]): void {
    this.changes.replace(this.tenant, deployment, history)
  }

  atomically<T>(work: () => T): T {
    return this.db.atomically(work)
  }
}

export class Worlds {
  constructor(
    private readonly db: Database,
    private readonly deployments: Deployments,
    private readonly catalogue: Catalogue,
    private readonly deploymentSearch: DeploymentSearch,
    private readonly clock: SandboxClock,
    private readonly audiences: AudienceStore,
    private readonly audienceLoadSeconds: number,
    private readonly outbox: Outbox
  ) {}

  /** The world of a tenant as of its now, serving the journaled Omeda call `submissionId` (none: an admin call). */
  at(tenant: string, submissionId: string | null = null): World {
    return new WorldAtNow(
      this.db, this.deployments, this.catalogue, this.deploymentSearch, this.audiences, this.audienceLoadSeconds,
      this.clock, this.outbox, tenant, this.clock.nowMs(tenant), submissionId
    )
  }
}
