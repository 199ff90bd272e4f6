// The connection and its policy: open the file (naming the path and the reason when that fails),
// WAL for a shared file, busy retries, write transactions, close. Every other module prepares its
// own statements on it, once: better-sqlite3 12 must not see statements garbage-collected.
import BetterSqlite3 from 'better-sqlite3'
import { accessSync, constants, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { APPLICATION_ID, checkFile } from './file-check.js'
import { MIGRATIONS, TABLES } from './tables.js'

export type Statement = BetterSqlite3.Statement

const ASCII = /^\p{ASCII}*$/u
const CHEROKEE_SMALL = /[\uab70-\uabbf\u13f8-\u13fd]/g

/**
 * How text is compared "ignoring case", in JavaScript and in SQL (`fold()`): Unicode's full case
 * folding (CaseFolding.txt, C and F), so 'ß' meets 'SS', 'ς' meets 'Σ' and 'ǰ' meets 'J̌'. JavaScript
 * has none built in: upper-casing after lower-casing undoes the special lower-casings (ß, ǰ, ΰ, ﬁ,
 * ᾳ…), and three differences are put right by hand: lower-casing writes a word-final sigma as 'ς',
 * dotless 'ı' must not become 'i', and Cherokee folds to its capitals. Equal to Python's
 * str.casefold() for every code point and on random strings. The schema indexes folded names
 * (migration 3), so a change here needs a migration that indexes them again.
 */
export function foldCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase()
  return text.split('\u0131').map((part) => part.toLowerCase().toUpperCase().toLowerCase()).join('\u0131')
    .replaceAll('\u03c2', '\u03c3')
    .replace(CHEROKEE_SMALL, (c) => String.fromCharCode(c.charCodeAt(0) - (c.charCodeAt(0) >= 0xab70 ? 0x97d0 : 8)))
}

/** The database file cannot be used: the message names the path and the reason. */
export class DatabaseError extends Error {
  override name = 'DatabaseError'
}

/**
 * Retries work that SQLite refused with SQLITE_BUSY without waiting: a lock upgrade that would
 * deadlock, or a journal-mode change while another process has the file open.
 */
function whileBusy(work: () => unknown, timeoutMs = 10_000): void {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      work()
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      Atomics.wait(pause, 0, 0, 10 + Math.random() * 40)
    }
  }
}

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Why SQLite could not use a file, in words that point at the fix. */
function whyUnusable(file: string, error: Error & { code?: string }): string {
  if (error.code === 'SQLITE_NOTADB') return 'the file is not an SQLite database'
  const folder = dirname(file)
  const stat = (path: string) => { try { return statSync(path) } catch { return undefined } }
  if (stat(file)?.isDirectory()) return 'it is a directory'
  if (!stat(folder)) return `the folder ${folder} does not exist`
  if (!writable(folder)) return `the folder ${folder} is not writable`
  if (stat(file) && !writable(file)) return 'the file is not writable'
  return error.message
}

/** An in-memory database with every table and no row, as the first one in the process was made. */
let freshMemory: Buffer | undefined

export class Database {
  private readonly db: BetterSqlite3.Database
  private readonly inImmediateTransaction: (work: () => unknown) => unknown
  /** Only a file can be shared with other processes. */
  readonly shared: boolean
  /** `PRAGMA data_version`: changes when another connection commits to the file; null in memory. */
  private readonly dataVersion: Statement | null = null
  private lastDataVersion: unknown = null
  /**
   * Bumped whenever what a ReadCache holds may be stale: another process wrote the file, or this one
   * wrote a table that is cached. Starts at 1 so that an empty cache (at 0) loads on first use.
   */
  generation = 1
  /**
   * Why the last write failed for want of disk or I/O (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY),
   * as long as no write has succeeded since; null while writes succeed. Readiness reports it.
   */
  writeFailure: string | null = null
  private totalChanges: Statement | null = null
  private probe: Statement | undefined

