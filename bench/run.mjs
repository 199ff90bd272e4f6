// `npm run bench`: drives the emulator (built, as a real process) and a bare Fastify baseline over
// HTTP with autocannon, in the same run, and prints a table of figures and ratios; the same figures
// go to bench/last-run.json. Not part of `npm test`.
// Both servers run side by side and are measured in alternating rounds, so the machine's drift hits
// both alike; on two or more cores the servers run on one core and the load generator on another.
// Env: BENCH_DURATION (seconds per round, 5), BENCH_ROUNDS (3), BENCH_SCALE (10000,100000,1000000),
// BENCH_ONLY (a comma list of sections: start, snapshots, record, throughput, edits, lifecycle, send, faults,
// observability, streams, memory, startup, scale, filedb; all by default), BENCH_MAIN (the server script,
// dist/main.js), BENCH_FAULT_ROUNDS and BENCH_FAULT_SECONDS (the faults section's rounds, 24, of 2 s each).
// BENCH_ONLY=docker (or no BENCH_ONLY) also times the Docker image's start (bench/docker.mjs; skipped without
// an engine).
import autocannon from 'autocannon'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { memory, ROOT, startServer } from '../test/spawn.mjs'
import { dockerLines, dockerStartup } from './docker.mjs'
import { sendRows, writeSendWorld } from './send.mjs'
import { startFigures, startLines } from './start.mjs'
import { snapshotFigures, snapshotLines } from './snapshots.mjs'
import { recordFigures, recordLines } from './record.mjs'
import { faultFigures, faultLines } from './faults.mjs'
import { BENCH_APP, BENCH_TYPE, BENCH_USER, RARE_NAME, trackId, writeWorld } from './world.mjs'

const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SCALES = (process.env.BENCH_SCALE ?? '10000,100000,1000000').split(',').map(Number)
const SECTIONS = new Set((process.env.BENCH_ONLY ??
  'start,snapshots,record,throughput,edits,lifecycle,send,faults,observability,streams,memory,startup,scale,filedb')
  .split(','))
const MAIN = process.env.BENCH_MAIN ?? 'dist/main.js'
const CONNECTIONS = [1, 10, 50]
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const CLOCK_TICKS = 100
const work = mkdtempSync(join(tmpdir(), 'omeda-bench-'))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args)

/** Servers on the last core, this process (the load generator) on the first: no fighting over one core. */
const PINNED = (() => {
  if (cpus().length < 2) return false
  try {
    execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const onServerCore = (command) => (PINNED ? ['taskset', '-c', String(cpus().length - 1), ...command] : command)

// Each server's log goes to /dev/null, as a user's would go to a file: the load generator must not
// spend its CPU reading it. Its own process group, so stopping `npm start` stops the server npm
// started too. Ready at the first successful readiness answer (no time limit: a large world loads slowly).
const server = (command, env = {}, readyPath = '/__admin/ready') =>
  startServer(
    onServerCore(command),
    { env, readyPath, stdout: 'ignore', stderr: 'inherit', detached: true, timeoutMs: Infinity }
  )
const emulator = (env = {}) => server([process.execPath, MAIN], env)
const baseline = () => server([process.execPath, 'bench/baseline.mjs'], {}, '/ready')
const npmStart = () => server(['npm', 'start', '--silent'])

/** CPU time (user + system) a process has used, in µs: what a request costs the server itself. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / CLOCK_TICKS)
}

/** `request` is one request, or a sequence each connection sends in turn. */
async function load(server, connections, request, duration = DURATION) {
  const cpuBefore = cpuMicros(server.pid)
  const result = await autocannon({
    url: server.url, connections, duration, pipelining: 1, requests: Array.isArray(request) ? request : [request],
  })
  const cpuUsPerRequest = (cpuMicros(server.pid) - cpuBefore) / result.requests.total
  const { requests, latency, non2xx } = result
  return { rps: requests.average, p50: latency.p50, p99: latency.p99, cpuUsPerRequest, non2xx }
}

const medians = (runs) => ({
  rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)),
  cpuUsPerRequest: median(runs.map((r) => r.cpuUsPerRequest)),
})

/**
 * One path on the emulator against the baseline: a warm-up second each, then rounds that alternate
 * between them. `request` is a function, called once per round, for paths that use up TrackIds.
 */
async function compare(emu, base, connections, request) {
  await load(base, connections, baselineRequest, 1)
  await load(emu, connections, request(), 1)
  const ours = []
  const theirs = []
  for (let i = 0; i < ROUNDS; i++) {
    theirs.push(await load(base, connections, baselineRequest))
    ours.push(await load(emu, connections, request()))
  }
  const figures = medians(ours)
  const baseFigures = medians(theirs)
  return { ...figures, baselineRps: baseFigures.rps, ratio: figures.rps / baseFigures.rps, baselineP99: baseFigures.p99,
    baselineCpuUsPerRequest: baseFigures.cpuUsPerRequest,
    roundRps: ours.map((r) => Math.round(r.rps)), non2xx: ours.reduce((sum, r) => sum + r.non2xx, 0) }
}

const omedaPath = (brand, endpoint) => `/webservices/rest/brand/${brand}/omail/deployment/${endpoint}/*`
const headers = (appId = BENCH_APP) => ({ 'content-type': 'application/json', 'x-omeda-appid': appId })
const post = (endpoint, body, { brand = 'B', appId } = {}) => ({
  method: 'POST',
  path: omedaPath(brand, endpoint),
  headers: headers(appId),
  body: JSON.stringify(body)
})
const deploymentBody = (TrackId) => ({ UserId: 'benchUser', TrackId })
/** A request that takes the next TrackId of a sequence each time it is sent. */
function sequence(endpoint, next, extra = {}) {
  const template = post(endpoint, {})
  return () => ({
    ...template,
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ ...deploymentBody(trackId(next())), ...extra }) }),
  })
}

