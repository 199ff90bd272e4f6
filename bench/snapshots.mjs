// The `snapshots` section of `npm run bench`: what a fresh world per test costs, in-process from
// dist/. A restore after one test's change, beside the ways there were before it (a reset, a new
// emulator), at the default world and at 100,000 deployments; and what taking a snapshot, and a
// restore that must copy every deployment (after a reset), cost at that scale.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_APP, BENCH_USER, trackId, writeWorld } from './world.mjs'

const ROUNDS = 15
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
/** The targets for a restore after a test's change, in ms. */
export const SNAPSHOT_TARGETS = { small: 5, large: 100 }

async function timed(work) {
  const t0 = performance.now()
  await work()
  return performance.now() - t0
}

/** One world: the median of ROUNDS (a cancel, then the timed step) for restore, reset and take. */
async function measure(startEmulator, fixtures, cancel) {
  const emulator = await startEmulator(fixtures === undefined ? {} : { fixtures })
  try {
    const times = { take: [], restore: [], reset: [], restoreAll: [] }
    for (let i = 0; i < ROUNDS; i++) {
      times.take.push(await timed(() => emulator.snapshot()))
      await cancel(emulator.url, i)
      times.restore.push(await timed(() => emulator.restoreSnapshot()))
      await cancel(emulator.url, i)
      times.reset.push(await timed(() => emulator.admin.reset()))
      times.restoreAll.push(await timed(() => emulator.restoreSnapshot()))
    }
    return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]))
  } finally {
    await emulator.close()
  }
}

const cancelIn = (brand, appId, user, id) => (url, i) => fetch(
  `${url}/webservices/rest/brand/${brand}/omail/deployment/cancel/*`,
  { method: 'POST', headers: { 'x-omeda-appid': appId, 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: user, TrackId: id(i) }) }).then((res) => res.arrayBuffer())

export async function snapshotFigures() {
  const { startEmulator } = await import('../dist/index.js')
  const fresh = []
  for (let i = 0; i < ROUNDS; i++) fresh.push(await timed(async () => (await startEmulator()).close()))
  const small = await measure(startEmulator, undefined,
    cancelIn('FOO', 'sandbox-app-id', 'omailAccount1', () => 'FOO261124001'))
  const dir = mkdtempSync(join(tmpdir(), 'omeda-bench-snapshots-'))
  try {
    const file = join(dir, 'world.json')
    writeWorld(file, 100_000)
    const large = await measure(startEmulator, file, cancelIn('B', BENCH_APP, BENCH_USER, (i) => trackId(i)))
    return { freshStartMs: median(fresh), small, large }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function snapshotLines({ freshStartMs, small, large }) {
  const row = (label, f, target) => `| ${label} | ${f.restore.toFixed(1)} | ${f.reset.toFixed(1)} | ` +
    `${(f.reset / f.restore).toFixed(1)}× | ${f.take.toFixed(1)} | ${f.restoreAll.toFixed(1)} | ≤ ${target} ms | ` +
    `${f.restore <= target ? 'met' : 'missed'} |`
  return ['| world | restore ms (after a cancel) | reset ms | reset ÷ restore | take ms | restore of every row ms | ' +
    'target | met |', '|---|---|---|---|---|---|---|---|',
  row('default (shipped fixtures)', small, SNAPSHOT_TARGETS.small),
  row('100,000 deployments', large, SNAPSHOT_TARGETS.large),
  `A new startEmulator() and close() instead: ${freshStartMs.toFixed(1)} ms ` +
    `(${(freshStartMs / small.restore).toFixed(0)}× a restore of the default world).`, '']
}
