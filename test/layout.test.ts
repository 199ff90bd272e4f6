// The source tree's own rules (docs/development.md): each file's name says what it is and is its
// own, and a module stays small enough to read as one concern.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join, relative } from 'node:path'
import { ROOT } from './helpers.js'

const SRC = join(ROOT, 'src')
const MAX_LINES = 250
const MODULE = /\.(ts|js|mjs)$/

const everyFile = readdirSync(SRC, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name))
const files = everyFile.filter((file) => MODULE.test(file))

t.test('no two source files share a base name', async (t) => {
  const byName = new Map<string, string[]>()
  for (const file of everyFile) {
    const name = basename(file, extname(file))
    byName.set(name, [...byName.get(name) ?? [], relative(ROOT, file)])
  }
  t.same([...byName.values()].filter((paths) => paths.length > 1), [])
})

t.test(`no source module is over ${MAX_LINES} lines`, async (t) => {
  const long = files.map((file) => ({
    file: relative(ROOT, file),
    lines: readFileSync(file, 'utf8').split('\n').length - 1
  }))
    .filter(({ lines }) => lines > MAX_LINES)
  t.same(long, [])
})

t.test('no folder of src holds a single file', async (t) => {
  const folders = new Map<string, number>()
  for (const file of everyFile) {
    const folder = relative(SRC, join(file, '..'))
    folders.set(folder, (folders.get(folder) ?? 0) + 1)
  }
  t.same([...folders].filter(([folder, count]) => folder !== '' && count < 2).map(([folder]) => folder), [])
})

t.test('no cast on request data: routes and hooks take it as their schemas type it', async (t) => {
  const casts = files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
    .map((line, i) => ({ at: `${relative(ROOT, file)}:${i + 1}`, line }))
    .filter(({ line }) => /\brequest\.(body|params|query|headers)\b[^;]*\)?\s+as\s+[A-Z{[a-z]/.test(line)))
  t.same(casts, [])
})
