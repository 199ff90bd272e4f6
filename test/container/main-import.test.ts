// `testcontainers` is an optional peer dependency: a user who never imports
// 'omeda-emulator/testcontainers' may not have it installed, so the package's main import and its
// client must never load it. Checked on the built package (dist/), as users import it, with a
// resolve hook that refuses the name. `npm test` builds dist/ first.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'omeda-no-testcontainers-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
writeFileSync(join(dir, 'hook.mjs'), `
export async function resolve(specifier, context, next) {
  if (specifier === 'testcontainers' || specifier.startsWith('testcontainers/')) {
    throw new Error('testcontainers was loaded by ' + context.parentURL)
  }
  return next(specifier, context)
}
`)
writeFileSync(join(dir, 'register.mjs'),
  `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)})\n`)

/** Imports a built module under the hook: the exit code and what it printed. */
function importBuilt(file: string): { status: number | null; output: string } {
  const url = pathToFileURL(join(ROOT, 'dist', file)).href
  const run = spawnSync(process.execPath, [
    '--import', pathToFileURL(join(dir, 'register.mjs')).href,
    '--input-type=module', '-e', `await import(${JSON.stringify(url)}); console.log('imported')`,
  ], { encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

for (const file of ['index.js', 'client.js']) {
  t.test(`dist/${file} imports without loading testcontainers`, async (t) => {
    const { status, output } = importBuilt(file)
    t.equal(status, 0, output)
    t.match(output, /^imported$/m)
  })
}

t.test('the hook does refuse it: dist/testcontainers.js cannot be imported under it', async (t) => {
  const { status, output } = importBuilt('testcontainers.js')
  t.not(status, 0)
  t.match(output, /testcontainers was loaded by .*\/dist\/testcontainers\.js/)
})