// Fresh TrackIds: the cancels take B0000000 onwards; in the lifecycle world, the unschedules take
// UNSCHEDULE_FROM onwards (the first ones stay Scheduled for the other rows), and the schedules put
// those same deployments back, in the same order.
const FRESH_CANCELS = 400_000
const UNSCHEDULE_FROM = 1000
const FRESH_UNSCHEDULES = 200_000
const SEARCHABLE = 100_000
let nextCancel = 0
let nextUnschedule = UNSCHEDULE_FROM
let nextSchedule = UNSCHEDULE_FROM
const PATHS = {
  '404 not found': () => post('cancel', deploymentBody('BNOSUCH')),
  '403 app id': () => post('cancel', deploymentBody('B0000000'), { appId: 'wrong-app-id' }),
  '400 cancelled': () => post('cancel', deploymentBody('BCANCELLED')),
  '200 success': sequence('cancel', () => nextCancel++),
}
const LIFECYCLE = {
  'lookup 200': () => ({
    method: 'GET',
    path: '/webservices/rest/brand/B/omail/deployment/lookup/B0000001/*',
    headers: headers()
  }),
  'unschedule 200': sequence('unschedule', () => nextUnschedule++),
  'schedule 200 (the unscheduled again)': sequence(
    'schedule',
    () => (nextSchedule < nextUnschedule ? nextSchedule++ : nextUnschedule++),
    { ScheduledDate: '2031-01-01 09:00' }
  ),
  'sendtest 400 (scheduled)': () => post('sendtest', deploymentBody('B0000001')),
  'search: the 200 newest of 100 k': () => post('search', {}, { brand: 'S' }),
  'search: status filter': () => post('search', { Statuses: ['CANCELLED'] }, { brand: 'S' }),
  'search: DeploymentName contains': () => post('search', { DeploymentName: RARE_NAME.toUpperCase() }, { brand: 'S' }),
}

// Create and update in brand B, whose catalogue the bench world gives. Every create takes the brand's
// next TrackId of the day (001…999, then 1000 on); the update row renames the created deployments in
// turn, so each one's history stays a few entries long, as a client's would.
const DEPLOYMENT = '/webservices/rest/brand/B/omail/deployment/*'
const CREATE_BODY = JSON.stringify({
  DeploymentName: 'Bench newsletter', DeploymentDate: '2031-01-01 09:00', DeploymentTypeId: BENCH_TYPE,
  OwnerUserId: BENCH_USER, Splits: 1, TrackLinks: 1, TrackOpens: 1,
})
const created = []
let nextUpdate = 0
const EDITS = {
  'create 200': () => ({
    method: 'POST', path: DEPLOYMENT, headers: headers(), body: CREATE_BODY,
    onResponse: (status, body) => { if (status === 200) created.push(JSON.parse(body).TrackId) },
  }),
  'update 200 (a created deployment, a new name)': () => ({
    method: 'PUT', path: DEPLOYMENT, headers: headers(),
    setupRequest: (req) => {
      const i = nextUpdate++
      const TrackId = created[i % created.length]
      return { ...req, body: JSON.stringify({ TrackId, OwnerUserId: BENCH_USER, DeploymentName: `Renamed ${i}` }) }
    },
  }),
}

