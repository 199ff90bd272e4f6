// Fixtures at start-up, as a process: a hard link or a FIFO in a fixture directory stops it with
// one problem line and exit 1, promptly.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { linkSync } from 'node:fs'
import { join } from 'node:path'
import { runMain } from '../helpers.js'

const app = (AppId = 'qa-app', Brands = ['QA']) => ({ AppId, Brands })

t.test('start-up refuses a hard link and a FIFO in a fixture directory, ' +
  'and a FIFO given itself: promptly, in one problem line', async (t) => {
  const document = JSON.stringify({ apps: [app()], deployments: [] })
  const dir = t.testdir({
    outside: { 'secret.json': document },
    linked: { 'a.json': document },
    piped: { 'a.json': document }
  })
  linkSync(join(dir, 'outside', 'secret.json'), join(dir, 'linked', 'b.json'))
  execFileSync('mkfifo', [join(dir, 'piped', 'b.json'), join(dir, 'alone.json')])
  const cases: [string, string][] = [
    [
      join(dir, 'linked'),
      `${join(dir, 'linked', 'b.json')}: is a hard link (the file has 2 names), so it cannot be proved to be inside ` +
        'the fixture directory; copy the file instead'
    ],
    [join(dir, 'piped'), `${join(dir, 'piped', 'b.json')}: is a FIFO (named pipe), not a fixture file`],
    [join(dir, 'alone.json'), `${join(dir, 'alone.json')}: is a FIFO (named pipe), not a fixture file`],
  ]
  for (const [fixtures, problem] of cases) {
    // A refusal takes a start-up's time; a FIFO that is opened, or a link that is loaded, would run on
    // and be killed after 15 s (code null).
    const res = await runMain(['--port', '0'], { OMEDA_FIXTURES: fixtures }, { timeoutMs: 15_000 })
    t.same(res, { code: 1, stdout: '', stderr: `omeda-emulator: invalid fixtures:\n  ${problem}\n` }, problem)
  }
})
