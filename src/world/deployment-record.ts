// What a deployment is to the rest of the emulator, and to the handlers of the Omeda surface:
// its record, its key, a change and a search. Types only: nothing here reaches the database, so the
// package's public types do not either.
import type { ModificationEntry } from '../contract/omeda.js'
import type { DeploymentStatus, FixtureDeployment } from '../seed/format.js'

/** A stored deployment: every fixture field with its default applied, and its history. */
export interface Deployment extends Required<Omit<FixtureDeployment, 'AuthorizedUserIds' | 'Splits'>> {
  AuthorizedUserIds: string[]
  Status: DeploymentStatus
  ModificationHistory: ModificationEntry[]
}

/** Which deployment: its world (tenant), brand and TrackId. */
export interface DeploymentKey {
  tenant: string
  brand: string
  trackId: string
}

/** What a stored change did, for whoever counts them (the metrics). */
export type Transition = 'created' | 'updated' | 'cancelled' | 'tested' | 'scheduled' | 'unscheduled' | 'sent'

/** A change by someone at some time, for the deployment's ModificationHistory. */
export interface Change {
  by: string
  date: string
}

/**
 * A search, every field null when it does not restrict. Text is case folded (foldCase); dates are
 * `yyyy-MM-dd HH:mm`.
 */
export interface SearchQuery {
  tenant: string
  brand: string
  name: string | null
  trackId: string | null
  person: string | null
  statuses: string[] | null
  designations: string[] | null
  typeId: number | null
  start: string | null
  end: string | null
  limit: number
}

/** What a search result shows of a deployment. */
export type SearchHit = Pick<Deployment,
  | 'Brand' | 'TrackId' | 'DeploymentName' | 'Status' | 'OwnerUserId' | 'FinalApproverUserId' | 'CreatedBy'
  | 'CreatedDate' | 'ScheduledDate' | 'SentDate' | 'DeploymentDesignation' | 'DeploymentTypeId'
  | 'DeploymentTypeDescription'>

/** The changes the rules make to a stored deployment (the deployments table gives them). */
export interface DeploymentChanges {
  find: (key: DeploymentKey, now: string) => Deployment | undefined
  markCancelled: (key: DeploymentKey, change: Change) => void
  markTested: (key: DeploymentKey, change: Change) => void
  /** Scheduled for scheduledDate, approved now (the change's date). */
  markScheduled: (key: DeploymentKey, scheduledDate: string, change: Change) => void
  markUnscheduled: (key: DeploymentKey, change: Change) => void
  setSplitCount: (key: DeploymentKey, splits: number) => void
  /** Appends one entry to the history, for a change kept elsewhere (a split's content). */
  noteChange: (key: DeploymentKey, description: string, change: Change) => void
}
