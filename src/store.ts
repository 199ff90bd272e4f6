// The one module that speaks SQL. Every statement is prepared once, when the store opens, and
// lives as long as the connection (better-sqlite3 12 must not see statements garbage-collected).
import Database from 'better-sqlite3'
import type { DeploymentStatus, FixtureDeployment } from './fixtures/schema.js'
import type { FixtureWorld } from './fixtures/load.js'

export interface Deployment extends Required<Omit<FixtureDeployment, 'AuthorizedUserIds'>> {
  AuthorizedUserIds: string[]
  Status: DeploymentStatus
}

export interface Submission {
  SubmissionId: string
  ReceivedAt: string
  Brand: string | null
  TrackId: string | null
  UserId: string | null
  Method: string
  Path: string
  StatusCode: number
  RequestBody: string | null
  ResponseBody: string
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS apps (
  app_id TEXT NOT NULL,
  brand  TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (app_id, brand)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deployments (
  brand                  TEXT NOT NULL COLLATE NOCASE,
  track_id               TEXT NOT NULL COLLATE NOCASE,
  deployment_name        TEXT,
  owner_user_id          TEXT NOT NULL,
  authorized_user_ids    TEXT NOT NULL DEFAULT '[]',
  final_approver_user_id TEXT,
  created_by             TEXT,
  created_date           TEXT,
  status                 TEXT NOT NULL,
  scheduled_date         TEXT,
  sent_date              TEXT,
  cancelled_date         TEXT,
  cancelled_by           TEXT,
  PRIMARY KEY (brand, track_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS submissions (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL UNIQUE,
  received_at   TEXT NOT NULL,
  brand         TEXT COLLATE NOCASE,
  track_id      TEXT COLLATE NOCASE,
  user_id       TEXT COLLATE NOCASE,
  method        TEXT NOT NULL,
  path          TEXT NOT NULL,
  status_code   INTEGER NOT NULL,
  request_body  TEXT,
  response_body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_deployment ON submissions (brand, track_id);
`

const DEPLOYMENT_COLUMNS = `
  brand AS Brand, track_id AS TrackId, deployment_name AS DeploymentName, owner_user_id AS OwnerUserId,
  authorized_user_ids AS AuthorizedUserIds, final_approver_user_id AS FinalApproverUserId,
  created_by AS CreatedBy, created_date AS CreatedDate, status AS Status, scheduled_date AS ScheduledDate,
  sent_date AS SentDate, cancelled_date AS CancelledDate, cancelled_by AS CancelledBy`

const SUBMISSION_COLUMNS = `
  submission_id AS SubmissionId, received_at AS ReceivedAt, brand AS Brand, track_id AS TrackId,
  user_id AS UserId, method AS Method, path AS Path, status_code AS StatusCode,
  request_body AS RequestBody, response_body AS ResponseBody`

type DeploymentRow = Omit<Deployment, 'AuthorizedUserIds'> & { AuthorizedUserIds: string }

export class Store {
  private readonly db: Database.Database
  private readonly statements
  private readonly inImmediateTransaction: (work: () => unknown) => unknown

  constructor(file: string) {
    this.db = new Database(file)
    this.db.pragma('busy_timeout = 5000')
    if (file !== ':memory:' && file !== '') {
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = NORMAL')
    }
    this.db.exec(SCHEMA)
    this.statements = {
      countDeployments: this.db.prepare('SELECT count(*) AS n FROM deployments').pluck(),
      countApps: this.db.prepare('SELECT count(*) AS n FROM apps').pluck(),
      deleteApps: this.db.prepare('DELETE FROM apps'),
      deleteDeployments: this.db.prepare('DELETE FROM deployments'),
      insertApp: this.db.prepare('INSERT OR IGNORE INTO apps (app_id, brand) VALUES (?, ?)'),
      insertDeployment: this.db.prepare(`
        INSERT OR REPLACE INTO deployments (brand, track_id, deployment_name, owner_user_id, authorized_user_ids,
          final_approver_user_id, created_by, created_date, status, scheduled_date, sent_date, cancelled_date, cancelled_by)
        VALUES (@Brand, @TrackId, @DeploymentName, @OwnerUserId, @AuthorizedUserIds, @FinalApproverUserId,
          @CreatedBy, @CreatedDate, @Status, @ScheduledDate, @SentDate, @CancelledDate, @CancelledBy)`),
      appHasBrand: this.db.prepare('SELECT 1 FROM apps WHERE app_id = ? AND brand = ?').pluck(),
      findDeployment: this.db.prepare(`SELECT ${DEPLOYMENT_COLUMNS} FROM deployments WHERE brand = ? AND track_id = ?`),
      markCancelled: this.db.prepare(`
        UPDATE deployments SET status = 'Cancelled', cancelled_date = ?, cancelled_by = ?
        WHERE brand = ? AND track_id = ?`),
      insertSubmission: this.db.prepare(`
        INSERT INTO submissions (submission_id, received_at, brand, track_id, user_id, method, path, status_code,
          request_body, response_body)
        VALUES (@SubmissionId, @ReceivedAt, @Brand, @TrackId, @UserId, @Method, @Path, @StatusCode,
          @RequestBody, @ResponseBody)`),
      submissionsForDeployment: this.db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions
        WHERE brand = ? AND track_id = ? ORDER BY seq`),
      findSubmission: this.db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE submission_id = ?`),
    }
    this.inImmediateTransaction = this.db.transaction((work: () => unknown) => work()).immediate
  }

  /** Runs work under SQLite's write lock, so no other connection or process interleaves with it. */
  immediate<T>(work: () => T): T {
    return this.inImmediateTransaction(work) as T
  }

  isEmpty(): boolean {
    return this.statements.countDeployments.get() === 0 && this.statements.countApps.get() === 0
  }

  /** Writes the world; with `replace`, first removes every app and deployment. Returns true if it wrote. */
  seed(world: FixtureWorld, { replace = false, onlyIfEmpty = false } = {}): boolean {
    return this.immediate(() => {
      if (onlyIfEmpty && !this.isEmpty()) return false
      if (replace) {
        this.statements.deleteApps.run()
        this.statements.deleteDeployments.run()
      }
      for (const app of world.apps) for (const brand of app.Brands) this.statements.insertApp.run(app.AppId, brand)
      for (const d of world.deployments) {
        this.statements.insertDeployment.run({
          DeploymentName: null, FinalApproverUserId: null, CreatedBy: null, CreatedDate: null,
          ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null,
          ...d,
          AuthorizedUserIds: JSON.stringify(d.AuthorizedUserIds ?? []),
        })
      }
      return true
    })
  }

  appHasBrand(appId: string, brand: string): boolean {
    return this.statements.appHasBrand.get(appId, brand) === 1
  }

  findDeployment(brand: string, trackId: string): Deployment | undefined {
    const row = this.statements.findDeployment.get(brand, trackId) as DeploymentRow | undefined
    return row && { ...row, AuthorizedUserIds: JSON.parse(row.AuthorizedUserIds) as string[] }
  }

  markCancelled(deployment: Deployment, cancelledDate: string, cancelledBy: string): void {
    this.statements.markCancelled.run(cancelledDate, cancelledBy, deployment.Brand, deployment.TrackId)
  }

  recordSubmission(submission: Submission): void {
    this.statements.insertSubmission.run(submission)
  }

  submissionsForDeployment(brand: string, trackId: string): Submission[] {
    return this.statements.submissionsForDeployment.all(brand, trackId) as Submission[]
  }

  findSubmission(submissionId: string): Submission | undefined {
    return this.statements.findSubmission.get(submissionId) as Submission | undefined
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
