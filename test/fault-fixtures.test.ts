// Faults a fixture file declares: in place when the world is built from the fixtures (so a CI
// service container boots already unhappy), back after a full reset, kept as they are in a stored
// world, and checked as the admin API checks a fault, each problem named by its file and place.
import t from 'tap'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { FixtureError, loadFixtures } from '../src/seed/files.js'
import { admin, build, cancel, lookup, TEST_WORLD } from './helpers.js'

const unhappy = {
  apps: [],
  deployments: [],
  faults: [
    { action: 'rate-limit', endpoint: 'cancel', retryAfter: 5, times: 1 },
    { action: 'gateway', status: 504, brand: 'BAR' },
  ],
}

t.test('a world built from fixtures starts with their faults, and a reset puts them back', async (t) => {
  const dir = t.testdir({ 'unhappy.json': JSON.stringify(unhappy) })
  const app = await build(t, { fixtures: [TEST_WORLD, join(dir, 'unhappy.json')] })
  const client = admin(app)
  t.match(await client.faults(), [
    { action: 'rate-limit', endpoint: 'cancel', retryAfter: 5, remaining: 1 },
    { action: 'gateway', status: 504, brand: 'BAR', remaining: null },
  ])
  const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  const limited = await cancel(app, body)
  t.same([limited.statusCode, limited.headers['retry-after']], [429, '5'], 'the first call meets the fault')
  t.equal((await cancel(app, body)).statusCode, 200, 'used up')
  t.equal((await lookup(app, 'BAR261124001', { brand: 'BAR' })).statusCode, 504)
  await client.clearFaults()
  t.same(await client.faults(), [])

  await client.reset()
  t.equal((await client.faults()).length, 2, 'a full reset puts them back')
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124002' })).statusCode, 429)
})

t.test('a stored world keeps the faults it has: a restart adds none', async (t) => {
  const dir = t.testdir({ 'unhappy.json': JSON.stringify(unhappy) })
  const config = { fixtures: [TEST_WORLD, join(dir, 'unhappy.json')], db: join(dir, 'world.db') }
  const first = await build(t, config)
  await admin(first).removeFault((await admin(first).faults())[0]!.id)
  await first.close()
  const second = await build(t, config)
  t.match(await admin(second).faults(), [{ action: 'gateway' }], 'as the stored world left them')
})

t.test('faults in fixtures are checked like the admin API checks them, by file and place', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'bad.json')
  writeFileSync(file, JSON.stringify({
    apps: [], deployments: [],
    faults: [
      { action: 'gateway', endpoint: 'Cancel' },
      { action: 'slow-body', durationMs: 100, status: 500 },
      { action: 'respond', headers: { 'X-Evil': 'a\nb' } },
      { action: 'explode' },
      { action: 'status', times: 1 },
    ],
  }))
  const error = t.throws(() => loadFixtures([TEST_WORLD, file])) as FixtureError
  t.ok(error instanceof FixtureError)
  t.match(error.problems, [
    new RegExp(`^${file}: /faults/3/action: must be one of 'status'`),
    new RegExp(`^${file}: /faults/0/endpoint: must be one of 'cancel'`),
    `${file}: /faults/1/status: does nothing for a 'slow-body' fault`,
    new RegExp(`^${file}: /faults/2/headers/X-Evil: must be one line`),
  ])
  t.equal(error.problems.length, 4, 'the valid fault is not a problem')
})
