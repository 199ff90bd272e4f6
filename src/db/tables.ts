// The tables, and the migrations that bring a database written by an older version up to date.
// TABLES is schema 0, frozen: a new column goes in a new migration, never here (a fresh file runs
// every migration after TABLES, so a column added here would be added twice).
// `tenant` is '' for the shared world, a hash of an app id in isolation mode, or
// '#boot' for the fixtures loaded at start (what a reset returns to; boot_apps likewise). App ids
// themselves are stored only in `apps` and `boot_apps`, which mirror the fixtures.
import { SNAPSHOT_SCHEMA } from './snapshot-schema.js'

export const TABLES = `
CREATE TABLE IF NOT EXISTS apps (
  app_id TEXT NOT NULL,
  brand  TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (app_id, brand)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS apps_by_brand ON apps (brand);
CREATE TABLE IF NOT EXISTS boot_apps (
  app_id TEXT NOT NULL,
  brand  TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (app_id, brand)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tenants (
  tenant TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deployments (
  tenant                 TEXT NOT NULL DEFAULT '',
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
  PRIMARY KEY (tenant, brand, track_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS submissions (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL UNIQUE,
  tenant        TEXT NOT NULL DEFAULT '',
  received_at   TEXT NOT NULL,
  brand         TEXT COLLATE NOCASE,
  track_id      TEXT COLLATE NOCASE,
  user_id       TEXT COLLATE NOCASE,
  method        TEXT NOT NULL,
  path          TEXT NOT NULL,
  status_code   INTEGER NOT NULL,
  fault_id      INTEGER,
  request_body  TEXT,
  response_body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_deployment ON submissions (brand, track_id);
CREATE TABLE IF NOT EXISTS clocks (
  tenant    TEXT PRIMARY KEY,
  offset_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS faults (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  brand      TEXT COLLATE NOCASE,
  track_id   TEXT COLLATE NOCASE,
  app_key    TEXT,
  remaining  INTEGER,
  spec       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`

