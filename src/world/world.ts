// One world as of its sandbox now, as the Omeda surface's handlers and the rules see it. A Scheduled
// deployment whose time has come is Sent before anyone reads it: a read of one deployment sends that
// one, a list or a search sends the world's (worlds.ts does it, and nothing else does).
import type { ModificationEntry } from '../contract/omeda.js'
import type { FixtureDeployment } from '../seed/format.js'
import type { AudienceStore } from './audience-record.js'
import type { CatalogueReads } from './catalogue-reads.js'
import type { Deployment, DeploymentChanges, DeploymentKey, SearchHit, SearchQuery } from './deployment-record.js'
import type { ContentStore, OutboxWriter } from './send-record.js'

export interface World {
  readonly tenant: string
  /** The world's now in the vendor's form, `yyyy-MM-dd HH:mm:ss`, fixed for this call. */
  readonly now: string
  /** The zone the world's dates are in (the sandbox clock's). */
  readonly timeZone: string
  /** Its reference data: accounts, deployment types, billing categories, recommendation behaviors. */
  readonly catalogue: CatalogueReads
  /** The store's changes, for the rules. */
  readonly changes: DeploymentChanges
  /** The audience lists of every world (the rules name this one's by its tenant). */
  readonly audiences: AudienceStore
  /** Seconds of this clock an added audience takes to load. */
  readonly audienceLoadSeconds: number
  /** The world's now moved on by some seconds, in the vendor's form. */
  later: (seconds: number) => string
  /** Each split's content (the content page), by deployment key. */
  readonly contents: ContentStore
  /** Every email the real service would have sent (outbox-store.ts). */
  readonly outbox: OutboxWriter
  /** The journaled Omeda call this world serves; null for an admin call. Outbox entries name it. */
  readonly submissionId: string | null
  key: (brand: string, trackId: string) => DeploymentKey
  /** One deployment as of now. */
  find: (brand: string, trackId: string) => Deployment | undefined
  /** Sends what is due (list and search do it first): a read of what the sends made, the outbox, comes after it. */
  sendDue: () => void
  /** Every deployment of the world as of now, by brand and TrackId. */
  list: () => Deployment[]
  /** The Search API's query over one brand as of now. */
  search: (query: Omit<SearchQuery, 'tenant'>) => SearchHit[]
  /** Adds a deployment; false, and nothing changed, when the brand already has its TrackId. */
  create: (deployment: FixtureDeployment) => boolean
  /**
   * Adds a deployment under its brand's next TrackId of the day, `{BRAND}{yyMMdd}{nnn}` by the
   * world's now, and returns the TrackId. Call atomically.
   */
  createNumbered: (deployment: Omit<FixtureDeployment, 'TrackId'>, history: ModificationEntry[]) => string
  /** Writes a changed deployment over the stored one with its key. */
  replace: (deployment: FixtureDeployment, history: ModificationEntry[]) => void
  /** Runs a check-and-change so that concurrent calls, in this process or another on the same file, see each other. */
  atomically: <T>(work: () => T) => T
}
