// Every Node version the package claims (`engines`) must be accepted by every runtime dependency it
// installs, or an engine-strict install refuses the package. CI also installs the packed package
// with --engine-strict on each Node version; this check names the culprit without a network.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'
import { ROOT } from './spawn.mjs'

interface Locked { version?: string, dev?: boolean, engines?: { node?: string } | string[] }
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'))
const manifest = read('package.json') as { engines: { node: string } }
const lock = read('package-lock.json') as { packages: Record<string, Locked> }
// Old packages may still write engines as an array of strings; npm ignores that form.
const nodeRange = (entry: Locked | undefined) =>
  (entry?.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined)

t.test('the lockfile is in step with package.json', async (t) => {
  t.equal(nodeRange(lock.packages['']), manifest.engines.node)
})

t.test('every runtime dependency accepts every Node version in engines', async (t) => {
  const claimed = manifest.engines.node
  const refusing = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dev !== true)
    .flatMap(([path, entry]) => {
      const wanted = nodeRange(entry)
      const name = path.replace(/^.*node_modules\//, '')
      return wanted && !semver.subset(claimed, wanted) ? [`${name}@${entry.version}: node ${wanted}`] : []
    })
  t.same(refusing, [], `engines claims ${claimed}`)
})
