// What an audience list is to the rest of the emulator: a list assigned to a deployment's split, as
// types. Nothing here reaches the database.
import type { AudienceKind } from '../seed/catalogue-format.js'
import type { DeploymentKey } from './deployment-record.js'

/** How the add asked for the list to be made: kept, and shown nowhere but the journal's request. */
export interface AudienceOptions {
  OutputCriteria: string | null
  ListNumber: number | null
  RemoveDuplicates: 0 | 1
  SuppressHardBounces: 0 | 1
  ApplyBrandLevelDefaultSuppressions: 0 | 1
  CallbackURLs: string[]
}

/** A list as an add stores it; times are the world's, `yyyy-MM-dd HH:mm:ss`. */
export interface NewAudienceList {
  SplitNumber: number
  Kind: AudienceKind
  /** The file, output or query name, as the fixtures spell it. */
  Name: string
  Options: AudienceOptions
  ValidRows: number
  InvalidRows: number
  AssignedBy: string
  AssignedAt: string
  /** QUEUED until then, IN_PROCESS until ReadyAt. */
  LoadingAt: string
  ReadyAt: string
}

export interface AudienceList extends NewAudienceList {
  ListId: number
  Brand: string
  TrackId: string
  RemovedBy: string | null
  RemovedAt: string | null
}

/** The lists of every world, as the rules use them (audience-lists.ts stores them). */
export interface AudienceStore {
  /** Every list ever assigned to the deployment, removed ones too, oldest first. */
  ofDeployment: (key: DeploymentKey) => AudienceList[]
  find: (tenant: string, listId: number) => AudienceList | undefined
  /** Stores a list under the world's next ListId and returns it. Call atomically. */
  add: (key: DeploymentKey, list: NewAudienceList) => number
  /** Takes a list off its deployment. Call atomically. */
  remove: (key: DeploymentKey, listId: number, by: string, date: string) => void
}
