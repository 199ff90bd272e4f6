// `npm run bench`: drives the emulator (built, as a real process) and a bare Fastify baseline over
// HTTP with autocannon, in the same run, and prints a table of figures and ratios; the same figures
// go to bench/last-run.json. Not part of `npm test`.
// Env: BENCH_DURATION (seconds per round, 5), BENCH_ROUNDS (3), BENCH_SCALE (10000,100000,1000000).
import autocannon from 'autocannon'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { memory, ROOT, startServer } from '../test/spawn.mjs'
import { BENCH_APP, trackId, writeWorld } from './world.mjs'

const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SCALES = (process.env.BENCH_SCALE ?? '10000,100000,1000000').split(',').map(Number)
const CONNECTIONS = [1, 10, 50]
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const CLOCK_TICKS = 100
const work = mkdtempSync(join(tmpdir(), 'omeda-bench-'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args)

// Each server's log goes to /dev/null, as a user's would go to a file: the load generator must not
// spend its CPU reading it. Its own process group, so stopping `npm start` stops the server npm
// started too. Ready at the first successful readiness answer (no time limit: a large world loads slowly).
const server = (command, env = {}, readyPath = '/__admin/ready') =>
  startServer(command, { env, readyPath, stdout: 'ignore', stderr: 'inherit', detached: true, timeoutMs: Infinity })
const emulator = (env = {}) => server('dist/main.js', env)
const baseline = () => server('bench/baseline.mjs', {}, '/ready')
const npmStart = () => server(['npm', 'start', '--silent'])

/** CPU time (user + system) a process has used, in µs: what a request costs the server itself. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS)
}

async function load(server, connections, request, options = {}) {
  const cpuBefore = cpuMicros(server.pid)
  const result = await autocannon({
    url: server.url, connections, duration: DURATION, pipelining: 1, ...options,
    requests: [request],
  })
  const cpuUsPerRequest = (cpuMicros(server.pid) - cpuBefore) / result.requests.total
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUsPerRequest, errors: result.errors, non2xx: result.non2xx }
}

async function rounds(server, connections, request) {
  const runs = []
  for (let i = 0; i < ROUNDS; i++) runs.push(await load(server, connections, request))
  return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)),
    cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)) }
}

const cancelPath = '/webservices/rest/brand/B/omail/deployment/cancel/*'
const headers = (appId = BENCH_APP) => ({ 'content-type': 'application/json', 'x-omeda-appid': appId })
const body = (TrackId) => JSON.stringify({ UserId: 'benchUser', TrackId })
let nextFresh = 0
const PATHS = {
  '404 not found': { method: 'POST', path: cancelPath, headers: headers(), body: body('BNOSUCH') },
  '403 app id': { method: 'POST', path: cancelPath, headers: headers('wrong-app-id'), body: body('B0000000') },
  '400 cancelled': { method: 'POST', path: cancelPath, headers: headers(), body: body('BCANCELLED') },
  '200 success': {
    method: 'POST', path: cancelPath, headers: headers(),
    setupRequest: (req) => ({ ...req, body: body(trackId(nextFresh++)) }),
  },
}
const baselineRequest = { method: 'POST', path: cancelPath, headers: headers(), body: body('B0000000') }

const results = { machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  durationSeconds: DURATION, rounds: ROUNDS, throughput: [], startup: {}, scale: [], memory: {}, fileDb: [] }

try {
  const freshNeeded = 400_000
  const worldFile = join(work, 'bench.json')
  writeWorld(worldFile, freshNeeded)
  const fixtures = { OMEDA_FIXTURES: `${join(ROOT, 'fixtures', 'default.json')},${worldFile}` }

  // 1. Throughput and latency against the baseline
  log('throughput: baseline')
  const base = await baseline()
  const baseFigures = {}
  for (const c of CONNECTIONS) baseFigures[c] = await rounds(base, c, baselineRequest)
  await base.stop()
  const emu = await emulator(fixtures)
  for (const [name, request] of Object.entries(PATHS)) {
    for (const c of CONNECTIONS) {
      log(`throughput: ${name} at ${c}`)
      const figures = await rounds(emu, c, request)
      results.throughput.push({ path: name, connections: c, ...figures, baselineRps: baseFigures[c].rps,
        ratio: figures.rps / baseFigures[c].rps, baselineP99: baseFigures[c].p99,
        baselineCpuUsPerRequest: baseFigures[c].cpuUsPerRequest })
    }
  }
  if (nextFresh > freshNeeded) log(`warning: ${nextFresh - freshNeeded} success-path requests ran out of fresh TrackIds`)

  // 5. What watching costs: the cancel path with metrics on (the default, no event consumer) against
  // metrics off, servers alternating round by round so that the machine's drift hits both alike.
  log('observability: metrics on vs off')
  const off = await emulator({ ...fixtures, OMEDA_METRICS: 'false' })
  const watch = { on: [], off: [] }
  for (let i = 0; i < ROUNDS; i++) {
    watch.on.push((await load(emu, 10, PATHS['400 cancelled'])).rps)
    watch.off.push((await load(off, 10, PATHS['400 cancelled'])).rps)
  }
  await off.stop()
  results.observability = { onRps: median(watch.on), offRps: median(watch.off), ratio: median(watch.on) / median(watch.off) }

  // 4. Memory: RSS after warm-up vs after 200 k mixed requests (the journal cap keeps it flat)
  log('memory: 200 k mixed requests')
  const mixed = [PATHS['404 not found'], PATHS['403 app id'], PATHS['400 cancelled'],
    { method: 'GET', path: '/webservices/rest/brand/B/omail/deployment/lookup/B0000001/*', headers: headers() }]
  await autocannon({ url: emu.url, connections: 10, amount: 20_000, requests: mixed })
  const warm = memory(emu.pid)
  await autocannon({ url: emu.url, connections: 10, amount: 200_000, requests: mixed })
  const after = memory(emu.pid)
  results.memory = { afterWarmupMb: warm.rssMb, after200kMb: after.rssMb, growthMb: after.rssMb - warm.rssMb }
  await emu.stop()

  // 2. Start-up: spawn → first successful ready, default fixtures vs baseline; and `npm start`
  // (which bundles first) vs the built server it runs
  log('start-up')
  // HTTPS as users run it after the first start: the CA and server certificate kept in the folder.
  const https = () => emulator({ OMEDA_TLS_PORT: '0', OMEDA_TLS_DIR: join(work, 'tls') })
  await (await https()).stop()
  const times = { emulator: [], baseline: [], npmStart: [], https: [] }
  for (let i = 0; i < 5; i++) {
    for (const [name, start] of [['emulator', emulator], ['baseline', baseline], ['npmStart', npmStart], ['https', https]]) {
      const server = await start()
      times[name].push(server.startupMs)
      await server.stop()
    }
  }
  const [emulatorMs, baselineMs, npmStartMs, httpsMs] = [times.emulator, times.baseline, times.npmStart, times.https].map(median)
  results.startup = { emulatorMs, baselineMs, ratio: emulatorMs / baselineMs, npmStartMs, npmStartRatio: npmStartMs / emulatorMs, httpsMs, httpsRatio: httpsMs / emulatorMs }

  // 3. Scale: load N deployments, then cancel latency at that size
  for (const size of SCALES) {
    log(`scale: ${size}`)
    const file = join(work, `scale-${size}.json`)
    writeWorld(file, size)
    const e = await emulator({ OMEDA_FIXTURES: file })
    const loaded = memory(e.pid)
    nextFresh = 0
    const latency = await load(e, 1, PATHS['200 success'])
    results.scale.push({ deployments: size, loadMs: e.startupMs, peakRssMb: loaded.peakMb, cancelP50: latency.p50, cancelP99: latency.p99, cancelRps: latency.rps })
    await e.stop()
    rmSync(file)
  }

  // 5. File database (WAL) vs in-memory
  for (const db of [':memory:', join(work, 'bench.db')]) {
    log(`database: ${db}`)
    const e = await emulator({ ...fixtures, OMEDA_DB: db })
    nextFresh = 0
    const success = await rounds(e, 10, PATHS['200 success'])
    const cancelled = await rounds(e, 10, PATHS['400 cancelled'])
    results.fileDb.push({ db: db === ':memory:' ? 'in-memory' : 'file (WAL)', successRps: success.rps, successP99: success.p99, cancelledRps: cancelled.rps })
    await e.stop()
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

const pct = (x) => `${(x * 100).toFixed(0)} %`
const lines = [
  `Machine: ${results.machine}; ${ROUNDS} rounds of ${DURATION} s, medians.`, '',
  '| path | conns | req/s | baseline req/s | ratio | p50 ms | p99 ms | server CPU µs/req | baseline CPU µs/req |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.throughput.map((r) => `| ${r.path} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.baselineRps.toFixed(0)} | ${pct(r.ratio)} | ${r.p50} | ${r.p99} | ${r.cpuUsPerRequest.toFixed(0)} | ${r.baselineCpuUsPerRequest.toFixed(0)} |`),
  '',
  `Start-up to ready: emulator ${results.startup.emulatorMs.toFixed(0)} ms, baseline ${results.startup.baselineMs.toFixed(0)} ms, ratio ${results.startup.ratio.toFixed(2)}×`,
  `\`npm start\` with nothing changed: ${results.startup.npmStartMs.toFixed(0)} ms, ${results.startup.npmStartRatio.toFixed(2)}× \`node dist/main.js\``,
  `With HTTPS on (certificates kept): ${results.startup.httpsMs.toFixed(0)} ms, ${results.startup.httpsRatio.toFixed(2)}× without`,
  `Metrics on, no event consumer (400 cancelled, 10 conns): ${results.observability.onRps.toFixed(0)} req/s, ` +
    `${pct(results.observability.ratio)} of metrics off (${results.observability.offRps.toFixed(0)} req/s); target ≥ 95 %`,
  '',
  '| deployments | spawn → ready ms | peak RSS MB | cancel p50 ms | cancel p99 ms | cancel req/s (1 conn) |', '|---|---|---|---|---|---|',
  ...results.scale.map((s) => `| ${s.deployments} | ${s.loadMs.toFixed(0)} | ${s.peakRssMb.toFixed(0)} | ${s.cancelP50} | ${s.cancelP99} | ${s.cancelRps.toFixed(0)} |`),
  '',
  `Memory: RSS ${results.memory.afterWarmupMb.toFixed(1)} MB after warm-up, ${results.memory.after200kMb.toFixed(1)} MB after 200 k mixed requests (${results.memory.growthMb >= 0 ? '+' : ''}${results.memory.growthMb.toFixed(1)} MB)`,
  '',
  '| database | success req/s (10 conns) | success p99 ms | cancelled req/s (10 conns) |', '|---|---|---|---|',
  ...results.fileDb.map((d) => `| ${d.db} | ${d.successRps.toFixed(0)} | ${d.successP99} | ${d.cancelledRps.toFixed(0)} |`),
]
console.log(lines.join('\n'))
writeFileSync(join(ROOT, 'bench', 'last-run.json'), `${JSON.stringify(results, null, 2)}\n`)
