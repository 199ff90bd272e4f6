// The Search API's query over one brand of one world: text filters as "contains, ignoring case",
// statuses and designations as sets, a date range on SentDate (else ScheduledDate) to the minute,
// newest CreatedDate first. The route turns the vendor's filter into a SearchQuery. A DeploymentName
// of three characters or more is found through the name index (names.ts); anything else walks the
// brand newest first, so a search stops once it has its NumResults.
import type { Database } from '../db/database.js'
import type { Deployment, SearchHit, SearchQuery } from './deployment-record.js'
import { BOOT } from './world-rows.js'
import { DeploymentNames, namePhrase } from './names.js'

export type { SearchHit, SearchQuery } from './deployment-record.js'

const HIT_COLUMNS = `d.brand, d.track_id, deployment_name, status, owner_user_id, final_approver_user_id,
  created_by, created_date, scheduled_date, sent_date, deployment_designation, deployment_type_id,
  deployment_type_description`
type HitRow = [
  Brand: string, TrackId: string, DeploymentName: string | null, Status: Deployment['Status'], OwnerUserId: string,
  FinalApproverUserId: string | null, CreatedBy: string | null, CreatedDate: string | null,
  ScheduledDate: string | null, SentDate: string | null, DeploymentDesignation: Deployment['DeploymentDesignation'],
  DeploymentTypeId: number | null, DeploymentTypeDescription: string | null
]
const toHit = ([
  Brand, TrackId, DeploymentName, Status, OwnerUserId, FinalApproverUserId, CreatedBy, CreatedDate, ScheduledDate,
  SentDate, DeploymentDesignation, DeploymentTypeId, DeploymentTypeDescription,
]: HitRow): SearchHit => ({
  Brand, TrackId, DeploymentName, Status, OwnerUserId, FinalApproverUserId, CreatedBy, CreatedDate, ScheduledDate,
  SentDate, DeploymentDesignation, DeploymentTypeId, DeploymentTypeDescription,
})

const contains = (column: string, parameter: string) => `instr(fold(${column}), ${parameter}) > 0`
const FILTERS = `
        AND (@name IS NULL OR ${contains("coalesce(deployment_name, '')", '@name')})
        AND (@trackId IS NULL OR ${contains('d.track_id', '@trackId')})
        AND (@person IS NULL OR ${contains('owner_user_id', '@person')}
          OR ${contains("coalesce(created_by, '')", '@person')})
        AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
        AND (@designations IS NULL
          OR lower(deployment_designation) IN (SELECT lower(value) FROM json_each(@designations)))
        AND (@typeId IS NULL OR deployment_type_id = @typeId)
        AND (@start IS NULL OR substr(coalesce(sent_date, scheduled_date), 1, 16) >= @start)
        AND (@end IS NULL OR substr(coalesce(sent_date, scheduled_date), 1, 16) <= @end)
      ORDER BY created_date DESC NULLS LAST, d.track_id
      LIMIT @limit`

export class DeploymentSearch {
  private readonly sql
  private readonly names: DeploymentNames

  constructor(db: Database) {
    this.names = new DeploymentNames(db)
    const p = (sql: string) => db.prepare(sql).raw()
    this.sql = {
      // \`tenant <> '#boot'\`, as the index says: SQLite uses a partial index only for queries that imply its WHERE.
      walk: p(`SELECT ${HIT_COLUMNS} FROM deployments d
        WHERE d.tenant = @tenant AND d.tenant <> '${BOOT}' AND d.brand = @brand ${FILTERS}`),
      // The index gives the candidates (CROSS JOIN: read it first, then each deployment by its key);
      // FILTERS still checks each, the name included.
      byName: p(`SELECT ${HIT_COLUMNS} FROM deployment_names n CROSS JOIN deployments d
          ON d.tenant = @tenant AND d.brand = @brand AND d.track_id = n.track_id
        WHERE n.deployment_names MATCH @phrase AND n.tenant = @tenant AND n.brand = @brand COLLATE NOCASE ${FILTERS}`),
    }
  }

  find(query: SearchQuery): SearchHit[] {
    const { statuses, designations, name } = query
    const phrase = name === null ? null : namePhrase(name)
    const parameters = {
      ...query,
      statuses: statuses && JSON.stringify(statuses),
      designations: designations && JSON.stringify(designations),
    }
    if (phrase !== null) this.names.ensureIndexed(query.tenant)
    const rows = phrase === null ? this.sql.walk.all(parameters) : this.sql.byName.all({ ...parameters, phrase })
    return (rows as HitRow[]).map(toHit)
  }
}