/**
 * The created TrackIds, checked: each once, in one day, numbered up to the highest with no number
 * skipped but those of answers the load generator stopped reading at the end of a round.
 */
function checkCreated(trackIds) {
  const numbers = trackIds.map((id) => /^B\d{6}(\d{3,})$/.exec(id)?.[1]).map(Number)
  const highest = numbers.reduce((max, n) => (n > max ? n : max), 0)
  return { created: trackIds.length, distinct: new Set(trackIds).size,
    days: new Set(trackIds.map((id) => id.slice(0, 7))).size, highest, unread: highest - trackIds.length,
    past999: numbers.filter((n) => n > 999).length, last: trackIds.at(-1) }
}
const baselineRequest = post('cancel', deploymentBody('B0000000'))

const results = { machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
  `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
durationSeconds: DURATION, rounds: ROUNDS, pinned: PINNED,
throughput: [], edits: [], creates: null, lifecycle: [], send: [], startup: null, scale: [], memory: null, fileDb: [],
observability: null, streams: [], start: null, snapshots: null, faults: null }

// 0. In-process start: import, first and warm startEmulator(), close(), each beside a bare Fastify app
if (SECTIONS.has('start')) {
  log('start: import, first and warm startEmulator(), close()')
  results.start = startFigures()
}
if (SECTIONS.has('snapshots')) {
  log('snapshots: restore, reset and take at the default world and at 100,000 deployments')
  results.snapshots = await snapshotFigures()
}
if (SECTIONS.has('record')) {
  log('record: a lookup straight to an HTTPS upstream and through a recorder, early and late in a long session')
  results.record = await recordFigures()
}

try {
  // The cancel paths run in a world of FRESH_CANCELS deployments, as in earlier rounds; the lifecycle
  // rows in a world of their own, with the deployments to unschedule and a brand to search.
  const worldFile = join(work, 'bench.json')
  writeWorld(worldFile, FRESH_CANCELS)
  const fixtures = { OMEDA_FIXTURES: `${join(ROOT, 'fixtures', 'default.json')},${worldFile}` }
  const base = await baseline()
  const emu = await emulator(fixtures)

  // 1. Throughput and latency against the baseline
  if (SECTIONS.has('throughput')) {
    for (const [name, request] of Object.entries(PATHS)) {
      for (const c of CONNECTIONS) {
        log(`throughput: ${name} at ${c}`)
        results.throughput.push({ path: name, connections: c, ...await compare(emu, base, c, request) })
      }
    }
    if (nextCancel > FRESH_CANCELS) {
      log(`warning: ${nextCancel - FRESH_CANCELS} success-path requests ran out of fresh TrackIds`)
    }
  }

  // 1b. Create and update at 10 connections, in the same world: thousands of creates in one day
  if (SECTIONS.has('edits')) {
    for (const [name, request] of Object.entries(EDITS)) {
      log(`edits: ${name}`)
      results.edits.push({ path: name, connections: 10, ...await compare(emu, base, 10, request) })
      if (name.startsWith('create')) results.creates = checkCreated(created)
    }
    const { creates } = results
    // At most one unread answer per connection and load (a warm-up and ROUNDS rounds).
    if (creates.distinct !== creates.created || creates.days !== 1 || creates.unread < 0 ||
      creates.unread > 10 * (ROUNDS + 1)) log('warning: created TrackIds', creates)
    for (const r of results.edits) if (r.non2xx > 0) log(`warning: ${r.path}: ${r.non2xx} answers not 2xx`)
  }

  // 2. The lifecycle around cancel, at 10 connections; search over 100 k deployments of one brand
  if (SECTIONS.has('lifecycle')) {
    const lifecycleFile = join(work, 'lifecycle.json')
    writeWorld(lifecycleFile, UNSCHEDULE_FROM + FRESH_UNSCHEDULES, { searchable: SEARCHABLE })
    const lifecycle = await emulator({ OMEDA_FIXTURES: lifecycleFile })
    for (const [name, request] of Object.entries(LIFECYCLE)) {
      log(`lifecycle: ${name}`)
      results.lifecycle.push({ path: name, connections: 10, ...await compare(lifecycle, base, 10, request) })
    }
    if (nextUnschedule > UNSCHEDULE_FROM + FRESH_UNSCHEDULES) {
      log('warning: the unschedule rows ran out of fresh TrackIds')
    }
    await lifecycle.stop()
    rmSync(lifecycleFile)
  }

  // 2b. The rest of the API send at 10 connections: audience add and status, content and content lookup
  if (SECTIONS.has('send')) {
    const sendFile = join(work, 'send.json')
    writeSendWorld(sendFile, 100_000)
    const sends = await emulator({ OMEDA_FIXTURES: sendFile })
    for (const [name, request] of Object.entries(sendRows())) {
      log(`send: ${name}`)
      results.send.push({ path: name, connections: 10, ...await compare(sends, base, 10, request) })
    }
    for (const r of results.send) if (r.non2xx > 0) log(`warning: ${r.path}: ${r.non2xx} answers not 2xx`)
    await sends.stop()
    rmSync(sendFile)
  }

  // 2c. What registered faults that never match cost a lookup and a cancel (bench/faults.mjs)
  if (SECTIONS.has('faults')) {
    log('faults: 100 faults that never match against none, two servers loaded at once, taking turns with the faults')
    results.faults = await faultFigures({ emulator, work, log })
  }

  // 3. What watching costs: the cancel path with metrics on (the default, no event consumer) against
  // metrics off, servers alternating round by round.
  if (SECTIONS.has('observability')) {
    log('observability: metrics on vs off')
    const off = await emulator({ ...fixtures, OMEDA_METRICS: 'false' })
    const watch = { on: [], off: [] }
    for (let i = 0; i < ROUNDS; i++) {
      watch.on.push((await load(emu, 10, PATHS['400 cancelled']())).rps)
      watch.off.push((await load(off, 10, PATHS['400 cancelled']())).rps)
    }
    await off.stop()
    results.observability = {
      onRps: median(watch.on), offRps: median(watch.off), ratio: median(watch.on) / median(watch.off),
    }
  }

  // 3b. What open event streams cost each request: a cancel's latency with none, and with 1,000
  // consumers that never read (each stream's queue then grows until it is cut off, so the load is a
  // fixed number of requests that stays below that point, and the streams are opened anew each round).
  if (SECTIONS.has('streams')) {
    const STALLED = 1000
    const streamed = await emulator({
      ...fixtures, OMEDA_MAX_EVENT_STREAMS: String(STALLED * 2), OMEDA_MAX_CONNECTIONS: String(STALLED * 4),
    })
    const { port } = new URL(streamed.url)
    const stall = () => Promise.all(Array.from({ length: STALLED }, () => new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET /__admin/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n')
        socket.pause()
        resolve(socket)
      })
      socket.on('error', reject)
    })))
    const padded = {
      ...PATHS['400 cancelled'](),
      body: JSON.stringify({ ...deploymentBody('BCANCELLED'), Note: 'x'.repeat(20_000) })
    }
    const p50 = async (request) =>
      (await autocannon({ url: streamed.url, connections: 10, amount: 600, requests: [request] })).latency.p50
    for (const [body, request] of [['small', PATHS['400 cancelled']()], ['20 KB', padded]]) {
      log(`streams: ${body} body, 0 and ${STALLED} stalled streams`)
      const none = []
      const stalled = []
      let open = 0
      for (let i = 0; i < ROUNDS; i++) {
        none.push(await p50(request))
        const sockets = await stall()
        // The server has subscribed every stream once their headers arrive.
        while (!new RegExp(
          `omeda_event_consumers ${STALLED}\\b`
        ).test(await (await fetch(`${streamed.url}/__admin/metrics`)).text())) {
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        stalled.push(await p50(request))
        open = sockets.filter((socket) => !socket.destroyed).length
        for (const socket of sockets) socket.destroy()
        while (!/omeda_event_consumers 0\b/.test(await (await fetch(`${streamed.url}/__admin/metrics`)).text())) {
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
      results.streams.push({
        body, stalled: STALLED, p50None: median(none), p50Stalled: median(stalled),
        ratio: median(stalled) / Math.max(median(none), 1), stillOpen: open,
      })
    }
    await streamed.stop()
  }

  // 4. Memory: RSS after warm-up vs after 200 k mixed requests (the journal cap keeps it flat)
  if (SECTIONS.has('memory')) {
    log('memory: 200 k mixed requests')
    const mixed = [PATHS['404 not found'](), PATHS['403 app id'](), PATHS['400 cancelled'](), LIFECYCLE['lookup 200']()]
    await autocannon({ url: emu.url, connections: 10, amount: 20_000, requests: mixed })
    const warm = memory(emu.pid)
    await autocannon({ url: emu.url, connections: 10, amount: 200_000, requests: mixed })
    const after = memory(emu.pid)
    results.memory = { afterWarmupMb: warm.rssMb, after200kMb: after.rssMb, growthMb: after.rssMb - warm.rssMb }
  }
  await emu.stop()

  // 5. File database (WAL) against the baseline, at 10 connections
  if (SECTIONS.has('filedb')) {
    for (const db of [':memory:', join(work, 'bench.db')]) {
      log(`database: ${db}`)
      const e = await emulator({ ...fixtures, OMEDA_DB: db })
      nextCancel = 0
      const success = await compare(e, base, 10, PATHS['200 success'])
      const cancelled = await compare(e, base, 10, PATHS['400 cancelled'])
      results.fileDb.push({ db: db === ':memory:' ? 'in-memory' : 'file (WAL)', successRps: success.rps,
        successRatio: success.ratio,
        successP99: success.p99, cancelledRps: cancelled.rps, cancelledRatio: cancelled.ratio })
      await e.stop()
    }
  }
  await base.stop()

  // 6. Start-up: spawn → first successful ready, default fixtures vs baseline; and `npm start`
  // (which bundles first) vs the built server it runs
  if (SECTIONS.has('startup')) {
    log('start-up')
    // HTTPS as users run it after the first start: the CA and server certificate kept in the folder.
    const https = () => emulator({ OMEDA_TLS_PORT: '0', OMEDA_TLS_DIR: join(work, 'tls') })
    await (await https()).stop()
    const times = { emulator: [], baseline: [], npmStart: [], https: [] }
    for (let i = 0; i < 5; i++) {
      for (const [name, start] of [
        ['emulator', emulator],
        ['baseline', baseline],
        ['npmStart', npmStart],
        ['https', https]
      ]) {
        const started = await start()
        times[name].push(started.startupMs)
        await started.stop()
      }
    }
    const [emulatorMs, baselineMs, npmStartMs, httpsMs] =
      [times.emulator, times.baseline, times.npmStart, times.https].map(median)
    results.startup = {
      emulatorMs, baselineMs, ratio: emulatorMs / baselineMs,
      npmStartMs, npmStartRatio: npmStartMs / emulatorMs, httpsMs, httpsRatio: httpsMs / emulatorMs,
    }
  }

  // 7. Scale: load N deployments, then cancel latency at that size
  if (SECTIONS.has('scale')) {
    for (const size of SCALES) {
      log(`scale: ${size}`)
      const file = join(work, `scale-${size}.json`)
      writeWorld(file, size)
      const e = await emulator({ OMEDA_FIXTURES: file })
      const loaded = memory(e.pid)
      nextCancel = 0
      const latency = await load(e, 1, PATHS['200 success']())
      const creates = await load(e, 1, EDITS['create 200']())
      results.scale.push({
        deployments: size, loadMs: e.startupMs, peakRssMb: loaded.peakMb,
        cancelP50: latency.p50, cancelP99: latency.p99, cancelRps: latency.rps, createRps: creates.rps,
      })
      await e.stop()
      rmSync(file)
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (process.env.BENCH_ONLY === undefined || SECTIONS.has('docker')) results.docker = await dockerStartup(log)

const pct = (x) => `${(x * 100).toFixed(0)} %`
const row = (r) => `| ${r.path} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.baselineRps.toFixed(0)} | ` +
  `${pct(r.ratio)} | ${r.p50} | ${r.p99} | ${r.cpuUsPerRequest.toFixed(0)} | ${r.baselineCpuUsPerRequest.toFixed(0)} |`
const HEADER = [
  '| path | conns | req/s | baseline req/s | ratio | p50 ms | p99 ms | server CPU µs/req | baseline CPU µs/req |',
  '|---|---|---|---|---|---|---|---|---|'
]
const lookupRps = results.lifecycle.find((r) => r.path.startsWith('lookup'))?.rps
const { startup, observability, memory: mem } = results
const lines = [
  `Machine: ${results.machine}; ${ROUNDS} rounds of ${DURATION} s each, alternating with the baseline, ` +
    `medians${PINNED ? '; servers and load generator on separate cores' : ''}.`, '',
  ...(results.start ? startLines(results.start) : []),
  ...(results.snapshots ? snapshotLines(results.snapshots) : []),
  ...(results.record ? recordLines(results.record) : []),
  ...(results.faults ? faultLines(results.faults) : []),
  ...(results.throughput.length ? [...HEADER, ...results.throughput.map(row), ''] : []),
  ...(results.edits.length
    ? [...HEADER, ...results.edits.map(row), '',
        ...(results.creates
          ? [`create: ${results.creates.created} answers read, ${results.creates.distinct} distinct TrackIds, ` +
            `numbered up to ${results.creates.highest} (${results.creates.unread} answers unread as rounds ended; ` +
            `${results.creates.past999} past 999, the last ${results.creates.last}); req/s by round ` +
            `${results.edits.find((r) => r.path.startsWith('create')).roundRps.join(', ')}`, '']
          : [])]
    : []),
  ...(results.send.length ? [...HEADER, ...results.send.map(row), ''] : []),
  ...(results.lifecycle.length
    ? [...HEADER, ...results.lifecycle.map(row),
        ...(lookupRps
          ? [
              '',
              ...results.lifecycle.filter((r) => r.path.startsWith('search')).map((r) => `${r.path}: ` +
            `${pct(r.rps / lookupRps)} of the lookup's req/s, p99 ${r.p99} ms`)
            ]
          : []), '']
    : []),
  ...(startup
    ? [
    `Start-up to ready: emulator ${startup.emulatorMs.toFixed(0)} ms, baseline ` +
      `${startup.baselineMs.toFixed(0)} ms, ratio ${startup.ratio.toFixed(2)}×`,
    `\`npm start\` with nothing changed: ${startup.npmStartMs.toFixed(0)} ` +
      `ms, ${startup.npmStartRatio.toFixed(2)}× \`node dist/main.js\``,
    `With HTTPS on (certificates kept): ${startup.httpsMs.toFixed(0)} ms, ${startup.httpsRatio.toFixed(2)}× without`]
    : []),
  ...(observability
    ? [`Metrics on, no event consumer (400 cancelled, 10 conns): ${observability.onRps.toFixed(0)} req/s, ` +
    `${pct(observability.ratio)} of metrics off (${observability.offRps.toFixed(0)} req/s); target ≥ 95 %`]
    : []),
  ...(results.streams.length
    ? ['', '| request body | p50 ms, no stream | p50 ms, 1,000 stalled streams | ratio | streams still open |',
        '|---|---|---|---|---|',
        ...results.streams.map((r) => `| ${r.body} | ${r.p50None} | ${r.p50Stalled} | ` +
          `${r.ratio.toFixed(2)}× | ${r.stillOpen} of ${r.stalled} |`)]
    : []),
  '',
  ...(results.scale.length
    ? ['| deployments | spawn → ready ms | peak RSS MB | cancel p50 ms | cancel p99 ms | cancel req/s (1 conn) | ' +
        'create req/s (1 conn) |', '|---|---|---|---|---|---|---|',
      ...results.scale.map((s) => `| ${s.deployments} | ${s.loadMs.toFixed(0)} | ${s.peakRssMb.toFixed(0)} | ` +
          `${s.cancelP50} | ${s.cancelP99} | ${s.cancelRps.toFixed(0)} | ${s.createRps.toFixed(0)} |`), '']
    : []),
  ...(mem
    ? [
    `Memory: RSS ${mem.afterWarmupMb.toFixed(1)} MB after warm-up, ${mem.after200kMb.toFixed(1)} MB after 200 k ` +
      `mixed requests (${mem.growthMb >= 0 ? '+' : ''}${mem.growthMb.toFixed(1)} MB)`,
    ''
      ]
    : []),
  ...(results.fileDb.length
    ? ['| database | success req/s (10 conns) | success vs baseline | ' +
      'success p99 ms | cancelled req/s (10 conns) | cancelled vs baseline |', '|---|---|---|---|---|---|',
      ...results.fileDb.map((d) => `| ${d.db} | ${d.successRps.toFixed(0)} | ${pct(d.successRatio)} | ` +
          `${d.successP99} | ${d.cancelledRps.toFixed(0)} | ${pct(d.cancelledRatio)} |`)]
    : []),
  ...dockerLines(results.docker),
]
console.log(lines.join('\n'))
// A run of another build (BENCH_MAIN) is a comparison, not the record.
if (MAIN === 'dist/main.js') {
  writeFileSync(join(ROOT, 'bench', 'last-run.json'), `${JSON.stringify(results, null, 2)}\n`)
}
