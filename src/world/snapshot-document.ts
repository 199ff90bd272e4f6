// A snapshot as a document (what a file holds): stamped with the schema it was taken with and a
// digest of its rows, so a file from another version, or one changed or damaged since the emulator
// wrote it, is refused with the reason before a row of it is stored.
import { createHash } from 'node:crypto'
import { SnapshotDocument } from '../contract/snapshot.js'
import { compiledCheck } from '../schema-check.js'
import type { SnapshotTable } from './snapshot-rows.js'

export const SNAPSHOT_FORMAT = 'omeda-emulator-snapshot'

export const digestOf = ({ schemaVersion, tables }: Pick<SnapshotDocument, 'schemaVersion' | 'tables'>): string =>
  createHash('sha256').update(JSON.stringify({ schemaVersion, tables })).digest('hex')

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** The parsed value as a document that can be loaded, or what is wrong with it in one line. */
export function snapshotDocumentOf(value: unknown, tables: readonly SnapshotTable[], schemaVersion: number):
  { document: SnapshotDocument } | { problem: string } {
  // Compiled on the first document, not as the package is imported.
  const checkDocument = compiledCheck(SnapshotDocument)
  if (!checkDocument.Check(value)) {
    const first = checkDocument.Errors(value).First()
    const where = first?.path === '' || first === undefined ? 'the document' : first.path
    return { problem: `it is not a snapshot document (${where}: ${first?.message.toLowerCase() ?? 'unexpected'})` }
  }
  const problem = rowsProblem(value, tables, schemaVersion)
  return problem === null ? { document: value } : { problem }
}

function rowsProblem(value: SnapshotDocument, tables: readonly SnapshotTable[], schemaVersion: number): string | null {
  if (value.schemaVersion !== schemaVersion) {
    return `it was taken with database schema ${value.schemaVersion}; this emulator uses schema ${schemaVersion} ` +
      'and loads only its own: take the snapshot again with this version'
  }
  if (digestOf(value) !== value.digest) {
    return 'its rows do not match its digest: it was changed or damaged after the emulator wrote it'
  }
  for (const table of tables) {
    const given = value.tables[table.table]
    if (given === undefined) return `it has no rows for the table '${table.table}'`
    if (!same(given.columns, table.exported)) return `the columns of '${table.table}' are not this schema's`
    const short = given.rows.findIndex((row) => row.length !== table.exported.length)
    if (short < 0) continue
    return `row ${short} of '${table.table}' has ${given.rows[short]!.length} values, not ${table.exported.length}`
  }
  const unknown = Object.keys(value.tables).find((name) => !tables.some((t) => t.table === name))
  return unknown === undefined ? null : `it has rows for '${unknown}', which no snapshot holds`
}
