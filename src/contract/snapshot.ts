// Snapshots as the admin API, the client and a snapshot file know them: declared once here.
import { Type, type Static } from '@sinclair/typebox'

/** What names a snapshot: short, and safe in a URL path and a file name. */
export const SnapshotName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  errorMessage: "a snapshot name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
})

export const SnapshotInfo = Type.Object({
  name: Type.String(),
  /** When it was taken (real time, ISO 8601), or loaded from a document. */
  takenAt: Type.String(),
  schemaVersion: Type.Integer({ description: "the database schema it was taken with; another version's is refused" }),
  deployments: Type.Integer({ description: 'how many deployments its world holds' }),
  loaded: Type.Boolean({ description: 'read from a snapshot document (a file), not taken in this database' }),
})
export type SnapshotInfo = Static<typeof SnapshotInfo>

/** A value as SQLite stores it in the tables a snapshot copies. */
const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()])

/** A snapshot as a file holds it: each table's rows, stamped with the schema and a digest of them. */
export const SnapshotDocument = Type.Object({
  format: Type.Literal('omeda-emulator-snapshot'),
  schemaVersion: Type.Integer(),
  name: SnapshotName,
  takenAt: Type.String(),
  tables: Type.Record(Type.String(), Type.Object({
    columns: Type.Array(Type.String()),
    rows: Type.Array(Type.Array(Cell)),
  }, { additionalProperties: false })),
  /** sha256 of the JSON text of `{ schemaVersion, tables }`: a changed or damaged file is refused. */
  digest: Type.String(),
}, { additionalProperties: false })
export type SnapshotDocument = Static<typeof SnapshotDocument>
