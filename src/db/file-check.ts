// Whether a database file is one the emulator may use, decided before anything is written to it: a
// file of another program, a damaged one or one from a newer version is refused as it is (no switch
// to WAL, no tables added), with the reason.
import BetterSqlite3 from 'better-sqlite3'
import { MIGRATIONS, TABLES } from './tables.js'

/** Marks the files the emulator writes (`PRAGMA application_id`, 'OmEd'); earlier versions left it 0. */
export const APPLICATION_ID = 0x4f6d4564

/** A file's own tables, without SQLite's (sqlite_sequence, sqlite_stat1…), which any file may hold. */
const tableNames = (db: BetterSqlite3.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).pluck().all() as string[])

/** The tables any emulator file has (schema 0) with their columns, and every table a later schema adds. */
function expectedShape(): { required: Map<string, string[]>; known: Set<string> } {
  const scratch = new BetterSqlite3(':memory:')
  try {
    scratch.function('fold', { deterministic: true }, (text: string) => text)
    const names = () => tableNames(scratch)
    scratch.exec(TABLES)
    const required = new Map(names().map((name) =>
      [name, (scratch.pragma(`table_info(${name})`) as { name: string }[]).map((c) => c.name)] as const))
    for (const migration of MIGRATIONS) scratch.exec(migration)
    return { required, known: new Set(names()) }
  } finally {
    scratch.close()
  }
}

let shape: ReturnType<typeof expectedShape> | undefined

/** Why the emulator must not use what this connection has open, or null when it may (or the file is new). */
function refusal(db: BetterSqlite3.Database): string | null {
  const applicationId = db.pragma('application_id', { simple: true }) as number
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    return `the file belongs to another program (its application_id is ${applicationId}), not to the emulator`
  }
  const tables = tableNames(db)
  if (tables.length === 0) return null
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) {
    return 'the database was written by a newer version of the emulator ' +
      `(schema ${version}; this one knows ${MIGRATIONS.length})`
  }
  shape ??= expectedShape()
  const notOurs = 'the file is not an emulator database:'
  const stranger = tables.find((name) => !shape!.known.has(name))
  if (stranger !== undefined) return `${notOurs} it holds a table '${stranger}' that the emulator never writes`
  for (const [table, columns] of shape.required) {
    if (!tables.includes(table)) continue
    const present = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name))
    const missing = columns.find((column) => !present.has(column))
    if (missing !== undefined) return `${notOurs} its table '${table}' has no column '${missing}'`
  }
  const absent = [...shape.required.keys()].find((table) => !tables.includes(table))
  if (absent !== undefined) return `${notOurs} it has no table '${absent}'`
  // Reads every page once: a truncated file, or one damaged past its first page, shows here.
  const problems = db.pragma('quick_check(1)', { simple: true }) as string
  return problems === 'ok' ? null : `the file is damaged (${problems.trim().replace(/\s*\n\s*/g, '; ')})`
}

/**
 * Why the file must not be used, or null: found by reading only. `whileBusy` retries a read that
 * another process's start-up holds up.
 */
export function checkFile(db: BetterSqlite3.Database, whileBusy: (work: () => unknown) => void): string | null {
  let why: string | null = null
  try {
    whileBusy(() => { why = db.transaction(() => refusal(db)).deferred() })
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    if (code === 'SQLITE_NOTADB') return 'the file is not an SQLite database'
    if (code.startsWith('SQLITE_CORRUPT')) return `the file is damaged (${(error as Error).message})`
    throw error
  }
  return why
}
