// The split_contents table: each split's content per deployment (what the content page posted, or
// a fixture's Splits), in every world and the boot copy. Deployments keeps it in step with the
// deployments table (seed, copy from '#boot', reset, delete), as it keeps the names index.
import type { Database } from '../db/database.js'
import type { FixtureDeployment, FixtureSplit } from '../seed/format.js'
import type { DeploymentKey } from './deployment-record.js'
import type { ContentStore, SplitContent } from './send-record.js'
import { WorldRows } from './world-rows.js'

const FIELDS = ['FromName', 'Mailbox', 'Subject', 'ReplyTo', 'Preheader', 'HtmlContent', 'TextContent'] as const

/** A fixture's split with every field present. */
export const fromFixture = (split: FixtureSplit): SplitContent => {
  const content: SplitContent = {
    Sequence: split.Sequence, FromName: null, Mailbox: null, Subject: null, ReplyTo: null, Preheader: null,
    HtmlContent: null, TextContent: null,
  }
  for (const field of FIELDS) content[field] = split[field] ?? null
  return content
}

const KEY = 'tenant = @tenant AND brand = @brand AND track_id = @trackId'
const keyOf = ({ tenant, brand, trackId }: DeploymentKey) => ({ tenant, brand, trackId })

export class SplitContents implements ContentStore {
  private readonly sql

  private readonly rows: WorldRows

  constructor(db: Database) {
    this.rows = new WorldRows(db, 'split_contents', 'brand, track_id, split, content')
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      put: p(`INSERT INTO split_contents (tenant, brand, track_id, split, content)
        VALUES (@tenant, @brand, @trackId, @split, @content)
        ON CONFLICT DO UPDATE SET content = excluded.content`),
      list: p(`SELECT split, content FROM split_contents WHERE ${KEY} ORDER BY split`),
      one: p(`SELECT content FROM split_contents WHERE ${KEY} AND split = @split`).pluck(),
      deleteDeployment: p(`DELETE FROM split_contents WHERE ${KEY}`),
    }
  }

  /** Sets one split's content, over any it had. */
  put(key: DeploymentKey, content: SplitContent): void {
    this.sql.put.run({ ...keyOf(key), split: content.Sequence, content: JSON.stringify(content) })
  }

  /** A deployment's splits that have content, by Sequence (none: the deployment has no content model). */
  list(key: DeploymentKey): SplitContent[] {
    return (this.sql.list.all(keyOf(key)) as { split: number; content: string }[])
      .map(({ content }) => JSON.parse(content) as SplitContent)
  }

  find(key: DeploymentKey, split: number): SplitContent | undefined {
    const text = this.sql.one.get({ ...keyOf(key), split }) as string | undefined
    return text === undefined ? undefined : JSON.parse(text) as SplitContent
  }

  /** The fixtures' Splits of these deployments, in place of any content they had. */
  seed(tenant: string, deployments: FixtureDeployment[]): void {
    for (const d of deployments) {
      const key = { tenant, brand: d.Brand, trackId: d.TrackId }
      this.sql.deleteDeployment.run(key)
      for (const split of d.Splits ?? []) this.put(key, fromFixture(split))
    }
  }

  copyBootInto(tenant: string): void {
    this.rows.copyBootInto(tenant)
  }

  deleteWorld(tenant: string): void {
    this.rows.deleteWorld(tenant)
  }

  deleteEveryWorld(): void {
    this.rows.deleteEveryWorld()
  }
}
