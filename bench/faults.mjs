// The `faults` section of `npm run bench`: what registered faults that never match cost a call. Two
// emulator processes, each in a world of its own, answer the same load (each connection looks up a
// Scheduled deployment, then cancels it); one of them holds 100 faults scoped so that none matches.
// Other work shares this machine's two cores and can double a server's CPU per request from one
// second to the next, so the two servers are loaded at the same time, on the same core, and whatever
// slows one slows the other alike; the faults move from one server to the other after every round, so
// neither process's own speed leans on one side. The cost is server CPU per request, read to the
// nanosecond from every thread's schedstat; the figures are medians over many short rounds.
import autocannon from 'autocannon'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeWorld, BENCH_APP, trackId } from './world.mjs'

/** The faulted server may cost at most this much more per call than the clean one. */
export const FAULT_TARGET = 1.05
export const FAULT_COUNT = 100
/** Rounds, both servers loaded at once in each; an even number, so each server holds the faults as often. */
const ROUNDS = Number(process.env.BENCH_FAULT_ROUNDS ?? 30)
const SECONDS = Number(process.env.BENCH_FAULT_SECONDS ?? 2)
const WARM_UP_SECONDS = 3
const CONNECTIONS = 10
/** Deployments per world: more than the cancels of every round at the rates this machine reaches. */
const DEPLOYMENTS = 200_000
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** CPU time every thread of a process has used, in ns (a thread that ended takes its time with it). */
function cpuNanos(pid) {
  let sum = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0])
    } catch {
      // Ended between the listing and the read.
    }
  }
  return sum
}

/**
 * The scopes a suite would set: other brands, other TrackIds, the endpoints this load does not
 * call, other app ids (kept hashed, so a call's app id is hashed to compare), and each of them
 * beside scopes the call does match, so matching reads past the first field.
 */
const UNCALLED = ['unschedule', 'schedule', 'sendtest', 'search', 'deploymenttypes', 'create', 'update', 'clone',
  'audienceAdd', 'audienceStatus', 'audienceRemove', 'content', 'contentlookup', 'onDemandSend']
const EFFECTS = [
  { action: 'status', status: 503 },
  { action: 'rate-limit', retryAfter: 30 },
  { action: 'gateway', status: 502 },
  { action: 'delay', delayMs: 200, probability: 0.5, seed: 7 },
  { action: 'truncate', bytes: 10 },
]
export function faultSpecs() {
  return Array.from({ length: FAULT_COUNT }, (_, i) => {
    const effect = { ...EFFECTS[i % EFFECTS.length], ...(i % 3 === 0 ? { times: 5 } : {}) }
    switch (i % 4) {
      case 0: return { brand: `X${i}`, ...(i % 8 === 0 ? { endpoint: 'cancel' } : {}), ...effect }
      case 1: return { trackId: `B9${String(i).padStart(6, '0')}`, ...(i % 8 === 1 ? { brand: 'B' } : {}),
        ...effect }
      case 2: return { endpoint: UNCALLED[i % UNCALLED.length], ...(i % 8 === 2 ? { appId: BENCH_APP } : {}),
        ...effect }
      default: return { appId: `other-app-${i}`, ...(i % 8 === 3 ? { brand: 'B', endpoint: 'lookup' } : {}), ...effect }
    }
  })
}

const headers = { 'content-type': 'application/json', 'x-omeda-appid': BENCH_APP }
/** Each connection: look up the next fresh deployment of this server, then cancel that one. */
function lookupThenCancel(next) {
  return [
    {
      method: 'GET', path: '/webservices/rest/brand/B/omail/deployment/lookup/B0000000/*', headers,
      setupRequest: (req, context) => {
        context.trackId = trackId(next())
        return { ...req, path: `/webservices/rest/brand/B/omail/deployment/lookup/${context.trackId}/*` }
      },
    },
    {
      method: 'POST', path: '/webservices/rest/brand/B/omail/deployment/cancel/*', headers,
      setupRequest: (req, context) =>
        ({ ...req, body: JSON.stringify({ UserId: 'benchUser', TrackId: context.trackId }) }),
    },
  ]
}