/**
 * Each step after the tables above, in order; a database records how many it has had in
 * `PRAGMA user_version`, so a file written by an older version gains the columns it lacks.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the lifecycle around cancel (schedule, unschedule, send test, search) and endpoint scopes.
  `
  ALTER TABLE deployments ADD COLUMN deployment_designation TEXT;
  ALTER TABLE deployments ADD COLUMN deployment_type_id INTEGER;
  ALTER TABLE deployments ADD COLUMN deployment_type_description TEXT;
  ALTER TABLE deployments ADD COLUMN recipient_count INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE deployments ADD COLUMN test_sent INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deployments ADD COLUMN created_in_portal INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deployments ADD COLUMN edited_in_portal_by TEXT;
  ALTER TABLE deployments ADD COLUMN edited_in_portal_date TEXT;
  ALTER TABLE deployments ADD COLUMN approval_date TEXT;
  ALTER TABLE deployments ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
  UPDATE deployments SET test_sent = 1 WHERE status IN ('Approved', 'Scheduled', 'Sending', 'Sent');
  UPDATE deployments SET history = json_insert(history, '$[#]', json_object('ChangeDescription', 'Deployment created',
    'ChangedBy', coalesce(created_by, owner_user_id), 'ChangedDate', created_date)) WHERE created_date IS NOT NULL;
  UPDATE deployments SET history = json_insert(history, '$[#]', json_object('ChangeDescription', 'Deployment sent',
    'ChangedBy', 'system', 'ChangedDate', sent_date)) WHERE sent_date IS NOT NULL;
  UPDATE deployments SET history = json_insert(history, '$[#]', json_object('ChangeDescription', 'Deployment cancelled',
    'ChangedBy', coalesce(cancelled_by, ''), 'ChangedDate', cancelled_date)) WHERE cancelled_date IS NOT NULL;
  ALTER TABLE submissions ADD COLUMN endpoint TEXT;
  ALTER TABLE faults ADD COLUMN endpoint TEXT;
  `,
  // 2: search at scale. Newest first within a brand, and what the clock must send, come from
  // indexes (without the status: a cancel would then rewrite an index entry too); names are found
  // by substring through an FTS5 trigram index of their case-folded text.
  // The boot copy is never searched nor sent, so it is in none of them (a query names the same
  // `tenant <> '#boot'` to use them), and a large world loads at the old speed.
  `
  CREATE INDEX deployments_newest ON deployments (tenant, brand, created_date DESC, track_id) WHERE tenant <> '#boot';
  CREATE INDEX deployments_scheduled ON deployments (tenant, scheduled_date)
    WHERE status = 'Scheduled' AND tenant <> '#boot';
  CREATE INDEX deployments_named ON deployments (tenant) WHERE deployment_name IS NOT NULL;
  CREATE VIRTUAL TABLE deployment_names USING fts5(
    tenant UNINDEXED, brand UNINDEXED, track_id UNINDEXED, name, tokenize = 'trigram case_sensitive 1'
  );
  INSERT INTO deployment_names (tenant, brand, track_id, name)
    SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments
    WHERE deployment_name IS NOT NULL AND tenant <> '#boot';
  `,
  // 3: fold() became Unicode's full case folding (it was toLowerCase: 'ς', 'ß', 'ǰ'… were missed), so
  // the names are indexed again with it; a query folded the new way must meet names folded the same way.
  `
  DELETE FROM deployment_names;
  INSERT INTO deployment_names (tenant, brand, track_id, name)
    SELECT tenant, brand, track_id, fold(deployment_name) FROM deployments
    WHERE deployment_name IS NOT NULL AND tenant <> '#boot';
  `,
  // 4: cheap new worlds. A world's names are indexed on its first search by name, not when it is
  // created (the trigram index was half the time and most of the file a new world cost), so each
  // world records whether they are; the worlds already here were indexed when created. Whether a
  // world has names is no longer asked, so its index goes (one index less to write per row copied).
  `
  ALTER TABLE tenants ADD COLUMN names_indexed INTEGER NOT NULL DEFAULT 1;
  DROP INDEX deployments_named;
  `,
  // 5: deployments made through the API. What create gives beyond the columns above is one JSON
  // object (settings), read back with the row; has_audience 0 leaves RecipientCount out of
  // lookup until an audience is assigned. The catalogue is each world's reference data, one table
  // for its five lists (catalogue.ts), so a new world copies it in one statement. track_numbers
  // holds the last number a create took per world, brand and day.
  `
  ALTER TABLE deployments ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE deployments ADD COLUMN has_audience INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE catalogue (
    tenant  TEXT NOT NULL,
    section TEXT NOT NULL,
    brand   TEXT NOT NULL COLLATE NOCASE,
    id      TEXT NOT NULL COLLATE NOCASE,
    entry   TEXT NOT NULL,
    implied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, section, brand, id)
  ) WITHOUT ROWID;
  CREATE TABLE track_numbers (
    tenant TEXT NOT NULL,
    brand  TEXT NOT NULL COLLATE NOCASE,
    prefix TEXT NOT NULL COLLATE NOCASE,
    last   TEXT NOT NULL,
    PRIMARY KEY (tenant, brand, prefix)
  ) WITHOUT ROWID;
  `,
  // 6: audiences. Each list an audience add assigns to a deployment's split, with when it is queued,
  // loaded and removed (its status follows from those and the world's clock); the callbacks it asked
  // for, each attempt due at a time of the world's clock. audience_ready_at is when the deployment's
  // loading lists are all loaded: the read that comes after it sets RecipientCount (worlds.ts).
  `
  ALTER TABLE deployments ADD COLUMN audience_ready_at TEXT;
  CREATE INDEX deployments_loading ON deployments (tenant, audience_ready_at) WHERE audience_ready_at IS NOT NULL;
  CREATE TABLE audience_lists (
    tenant        TEXT NOT NULL,
    list_id       INTEGER NOT NULL,
    brand         TEXT NOT NULL COLLATE NOCASE,
    track_id      TEXT NOT NULL COLLATE NOCASE,
    split         INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    settings      TEXT NOT NULL,
    valid_rows    INTEGER NOT NULL,
    invalid_rows  INTEGER NOT NULL,
    assigned_by   TEXT NOT NULL,
    assigned_at   TEXT NOT NULL,
    loading_at    TEXT NOT NULL,
    ready_at      TEXT NOT NULL,
    removed_by    TEXT,
    removed_at    TEXT,
    PRIMARY KEY (tenant, brand, track_id, list_id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX audience_lists_by_id ON audience_lists (tenant, list_id);
  CREATE TABLE audience_callbacks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant     TEXT NOT NULL,
    list_id    INTEGER NOT NULL,
    url        TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    due_at     TEXT NOT NULL,
    claimed_ms INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX audience_callbacks_due ON audience_callbacks (tenant, due_at) WHERE done = 0;
  `,
  // 7: the content page's: each split's content per deployment (from, subject, bodies) as one JSON
  // object; a world's rows go with its deployments (reset, delete, copied from '#boot').
  `
  CREATE TABLE split_contents (
    tenant   TEXT NOT NULL,
    brand    TEXT NOT NULL COLLATE NOCASE,
    track_id TEXT NOT NULL COLLATE NOCASE,
    split    INTEGER NOT NULL,
    content  TEXT NOT NULL,
    PRIMARY KEY (tenant, brand, track_id, split)
  );
  `,
  // 8: the sandbox outbox: every email the real service would send (a test copy, a deployment's split
  // when the clock sends it, an on-demand send), newest last; a world's rows go with its journal.
  `
  CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    brand           TEXT NOT NULL COLLATE NOCASE,
    track_id        TEXT NOT NULL COLLATE NOCASE,
    split           INTEGER NOT NULL,
    address         TEXT COLLATE NOCASE,
    recipient_count INTEGER,
    from_name       TEXT,
    from_email      TEXT,
    subject         TEXT,
    html_content    TEXT,
    text_content    TEXT,
    sent_at         TEXT NOT NULL,
    submission_id   TEXT
  );
  CREATE INDEX outbox_by_world ON outbox (tenant, seq);
  `,
  // 9: snapshots (snapshot-schema.ts).
  SNAPSHOT_SCHEMA,
  // 10: faults by chance: how many matching calls a seeded fault has drawn for (its twin keeps it
  // too), and in the journal the fault that matched a call but did not fire.
  `
  ALTER TABLE faults ADD COLUMN draws INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE snapshot_faults ADD COLUMN draws INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE submissions ADD COLUMN skipped_fault_id INTEGER;
  `,
]
