// The in-process examples the README and docs/testing.md show, each run as its own process against
// the built package (the shipped world, on purpose): under node:test, tap and plain Node. The runners'
// examples restore a snapshot before each test; their second test fails unless it starts from it.
import t from 'tap'
import { join } from 'node:path'
import { ROOT, run } from '../spawn.mjs'

t.test('under node:test, the README example\'s two tests pass and the runner exits on its own', async (t) => {
  const example = join(ROOT, 'test', 'examples', 'in-process.node-test.mjs')
  const result = await run([process.execPath, '--test', '--test-reporter=tap', example], { env: { NODE_OPTIONS: '' } })
  t.equal(result.code, 0, result.stdout + result.stderr)
  t.match(result.stdout, /# pass 2\n# fail 0/)
})

t.test('under tap, the example\'s two tests pass and the process exits on its own', async (t) => {
  // A tap test file is also a plain Node script; vitest's example runs in the package stage of CI.
  const result = await run(
    [process.execPath, join(ROOT, 'test', 'examples', 'in-process.tap.mjs')],
    { env: { NODE_OPTIONS: '' } }
  )
  t.equal(result.code, 0, result.stdout + result.stderr)
  t.match(result.stdout, /^ok 1 - cancels a scheduled deployment/m)
  t.match(result.stdout, /^ok 2 - an unknown app id is refused, and the deployment is still Scheduled/m)
  t.notMatch(result.stdout, /not ok/)
})

t.test('the framework-free example prints what it says', async (t) => {
  const result = await run(
    [process.execPath, join(ROOT, 'test', 'examples', 'in-process.plain.mjs')],
    { env: { NODE_OPTIONS: '' } }
  )
  t.same(result, { code: 0, stdout: '200 200 Cancelled\n', stderr: '' })
})