  /** `busyTimeout`: milliseconds a write waits for another connection's lock before it fails. */
  constructor(file: string, busyTimeout = 5000) {
    this.shared = file !== ':memory:' && file !== ''
    const unusable = (error: unknown) => new DatabaseError(`cannot open the database ${file}: ` +
      `${whyUnusable(file, error as Error)}`)
    const fresh = file === ':memory:' ? freshMemory : undefined
    try {
      this.db = new BetterSqlite3(fresh ?? file)
    } catch (error) {
      throw unusable(error)
    }
    this.inImmediateTransaction = this.db.transaction((work: () => unknown) => work()).immediate
    try {
      this.db.function('fold', { deterministic: true }, foldCase)
      this.db.pragma(`busy_timeout = ${busyTimeout}`)
      if (this.shared) {
        // Before the first write: a file the emulator must not use is left exactly as it was.
        const refused = checkFile(this.db, whileBusy)
        if (refused !== null) throw new DatabaseError(refused)
        whileBusy(() => this.db.pragma('journal_mode = WAL'))
        this.db.pragma('synchronous = NORMAL')
      }
      // Under a write lock from the start: processes opening one new file together must not deadlock.
      // A second in-memory database in the process starts as a copy of the first one's new tables.
      if (fresh === undefined) whileBusy(() => this.immediate(() => this.createTables()))
      if (file === ':memory:' && fresh === undefined) freshMemory = this.db.serialize()
      if (this.shared) this.dataVersion = this.db.prepare('PRAGMA data_version').pluck()
    } catch (error) {
      this.db.close()
      if (error instanceof DatabaseError) throw new DatabaseError(`cannot open the database ${file}: ${error.message}`)
      const code = (error as { code?: string }).code ?? ''
      if (!/^SQLITE_(NOTADB|CANTOPEN|READONLY|PERM|IOERR)/.test(code)) throw error
      throw unusable(error)
    }
  }

  /** The tables, then every migration this file has not had yet; marks the file as the emulator's. */
  private createTables(): void {
    this.db.exec(TABLES)
    // A version newer than this one's was refused by checkFile, before anything was written.
    const version = this.db.pragma('user_version', { simple: true }) as number
    for (const [i, migration] of MIGRATIONS.entries()) if (i >= version) this.db.exec(migration)
    this.db.pragma(`user_version = ${MIGRATIONS.length}`)
    this.db.pragma(`application_id = ${APPLICATION_ID}`)
  }

  /**
   * Notices commits by other processes since the last call, and then counts every cached read as
   * stale. Call it once per request, before the request reads anything cached: a write another
   * process has acknowledged is then never missed.
   */
  noticeOtherWriters(): void {
    if (this.dataVersion === null) return
    const version = this.dataVersion.get()
    if (version === this.lastDataVersion) return
    this.lastDataVersion = version
    this.generation++
  }

  /** Counts every cached read as stale: after this process writes a table that is cached. */
  invalidate(): void {
    this.generation++
  }

  get open(): boolean {
    return this.db.open
  }

  prepare(sql: string): Statement {
    return this.db.prepare(sql)
  }

  /** Runs SQL without results (DDL inside a transaction); prepared statements are made again as needed. */
  exec(sql: string): void {
    this.db.exec(sql)
  }

  /** Runs work under SQLite's write lock, so no other connection or process interleaves with it. */
  immediate<T>(work: () => T): T {
    // While writes fail, a commit says they work again only if it wrote something: one that changed
    // nothing (a refused cancel) touches no disk. Counted only then, so it costs nothing otherwise.
    const before = this.writeFailure === null ? 0 : this.changes()
    try {
      const result = this.inImmediateTransaction(work) as T
      if (this.writeFailure !== null && this.changes() !== before) this.writeFailure = null
      return result
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string }
      if (code !== undefined && /^SQLITE_(FULL|IOERR|READONLY)/.test(code)) this.writeFailure = `${message} (${code})`
      throw error
    }
  }

  /** Rows changed through this connection so far. Prepared on first use: a damaged file is refused before. */
  private changes(): unknown {
    return (this.totalChanges ??= this.db.prepare('SELECT total_changes()').pluck()).get()
  }

  /**
   * While writes fail, tries one small real write, committed (a rolled-back one may never reach the
   * disk), so that readiness returns without waiting for traffic. Nothing to do while writes succeed.
   */
  retryWrite(): void {
    if (this.writeFailure === null) return
    this.probe ??= this.db.prepare("INSERT INTO meta (key, value) VALUES ('write-probe', ?) " +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    try {
      this.immediate(() => this.probe!.run(new Date().toISOString()))
    } catch {
      // Noted in writeFailure when the disk is the reason.
    }
  }

  /**
   * Runs a read-check-write that must not interleave with another. An in-memory database belongs to
   * this process, where synchronous work is already atomic, so it skips the transaction.
   */
  atomically<T>(work: () => T): T {
    return this.shared ? this.immediate(work) : work()
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
