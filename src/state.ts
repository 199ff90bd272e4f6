// The emulator's state on one database: each concern's module, and the two operations that span
// them: building the served world at start, and a reset.
import type { Config } from './config.js'
import { SandboxClock } from './clock/sandbox-clock.js'
import { Database } from './db/database.js'
import { Faults } from './sandbox/fault-store.js'
import { EventHub, outboxEvents, submissionEvent } from './sandbox/event-hub.js'
import { Journal } from './sandbox/journal.js'
import { Metrics } from './sandbox/metrics.js'
import type { FixtureWorld } from './seed/format.js'
import { AudienceLists } from './world/audience-lists.js'
import { BootWorld } from './world/boot.js'
import { Catalogue } from './world/catalogue.js'
import { Deployments } from './world/deployments.js'
import { DeploymentSearch } from './world/deployment-search.js'
import { Outbox } from './world/outbox-store.js'
import { SHARED, Tenancy } from './world/tenancy.js'
import { Worlds } from './world/worlds.js'
import { Snapshots } from './world/snapshots.js'
import type { WorldOf } from './world/snapshot-rows.js'
import type { SnapshotInfo } from './contract/snapshot.js'
import type { Submission } from './contract/admin.js'
import { ENDPOINT_NAMES } from './omeda/endpoints.js'
import { emulator } from './messages.js'
import { OmedaError } from './omeda-error.js'
import { SnapshotFileError } from './seed/snapshot-file.js'

export interface State {
  db: Database
  deployments: Deployments
  catalogue: Catalogue
  audiences: AudienceLists
  /** Every email the real service would have sent. */
  outbox: Outbox
  search: DeploymentSearch
  tenancy: Tenancy
  /** Each world as of its now: how the surfaces read and change deployments. */
  worlds: Worlds
  boot: BootWorld
  snapshots: Snapshots
  clock: SandboxClock
  journal: Journal
  faults: Faults
  events: EventHub
  /** Null when turned off (OMEDA_METRICS=false). */
  metrics: Metrics | null
}

/** What start-up serves: the fixtures, or the world a file database already held. */
export interface Served {
  world: 'fixtures' | 'stored'
  /** The fixtures differ from those the stored world was built from. */
  fixturesChanged: boolean
}

export function openState(
  config: Pick<Config,
    'db' | 'journalLimit' | 'journalBodyLimit' | 'isolation' | 'maxWorlds' | 'timezone' | 'metrics' | 'busyTimeout' |
    'audienceLoadSeconds'>,
  onJournalLost: (error: Error) => void
): State {
  const db = new Database(config.db, config.busyTimeout)
  try {
    // Each module is told at construction who hears of its changes: the metrics count them, the
    // event hub streams the journal's rows. The metrics read the journal and deployments only
    // when scraped, after both are made.
    const events = new EventHub()
    const metrics = config.metrics
      ? new Metrics(ENDPOINT_NAMES, {
        deploymentsByStatus: () => deployments.countByStatus(),
        journalRows: () => journal.count({}),
        journalDropped: () => journal.dropped,
        eventConsumers: () => events.consumers,
      })
      : null
    const deployments: Deployments =
      new Deployments(db, metrics && ((transition, count) => metrics.transition(transition, count)))
    const journal: Journal = new Journal(db, config.journalLimit, config.journalBodyLimit, {
      lost: onJournalLost,
      recorded: metrics && ((row) => metrics.answered(row.Endpoint, row.StatusCode, faultLabel(row))),
      written: (rows, seqs) => {
        if (events.listening) rows.forEach((row, i) => events.publish(submissionEvent({ ...row, Seq: seqs[i]! })))
      },
    })
    // A brand no entry lists still exists when an app is granted it (the catalogue asks tenancy).
    const catalogue: Catalogue = new Catalogue(db, (brand) => tenancy.brandReachable(brand))
    const tenancy = new Tenancy(db, deployments, catalogue, config.isolation, config.maxWorlds)
    const clock = new SandboxClock(db, config.timezone)
    const search = new DeploymentSearch(db)
    const audiences = new AudienceLists(db)
    const outbox = new Outbox(db, {
      listening: () => events.listening,
      written: (written) => { for (const event of outboxEvents(written)) events.publish(event) },
    })
    const worlds = new Worlds(db, deployments, catalogue, search, clock, audiences, config.audienceLoadSeconds, outbox)
    return {
      db, deployments, catalogue, audiences, outbox, search, tenancy, worlds,
      boot: new BootWorld(db, deployments, catalogue, tenancy, audiences), snapshots: new Snapshots(db), clock,
      journal, faults: new Faults(db),
      events, metrics,
    }
  } catch (error) {
    db.close()
    throw error
  }
}

