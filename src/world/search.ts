// The Search API's query over one brand of one world: text filters as "contains, ignoring case",
// statuses and designations as sets, a date range on SentDate (else ScheduledDate) to the minute,
// newest CreatedDate first. The route turns the vendor's filter into a SearchQuery.
import type { Database } from '../db/database.js'
import { DEPLOYMENT_COLUMNS, toDeployment, type Deployment, type DeploymentRow } from './deployments.js'

/** How text filters compare: case folded the same way on both sides. */
export const foldCase = (text: string): string => text.toLowerCase()

/** A search, every field null when it does not restrict. Text is case folded (foldCase); dates are `yyyy-MM-dd HH:mm`. */
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

// SQLite's lower() folds ASCII only; names such as 'École' need JavaScript's Unicode folding.
const contains = (column: string, parameter: string) => `instr(fold(${column}), ${parameter}) > 0`

export class DeploymentSearch {
  private readonly sql

  constructor(db: Database) {
    db.defineFunction('fold', foldCase)
    this.sql = db.prepare(`
      SELECT ${DEPLOYMENT_COLUMNS} FROM deployments
      WHERE tenant = @tenant AND brand = @brand
        AND (@name IS NULL OR ${contains("coalesce(deployment_name, '')", '@name')})
        AND (@trackId IS NULL OR ${contains('track_id', '@trackId')})
        AND (@person IS NULL OR ${contains('owner_user_id', '@person')} OR ${contains("coalesce(created_by, '')", '@person')})
        AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
        AND (@designations IS NULL OR lower(deployment_designation) IN (SELECT lower(value) FROM json_each(@designations)))
        AND (@typeId IS NULL OR deployment_type_id = @typeId)
        AND (@start IS NULL OR substr(coalesce(sent_date, scheduled_date), 1, 16) >= @start)
        AND (@end IS NULL OR substr(coalesce(sent_date, scheduled_date), 1, 16) <= @end)
      ORDER BY created_date DESC NULLS LAST, track_id
      LIMIT @limit`)
  }

  find(query: SearchQuery): Deployment[] {
    const { statuses, designations } = query
    const parameters = {
      ...query,
      statuses: statuses && JSON.stringify(statuses),
      designations: designations && JSON.stringify(designations),
    }
    return (this.sql.all(parameters) as DeploymentRow[]).map(toDeployment)
  }
}