async function admin(server, method, path, body) {
  const res = await fetch(`${server.url}/__admin${path}`, {
    method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} /__admin${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

async function register(server, specs) {
  for (const spec of specs) await admin(server, 'POST', '/faults', spec)
}

/** Answers the faults shaped or matched, from the server's metrics: none is expected. */
async function matched(server) {
  const text = await (await fetch(`${server.url}/__admin/metrics`)).text()
  return text.split('\n').filter((line) => /^omeda_faults_total\{/.test(line) ||
    /^omeda_requests_total\{.*fault="(?:injected|skipped)"/.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0)
}

/** One load of `seconds` on one server: its rate, latency and CPU per answer. */
async function measure(server, requests, seconds) {
  const before = cpuNanos(server.pid)
  const { requests: counts, latency, non2xx } =
    await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, requests })
  return { rps: counts.average, p50: latency.p50, p99: latency.p99, non2xx,
    cpuUsPerRequest: (cpuNanos(server.pid) - before) / 1000 / counts.total }
}

/** `emulator(env)` starts a server as `npm run bench` starts each (on the servers' core, its log to /dev/null). */
export async function faultFigures({ emulator, work, log }) {
  const specs = faultSpecs()
  const servers = []
  for (const name of ['a', 'b']) {
    const file = join(work, `faults-${name}.json`)
    writeWorld(file, DEPLOYMENTS)
    const server = await emulator({ OMEDA_FIXTURES: file })
    rmSync(file)
    let next = 0
    servers.push({ server, requests: () => lookupThenCancel(() => next++), used: () => next })
  }
  try {
    const rounds = []
    // Two rounds of warm-up first, one with each server holding the faults, so both have run every path.
    for (let i = -2; i < ROUNDS; i++) {
      const faulted = servers[(i + 2) % 2]
      await register(faulted.server, specs)
      const listed = (await admin(faulted.server, 'GET', '/faults')).faults.length
      if (listed !== FAULT_COUNT) throw new Error(`${listed} faults registered, not ${FAULT_COUNT}`)
      const seconds = i < 0 ? WARM_UP_SECONDS : SECONDS
      const [a, b] = await Promise.all(servers.map((s) => measure(s.server, s.requests(), seconds)))
      await admin(faulted.server, 'DELETE', '/faults')
      if (i < 0) continue
      const round = faulted === servers[0] ? { withFaults: a, without: b } : { withFaults: b, without: a }
      log(`faults: round ${i + 1} of ${ROUNDS}: ${round.without.cpuUsPerRequest.toFixed(1)} → ` +
        `${round.withFaults.cpuUsPerRequest.toFixed(1)} µs/req`)
      rounds.push(round)
    }
    const side = (name) => Object.fromEntries(['rps', 'p50', 'p99', 'cpuUsPerRequest']
      .map((key) => [key, median(rounds.map((r) => r[name][key]))]))
    const withFaults = side('withFaults')
    const without = side('without')
    // Each round's own ratio, taken at the same moment on both servers. Their medians while each server
    // held the faults, and those medians' geometric mean, in which each process's own speed cancels out.
    const roundRatios = rounds.map((r) => r.withFaults.cpuUsPerRequest / r.without.cpuUsPerRequest)
    const byHolder = [0, 1].map((k) => median(roundRatios.filter((_, i) => i % 2 === k)))
    const ratio = Math.sqrt(byHolder[0] * byHolder[1])
    const matchedCalls = (await Promise.all(servers.map((s) => matched(s.server)))).reduce((a, b) => a + b, 0)
    return {
      faults: FAULT_COUNT, rounds: ROUNDS, connections: CONNECTIONS, roundSeconds: SECONDS, withFaults, without,
      ratio, byHolder, ratioOfMedians: withFaults.cpuUsPerRequest / without.cpuUsPerRequest,
      rpsRatio: without.rps / withFaults.rps, roundRatios: roundRatios.map((r) => Number(r.toFixed(3))),
      non2xx: rounds.reduce((sum, r) => sum + r.withFaults.non2xx + r.without.non2xx, 0),
      matchedCalls, cancelsLeft: Math.min(...servers.map((s) => DEPLOYMENTS - s.used())),
      target: FAULT_TARGET, met: ratio <= FAULT_TARGET,
    }
  } finally {
    for (const s of servers) await s.server.stop()
  }
}

export function faultLines(f) {
  const row = (name, r) => `| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.cpuUsPerRequest.toFixed(1)} |`
  return [
    `Faults: a lookup then a cancel per connection, ${f.connections} connections to each of two servers loaded at ` +
      `once, ${f.rounds} rounds of ${f.roundSeconds} s, the faults moving to the other server each round; medians`,
    '',
    '| server | req/s | p50 ms | p99 ms | server CPU µs/req |', '|---|---|---|---|---|',
    row('no faults', f.without), row(`${f.faults} faults, none matching`, f.withFaults),
    '',
    `Server CPU per request with ${f.faults} faults, against none in the same rounds: ${f.ratio.toFixed(3)}× ` +
      `(${f.byHolder.map((r) => `${r.toFixed(3)}×`).join(' and ')} while one server or the other held them); ` +
      `target ≤ ${f.target}×, ${f.met ? 'met' : 'missed'}. By round: ${f.roundRatios.join(', ')}`,
    ...(f.non2xx > 0 || f.matchedCalls > 0 || f.cancelsLeft < 0
      ? [`warning: ${f.non2xx} answers not 2xx, ${f.matchedCalls} calls a fault matched, ` +
          `${f.cancelsLeft} fresh deployments left`]
      : []),
    '',
  ]
}
