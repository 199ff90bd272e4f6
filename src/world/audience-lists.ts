// The audience_lists table: each list an audience add assigned to a deployment's split, in every
// world, with the times its status follows from (audience-status.ts), and the callbacks it asked for.
// Only storage lives here; the rules are in audience-rules.ts.
import type { Database } from '../db/database.js'
import type { AudienceKind } from '../seed/catalogue-format.js'
import type { AudienceList, AudienceOptions, AudienceStore, NewAudienceList } from './audience-record.js'
import type { DeploymentKey } from './deployment-record.js'
import { WorldRows } from './world-rows.js'

/** ListIds of each world count on from here, so they look like the vendor's (1000343). */
const FIRST_LIST_ID = 1000001

const COLUMNS = `list_id AS ListId, brand AS Brand, track_id AS TrackId, split AS SplitNumber, kind AS Kind,
  name AS Name, settings AS Settings, valid_rows AS ValidRows, invalid_rows AS InvalidRows,
  assigned_by AS AssignedBy, assigned_at AS AssignedAt, loading_at AS LoadingAt, ready_at AS ReadyAt,
  removed_by AS RemovedBy, removed_at AS RemovedAt`
const DEPLOYMENT = 'tenant = @tenant AND brand = @brand AND track_id = @trackId'
const ACTIVE_OF_DEPLOYMENT = `FROM audience_lists AS a
  WHERE a.tenant = d.tenant AND a.brand = d.brand AND a.track_id = d.track_id AND a.removed_at IS NULL`

type Row = Omit<AudienceList, 'Kind' | 'Options'> & { Kind: AudienceKind; Settings: string }
const toList = ({ Settings, ...row }: Row): AudienceList =>
  ({ ...row, Options: JSON.parse(Settings) as AudienceOptions })
const keyOf = ({ tenant, brand, trackId }: DeploymentKey): DeploymentKey => ({ tenant, brand, trackId })

export class AudienceLists implements AudienceStore {
  private readonly sql

  /** The lists and their callbacks: each world's own, none in the boot copy. */
  private readonly rows: WorldRows[]

  constructor(db: Database) {
    this.rows = [new WorldRows(db, 'audience_lists', null), new WorldRows(db, 'audience_callbacks', null)]
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      nextId: p('SELECT list_id + 1 FROM audience_lists WHERE tenant = ? ORDER BY list_id DESC LIMIT 1').pluck(),
      insert: p(`INSERT INTO audience_lists (tenant, list_id, brand, track_id, split, kind, name, settings, valid_rows,
        invalid_rows, assigned_by, assigned_at, loading_at, ready_at)
        VALUES (@tenant, @listId, @brand, @trackId, @SplitNumber, @Kind, @Name, @Settings, @ValidRows, @InvalidRows,
          @AssignedBy, @AssignedAt, @LoadingAt, @ReadyAt)`),
      find: p(`SELECT ${COLUMNS} FROM audience_lists WHERE tenant = ? AND list_id = ?`),
      ofDeployment: p(`SELECT ${COLUMNS} FROM audience_lists WHERE ${DEPLOYMENT} ORDER BY list_id`),
      remove: p(`UPDATE audience_lists SET removed_by = @by, removed_at = @date
        WHERE tenant = @tenant AND list_id = @listId AND removed_at IS NULL`),
      // The deployment's audience is its lists not removed: their valid records, loaded when the last is.
      // Only deployments that had a list through the API: a seeded RecipientCount stays until then.
      recount: p(`UPDATE deployments AS d SET
          recipient_count = coalesce((SELECT sum(a.valid_rows) ${ACTIVE_OF_DEPLOYMENT}), 0),
          has_audience = EXISTS (SELECT 1 ${ACTIVE_OF_DEPLOYMENT}),
          audience_ready_at = (SELECT max(a.ready_at) ${ACTIVE_OF_DEPLOYMENT})
        WHERE ${DEPLOYMENT} AND EXISTS (SELECT 1 FROM audience_lists AS a
          WHERE a.tenant = d.tenant AND a.brand = d.brand AND a.track_id = d.track_id)`),
      addCallback: p('INSERT INTO audience_callbacks (tenant, list_id, url, due_at) VALUES (?, ?, ?, ?)'),
      // A list removed before it loaded calls no one.
      dropCallbacks: p('UPDATE audience_callbacks SET done = 1 WHERE tenant = ? AND list_id = ? AND done = 0'),
    }
  }

  /** Every list ever assigned to the deployment, removed ones too, oldest first. */
  ofDeployment(key: DeploymentKey): AudienceList[] {
    return (this.sql.ofDeployment.all(keyOf(key)) as Row[]).map(toList)
  }

  find(tenant: string, listId: number): AudienceList | undefined {
    const row = this.sql.find.get(tenant, listId) as Row | undefined
    return row && toList(row)
  }

  /** Stores a list under the world's next ListId, with its callbacks due when it has loaded. Call atomically. */
  add(key: DeploymentKey, list: NewAudienceList): number {
    const listId = (this.sql.nextId.get(key.tenant) as number | undefined) ?? FIRST_LIST_ID
    const { Options, ...fields } = list
    this.sql.insert.run({ ...keyOf(key), listId, ...fields, Settings: JSON.stringify(Options) })
    for (const url of Options.CallbackURLs) this.sql.addCallback.run(key.tenant, listId, url, list.ReadyAt)
    this.sql.recount.run(keyOf(key))
    return listId
  }

  /** Takes a list off its deployment; its callbacks not yet made are dropped. Call atomically. */
  remove(key: DeploymentKey, listId: number, by: string, date: string): void {
    this.sql.remove.run({ tenant: key.tenant, listId, by, date })
    this.sql.dropCallbacks.run(key.tenant, listId)
    this.sql.recount.run(keyOf(key))
  }

  /** After a deployment is written over (an update), its audience is counted again from its lists. */
  recount(key: DeploymentKey): void {
    this.sql.recount.run(keyOf(key))
  }

  deleteWorld(tenant: string): void {
    for (const rows of this.rows) rows.deleteWorld(tenant)
  }

  deleteEveryWorld(): void {
    for (const rows of this.rows) rows.deleteEveryWorld()
  }
}
