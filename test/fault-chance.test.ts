// Faults by chance: a probability with a seed faults the same calls in every run, one that did not
// fire says so in the journal and the metrics, `times` counts the calls faulted, and waits follow
// their law (fixed, even, or log-normal with a median and a 99th percentile).
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { drawsOf, seededDraw, waitOf } from '../src/sandbox/fault-chance.js'
import { admin, build, lookup } from './helpers.js'

/** Which of `count` lookups a 5 % fault seeded 42 fails, in one new emulator, on alternate URL forms. */
async function faultedCalls(app: FastifyInstance, count: number): Promise<number[]> {
  await admin(app).fault({ action: 'status', status: 503, probability: 0.05, seed: 42 })
  const faulted: number[] = []
  for (let i = 0; i < count; i++) {
    const res = await lookup(app, 'FOO261124001', { prefix: i % 2 === 0 ? 'vendor' : 'short' })
    if (res.statusCode === 503) faulted.push(i)
    else if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`)
  }
  return faulted
}

t.test('a seeded 5 % fault fires on the same calls in two runs', async (t) => {
  const first = await faultedCalls(await build(t), 300)
  const second = await faultedCalls(await build(t), 300)
  t.same(second, first, `the same calls: ${first.join(', ')}`)
  t.ok(first.length >= 3 && first.length <= 40, `about 5 % of 300 (${first.length})`)
  const other = await build(t)
  await admin(other).fault({ action: 'status', probability: 0.05, seed: 7 })
  const unseeded: number[] = []
  for (let i = 0; i < 300; i++) if ((await lookup(other, 'FOO261124001')).statusCode === 503) unseeded.push(i)
  t.not(unseeded.join(), first.join(), 'another seed, another sequence')
})

t.test('a fault that did not fire is journaled and counted as skipped', async (t) => {
  const app = await build(t, { metrics: true })
  const client = admin(app)
  const fault = await client.fault({ action: 'status', probability: 0.5, seed: 3, endpoint: 'lookup' })
  for (let i = 0; i < 40; i++) await lookup(app, 'FOO261124001')
  const rows = await client.submissions({ endpoint: 'lookup' })
  const fired = rows.filter((row) => row.FaultId === fault.id)
  const skipped = rows.filter((row) => row.SkippedFaultId === fault.id)
  t.equal(fired.length + skipped.length, 40, 'every matching call is one or the other')
  t.ok(fired.length > 0 && skipped.length > 0, `both happen (${fired.length} fired)`)
  t.ok(fired.every((row) => row.StatusCode === 503 && row.SkippedFaultId === null))
  t.ok(skipped.every((row) => row.StatusCode === 200 && row.FaultId === null))
  const metrics = (await app.inject('/__admin/metrics')).body
  t.match(metrics, `omeda_faults_total{action="status",outcome="fired"} ${fired.length}`)
  t.match(metrics, `omeda_faults_total{action="status",outcome="skipped"} ${skipped.length}`)
  t.match(metrics, `omeda_requests_total{endpoint="lookup",status="200",fault="skipped"} ${skipped.length}`)
  t.match(metrics, `omeda_requests_total{endpoint="lookup",status="503",fault="injected"} ${fired.length}`)
})

t.test('times counts the calls faulted; probability 0 never fires, 1 always', async (t) => {
  const app = await build(t, { metrics: true })
  const client = admin(app)
  await client.fault({ action: 'status', probability: 0.5, seed: 11, times: 3 })
  let faulted = 0
  for (let i = 0; i < 60; i++) if ((await lookup(app, 'FOO261124001')).statusCode === 503) faulted += 1
  t.equal(faulted, 3, 'three faulted calls, however many matched')
  t.same(await client.faults(), [], 'then used up')
  await client.fault({ action: 'status', probability: 0 })
  await client.fault({ action: 'status', status: 502, probability: 1 })
  const counted = async (outcome: string) => Number(new RegExp(
    `omeda_faults_total\\{action="status",outcome="${outcome}"\\} (\\d+)`
  ).exec((await app.inject('/__admin/metrics')).body)?.[1])
  const before = [await counted('skipped'), await counted('fired')]
  const res = await lookup(app, 'FOO261124001')
  t.equal(res.statusCode, 502, 'a fault that does not fire lets the next one that matches act')
  t.match((await client.submissions({ statusCode: 502 }))[0], { SkippedFaultId: null }, 'named only when none fired')
  t.same([await counted('skipped'), await counted('fired')], [before[0]! + 1, before[1]! + 1],
    'yet the one that did not fire is counted as skipped, beside the one that fired')
})

t.test('waits: a seeded log-normal wait is the one its draw gives, and the law has its median and p99', async (t) => {
  const effect = { action: 'delay' as const, delayMs: 40, delayP99Ms: 400, seed: 5 }
  const waits = Array.from({ length: 20_000 }, (_, n) => waitOf(effect, drawsOf(5, n))).sort((a, b) => a - b)
  const median = waits[10_000]!
  const p99 = waits[19_800]!
  t.ok(median >= 36 && median <= 44, `median ${median} near 40`)
  t.ok(p99 >= 340 && p99 <= 470, `p99 ${p99} near 400`)
  const evenly = { action: 'delay' as const, delayMs: 10, delayMaxMs: 20 }
  const even = Array.from({ length: 2000 }, (_, n) => waitOf(evenly, drawsOf(9, n)))
  t.ok(even.every((w) => w >= 10 && w <= 20) && new Set(even).size === 11, 'even between the two, ends included')
  t.equal(waitOf({ action: 'delay', delayMs: 25 }, drawsOf(undefined, 0)), 25, 'fixed')
  t.not(seededDraw(1, 0, 0), seededDraw(2, 0, 0), 'seeds differ')

  const app = await build(t)
  await admin(app).fault({ action: 'delay', delayMs: 60, delayP99Ms: 600, seed: 5, times: 1 })
  const expected = waitOf({ action: 'delay', delayMs: 60, delayP99Ms: 600 }, drawsOf(5, 0))
  const started = performance.now()
  t.equal((await lookup(app, 'FOO261124001')).statusCode, 200)
  t.ok(performance.now() - started >= expected - 5, `waited its draw (${expected} ms)`)
})
