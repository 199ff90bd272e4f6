// What a new world costs in isolation mode: the time to create one (the first request of a new
// app id) and what it adds to the database file, over a boot world of DEPLOYMENTS deployments.
// Run after `npm run build`: node bench/worlds.mjs [deployments] [worlds]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openState, serve, closeState } from '../dist/state.js'

const DEPLOYMENTS = Number(process.argv[2] ?? 20_000)
const WORLDS = Number(process.argv[3] ?? 10)
const STATUSES = ['New', 'Approved', 'Scheduled', 'Sent', 'Cancelled']

const deployments = Array.from({ length: DEPLOYMENTS }, (_, i) => ({
  Brand: 'FOO', TrackId: `FOO${String(i).padStart(9, '0')}`,
  DeploymentName: `Weekly newsletter number ${i} for subscribers`,
  OwnerUserId: 'omailAccount1', Status: STATUSES[i % STATUSES.length], CreatedDate: '2026-01-01 09:00:00',
  ...(i % 5 === 2 ? { ScheduledDate: '2030-01-01 09:00:00' } : {}),
  ...(i % 5 === 3 ? { SentDate: '2026-01-02 09:00:00' } : {}),
}))
const world = { apps: [{ AppId: 'sandbox-app-id', Brands: ['FOO'] }], deployments }

const dir = mkdtempSync(join(tmpdir(), 'worlds-'))
const file = join(dir, 'omeda.db')
// What the database holds (committed pages, the WAL's included), and what is on disk (file and WAL).
const logical = () => {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('page_count', { simple: true }) * db.pragma('page_size', { simple: true })
  } finally { db.close() }
}
const onDisk = () => ['', '-wal'].reduce((sum, suffix) => {
  try { return sum + statSync(file + suffix).size } catch { return sum }
}, 0)
const state = openState(
  {
    db: file,
    journalLimit: 10_000,
    journalBodyLimit: 16_384,
    isolation: 'app-id',
    timezone: 'UTC',
    metrics: false,
    maxWorlds: 100_000
  },
  () => {}
)
serve(state, world, true)
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
const start = { logical: logical(), disk: onDisk() }
const times = []
for (let i = 0; i < WORLDS; i++) {
  const t0 = process.hrtime.bigint()
  state.tenancy.enter(`sandbox-app-id+w${i}`)
  times.push(Number(process.hrtime.bigint() - t0) / 1e6)
}
const end = { logical: logical(), disk: onDisk() }
times.sort((a, b) => a - b)
console.log(JSON.stringify({
  deployments: DEPLOYMENTS, worlds: WORLDS,
  msPerWorld: { median: +times[Math.floor(times.length / 2)].toFixed(1), max: +times.at(-1).toFixed(1) },
  jsonMb: +mb(JSON.stringify(world).length),
  databaseMb: {
    afterBoot: +mb(start.logical), afterWorlds: +mb(end.logical), perWorld: +mb((end.logical - start.logical) / WORLDS),
  },
  fileAndWalMb: {
    afterBoot: +mb(start.disk), afterWorlds: +mb(end.disk), perWorld: +mb((end.disk - start.disk) / WORLDS),
  },
}))
closeState(state)
rmSync(dir, { recursive: true, force: true })
