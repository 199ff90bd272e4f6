// The journal's body limit as the built process lives it: a stream of large bodies cannot grow
// the server's memory.
import t from 'tap'
import { spawnEmulator } from '../helpers.js'
import { memory } from '../spawn.mjs'

t.test('300 cancels with 1 MB bodies leave the server far smaller than the bodies', async (t) => {
  const emulator = await spawnEmulator([], {}, { built: true })
  t.teardown(() => emulator.stop())
  const body = JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001', Note: 'x'.repeat(1_000_000) })
  const post = () => fetch(`${emulator.url}/FOO/omail/deployment/cancel/*`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-omeda-appid': 'sandbox-app-id' }, body,
  }).then((res) => res.arrayBuffer())
  // Warm up in the same pattern as the measured run (parsers, pools, and the heap's own growth to
  // the size four 1 MB bodies at a time need), so the comparison is what the journal keeps.
  const warmUp = 100
  for (let i = 0; i < warmUp; i += 4) await Promise.all([post(), post(), post(), post()])
  const before = memory(emulator.pid!).rssMb
  const count = 300
  for (let i = 0; i < count; i += 4) await Promise.all([post(), post(), post(), post()])
  // Every row written: the journal counts them (a read flushes the pending batch first).
  const total = await fetch(
    `${emulator.url}/__admin/submissions/count`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }
  )
  t.equal(((await total.json()) as { count: number }).count, warmUp + count)
  const after = memory(emulator.pid!).rssMb
  const storedWholeMb = (count * body.length) / 1024 / 1024
  t.comment(`RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB; the ` +
    `bodies whole would be ${storedWholeMb.toFixed(0)} MB`)
  t.ok(
    after - before < storedWholeMb / 4,
    `RSS grew by ${(after - before).toFixed(0)} MB, under a quarter of the ${storedWholeMb.toFixed(0)} MB sent`
  )
})
