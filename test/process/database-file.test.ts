// A --db file the emulator must not use — another program's SQLite file, a damaged or truncated one —
// stops start-up with exit 2 and one line naming the path and the reason, and is left byte for byte
// as it was: no switch to WAL, no tables added, no -wal or -shm beside it.
import t from 'tap'
import BetterSqlite3 from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Database } from '../../src/db/database.js'
import { runMain } from '../helpers.js'

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** Bytes that look random, the same on every run (SHA-256 of a counter). */
const noise = (length: number) =>
  Buffer.concat(Array.from(
    { length: Math.ceil(length / 32) },
    (_, i) => createHash('sha256').update(String(i)).digest()
  )).subarray(0, length)

function sqliteFile(file: string, sql: string): string {
  const db = new BetterSqlite3(file)
  db.exec(sql)
  db.close()
  return file
}

/** An emulator database of many pages, written and closed by the emulator itself. */
function emulatorFile(file: string): string {
  const db = new Database(file)
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
    INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(200)) FROM n`).run()
  db.close()
  return file
}

t.test('a foreign or damaged file is refused in one line, exit 2, and left unchanged', async (t) => {
  const dir = t.testdir({})
  const at = (name: string) => join(dir, name)
  const header = readFileSync(sqliteFile(at('tiny.db'), 'CREATE TABLE t (x)')).subarray(0, 100)
  writeFileSync(at('scrambled.db'), Buffer.concat([header, noise(16_384 - 100)]))
  const truncated = emulatorFile(at('truncated.db'))
  truncateSync(truncated, Math.floor(statSync(truncated).size / 2 / 4096) * 4096)
  const cases: [string, RegExp][] = [
    [sqliteFile(
      at('shop.db'),
      "CREATE TABLE deployments (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO deployments (title) VALUES ('v1')"
    ),
    /the file is not an emulator database: its table 'deployments' has no column 'tenant'$/],
    [sqliteFile(at('notes.db'), "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')"),
      /the file is not an emulator database: it holds a table 'notes' that the emulator never writes$/],
    [sqliteFile(at('other-app.db'), 'PRAGMA application_id = 1234; CREATE TABLE apps (x)'),
      /the file belongs to another program \(its application_id is 1234\), not to the emulator$/],
    [at('scrambled.db'), /the file is damaged \(.*malformed.*\)$/],
    [truncated, /the file is damaged \(.+\)$/],
  ]
  for (const [file, reason] of cases) {
    const before = hash(file)
    // A file wrongly accepted would start a server that never exits: 20 s is far beyond a refusal.
    const res = await runMain(['--port', '0', '--db', file], {}, { timeoutMs: 20_000 })
    t.equal(res.code, 2, `${file}: exit 2`)
    t.equal(res.stdout, '')
    const line = `omeda-emulator: cannot open the database ${file}: `
    t.ok(
      res.stderr.startsWith(line) && res.stderr.endsWith('\n') && res.stderr.split('\n').length === 2,
      'one line naming the path'
    )
    t.match(res.stderr.slice(line.length, -1), reason, 'and the reason')
    t.equal(hash(file), before, 'the file is unchanged')
    t.same(
      readdirSync(dir).filter((name) => name.startsWith(file.slice(dir.length + 1)) &&
        name !== file.slice(dir.length + 1)),
      [],
      'no -wal, -shm or -journal'
    )
  }
})
