// Migration 9 (tables.ts lists it): snapshots. Each is a copy of one world's rows (snapshots.ts): one
// row here, and the rows of each table a world keeps in its twin `snapshot_{table}`, which has the
// table's columns behind a `snapshot` id. A migration that adds a column to one of those tables adds
// it to its twin too (test/snapshots.test.ts holds them equal); a snapshot keeps the schema version it
// was taken at and is refused by any other. While any snapshot exists, the triggers note each
// deployment written, so a restore puts back only those changed since (snapshot-delta.ts).

/**
 * Triggers that note each deployment written while any snapshot exists (migration 9). An operation
 * that replaces a world wholesale drops them and makes them again in its transaction: even idle,
 * they double the cost of writing 100,000 rows.
 */
export const DEPLOYMENT_LOG_TRIGGERS = ['inserted', 'updated', 'rekeyed', 'deleted'] as const
export const DEPLOYMENT_LOG = `
  CREATE TRIGGER deployments_inserted AFTER INSERT ON deployments
    WHEN NEW.tenant <> '#boot' AND EXISTS (SELECT 1 FROM snapshots)
    BEGIN INSERT INTO deployment_changes (tenant, brand, track_id) VALUES (NEW.tenant, NEW.brand, NEW.track_id); END;
  CREATE TRIGGER deployments_updated AFTER UPDATE ON deployments
    WHEN NEW.tenant <> '#boot' AND EXISTS (SELECT 1 FROM snapshots)
    BEGIN INSERT INTO deployment_changes (tenant, brand, track_id) VALUES (NEW.tenant, NEW.brand, NEW.track_id); END;
  CREATE TRIGGER deployments_rekeyed AFTER UPDATE OF tenant, brand, track_id ON deployments
    WHEN OLD.tenant <> '#boot' AND EXISTS (SELECT 1 FROM snapshots)
    BEGIN INSERT INTO deployment_changes (tenant, brand, track_id) VALUES (OLD.tenant, OLD.brand, OLD.track_id); END;
  CREATE TRIGGER deployments_deleted AFTER DELETE ON deployments
    WHEN OLD.tenant <> '#boot' AND EXISTS (SELECT 1 FROM snapshots)
    BEGIN INSERT INTO deployment_changes (tenant, brand, track_id) VALUES (OLD.tenant, OLD.brand, OLD.track_id); END;
`

/** The tables of the snapshots, the deployment log and its triggers. */
export const SNAPSHOT_SCHEMA = `
  CREATE TABLE snapshots (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant         TEXT NOT NULL,
    name           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    taken_at       TEXT NOT NULL,
    journal_seq    INTEGER,
    deployments    INTEGER NOT NULL,
    change_seq     INTEGER,
    UNIQUE (tenant, name)
  );
  CREATE TABLE deployment_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant   TEXT NOT NULL,
    brand    TEXT NOT NULL COLLATE NOCASE,
    track_id TEXT NOT NULL COLLATE NOCASE
  );
  ${DEPLOYMENT_LOG}
  CREATE TABLE snapshot_deployments AS SELECT 0 AS snapshot, * FROM deployments WHERE 0;
  CREATE INDEX snapshot_deployments_by_key
    ON snapshot_deployments (snapshot, brand COLLATE NOCASE, track_id COLLATE NOCASE);
  CREATE TABLE snapshot_catalogue AS SELECT 0 AS snapshot, * FROM catalogue WHERE 0;
  CREATE INDEX snapshot_catalogue_by_snapshot ON snapshot_catalogue (snapshot);
  CREATE TABLE snapshot_track_numbers AS SELECT 0 AS snapshot, * FROM track_numbers WHERE 0;
  CREATE INDEX snapshot_track_numbers_by_snapshot ON snapshot_track_numbers (snapshot);
  CREATE TABLE snapshot_split_contents AS SELECT 0 AS snapshot, * FROM split_contents WHERE 0;
  CREATE INDEX snapshot_split_contents_by_snapshot ON snapshot_split_contents (snapshot);
  CREATE TABLE snapshot_audience_lists AS SELECT 0 AS snapshot, * FROM audience_lists WHERE 0;
  CREATE INDEX snapshot_audience_lists_by_snapshot ON snapshot_audience_lists (snapshot);
  CREATE TABLE snapshot_audience_callbacks AS SELECT 0 AS snapshot, * FROM audience_callbacks WHERE 0;
  CREATE INDEX snapshot_audience_callbacks_by_snapshot ON snapshot_audience_callbacks (snapshot);
  CREATE TABLE snapshot_outbox AS SELECT 0 AS snapshot, * FROM outbox WHERE 0;
  CREATE INDEX snapshot_outbox_by_snapshot ON snapshot_outbox (snapshot);
  CREATE TABLE snapshot_clocks AS SELECT 0 AS snapshot, * FROM clocks WHERE 0;
  CREATE INDEX snapshot_clocks_by_snapshot ON snapshot_clocks (snapshot);
  CREATE TABLE snapshot_faults AS SELECT 0 AS snapshot, * FROM faults WHERE 0;
  CREATE INDEX snapshot_faults_by_snapshot ON snapshot_faults (snapshot);
  CREATE TABLE snapshot_apps AS SELECT 0 AS snapshot, * FROM apps WHERE 0;
  CREATE INDEX snapshot_apps_by_snapshot ON snapshot_apps (snapshot);
  `