/** How the metrics name a journaled answer's fault. */
const faultLabel = ({ FaultId, SkippedFaultId }: Pick<Submission, 'FaultId' | 'SkippedFaultId'>) =>
  FaultId !== null ? 'injected' : SkippedFaultId !== null ? 'skipped' : 'none'

/** Back to the boot fixtures: one world (its deployments, journal, outbox and clock), or everything. */
export function reset(state: State, tenant?: string): void {
  const { db, boot, journal, clock, faults, outbox, snapshots } = state
  // journal.clear writes the pending rows first, inside this transaction, then deletes them.
  db.immediate(() => {
    if (tenant !== undefined) {
      snapshots.wholesale(tenant, () => boot.resetWorld(tenant))
    } else {
      snapshots.wholesale(null, () => boot.replaceEveryWorld())
      faults.reset()
    }
    journal.clear(tenant)
    outbox.clear(tenant)
    clock.clear(tenant)
  })
}

/** A world as snapshots see it: in the shared mode it also holds every fault and the apps. */
export const worldOf = (state: State, tenant: string): WorldOf => ({ tenant, everything: !state.tenancy.isolated })

/** Copies a world under a name, with where its journal stands. */
export function takeSnapshot(state: State, tenant: string, name: string): SnapshotInfo {
  const { db, journal, snapshots } = state
  return db.immediate(() => snapshots.take(worldOf(state, tenant), name, journal.lastSeq()))
}

/**
 * Puts a world back as the snapshot holds it, in one transaction: a request is answered from the
 * world before or the world after, and its journal row is kept or cut with it.
 */
export function restoreSnapshot(state: State, tenant: string, name: string): SnapshotInfo {
  const { db, journal, snapshots, deployments } = state
  const restored = db.immediate(() => {
    journal.flush()
    const { journalSeq, info, changed } = snapshots.restore(worldOf(state, tenant), name)
    if (changed === null) deployments.unindexNames(tenant)
    else deployments.reindexNames(tenant, changed)
    journal.cutBack(tenant, journalSeq)
    return info
  })
  // The grants, faults and clock this process keeps in memory are read again.
  db.invalidate()
  return restored
}

/**
 * Stores a checked snapshot document in a world, under `name` or its own; what is wrong with one is
 * thrown as `refused` makes it (an answer at run time, one line at start).
 */
function storeDocument(
  state: State, tenant: string, name: string | undefined, document: unknown, refused: (problem: string) => Error
): SnapshotInfo {
  const read = state.snapshots.read(document)
  if ('problem' in read) throw refused(read.problem)
  const world = worldOf(state, tenant)
  return state.db.immediate(() => state.snapshots.load(world, name ?? read.document.name, read.document))
}

/** Stores a snapshot document (a file's) under a name in a world; 400 with the reason if it cannot be. */
export const loadSnapshot = (state: State, tenant: string, name: string, document: unknown): SnapshotInfo =>
  storeDocument(state, tenant, name, document, (problem) => new OmedaError(400, emulator.badSnapshot(problem)))

/** The world as a snapshot file holds it, at start: the file is kept under its name, and restored. */
export function serveSnapshot(state: State, file: string, document: unknown): void {
  const { name } = storeDocument(state, SHARED, undefined, document, (problem) => new SnapshotFileError(file, problem))
  restoreSnapshot(state, SHARED, name)
}

/** Keeps the fixtures as the boot world and serves them, unless a file database holds a world (and no reseed). */
export function serve(state: State, fixtures: FixtureWorld, reseed: boolean): Served {
  state.boot.set(fixtures)
  const declared = fixtures.faults ?? []
  state.faults.declare(declared)
  if (reseed) reset(state)
  // A world built from the fixtures starts with their faults, in the transaction that builds it; a
  // stored one keeps its own, and so do the faults of fixtures that declare none.
  const built = reseed || state.db.immediate(() => {
    const fresh = state.boot.buildIfEmpty()
    if (fresh && declared.length > 0) state.faults.reset()
    return fresh
  })
  const world = built ? 'fixtures' : 'stored'
  return { world, fixturesChanged: !state.boot.servedWorldIsBoot() }
}

/** What the shared world serves: distinct app ids, and its deployments. */
export function servedCounts(state: State): { apps: number; deployments: number } {
  return { apps: state.tenancy.countAppIds(), deployments: state.deployments.countWorld(SHARED) }
}

export function closeState(state: State): void {
  try {
    state.journal.flush()
  } finally {
    state.db.close()
  }
}
