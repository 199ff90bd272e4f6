// `omeda-emulator verify` as the built bundle runs it: a session recorded through the fake upstream,
// verified by a separate process, exits 0 when faithful, 1 on a difference, 2 on a bad file.
import t from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runMain, TEST_WORLD } from '../helpers.js'
import { fakeUpstream } from '../parity/fake-upstream.js'
import { folder, OWNER, SessionBuilder } from '../parity/session-builder.js'

t.test('the built verify command: exit 0, 1 and 2', async (t) => {
  const upstream = await fakeUpstream(t)
  const builder = new SessionBuilder(t, upstream)
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261124001/*' })
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO261124001' } })
  const clean = (await builder.write(t, 'clean.har')).file
  upstream.mutate((answer) => ({ ...answer, status: 409 }))
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO000000000' } })
  const mutated = (await builder.write(t, 'mutated.har')).file
  const broken = join(folder(t), 'broken.har')
  writeFileSync(broken, '{"log":')

  const faithful = await runMain(['verify', clean], { OMEDA_FIXTURES: TEST_WORLD }, { built: true })
  t.equal(faithful.code, 0, faithful.stderr)
  t.match(faithful.stdout, /\n2 exchanges, 0 differences\n$/)

  const json = join(folder(t), 'out.json')
  const drifted = await runMain(['verify', mutated, '--json', json], { OMEDA_FIXTURES: TEST_WORLD }, { built: true })
  t.equal(drifted.code, 1, drifted.stderr)
  t.match(drifted.stdout, '  cancel    status  status  409       404\n')
  t.match(drifted.stdout, /\n3 exchanges, 1 difference\n$/)

  const bad = await runMain(['verify', broken], { OMEDA_FIXTURES: TEST_WORLD }, { built: true })
  t.equal(bad.code, 2)
  t.match(bad.stderr, /^omeda-emulator: the session file .*broken\.har is not JSON: .*\n$/)
  t.equal(bad.stdout, '')
})
