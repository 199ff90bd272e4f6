// `npm run soak`: 10 minutes (SOAK_SECONDS) of mixed traffic with faults enabled against the built
// emulator as a real process. Per minute: req/s, p99, RSS, journal size, unexpected 5xx. Passes
// when no 5xx comes beyond the injected ones, RSS stays flat, the journal sits at its cap and p99
// holds steady. Results go to bench/soak-last-run.json. Run by hand; not part of CI.
import autocannon from 'autocannon'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { memory, ROOT, startServer } from '../test/spawn.mjs'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600)
const WINDOW = Math.min(60, SECONDS)
const JOURNAL_LIMIT = 10_000

// Its warnings and errors stay visible: a soak that fails should say why.
const server = await startServer('dist/main.js', {
  env: { LOG_LEVEL: 'warn', OMEDA_JOURNAL_LIMIT: String(JOURNAL_LIMIT) },
  readyPath: '/__admin/ready', stdout: 'inherit', stderr: 'inherit', detached: true, timeoutMs: Infinity,
})
const { url } = server

const admin = (method, path, body) => fetch(`${url}/__admin${path}`, {
  method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
}).then((r) => r.json())
// Injected failures use status codes nothing else answers with, so they can be told apart.
const INJECTED = [555, 556]
await admin('POST', '/faults', { action: 'status', status: 555, trackId: 'FOOFAULT' })
await admin('POST', '/faults', { action: 'apply-then-status', status: 556, trackId: 'FOO261124003', times: 1 })
await admin('POST', '/faults', { action: 'delay', delayMs: 0, delayMaxMs: 5, trackId: 'FOODELAY' })

const rss = () => memory(server.pid).rssMb
const headers = (appId = 'sandbox-app-id') => ({ 'content-type': 'application/json', 'x-omeda-appid': appId })
const cancel = (TrackId, appId) => ({
  method: 'POST',
  path: '/webservices/rest/brand/FOO/omail/deployment/cancel/*',
  headers: headers(appId),
  body: JSON.stringify({ UserId: 'omailAccount1', TrackId })
})
let injected = 0
let unexpected = 0
const requests = [
  cancel('FOO999999999'), cancel('FOO261110001'), cancel('FOO261118001', 'nope'),
  { method: 'GET', path: '/FOO/omail/deployment/lookup/FOO261124001/*', headers: headers() },
  cancel('FOODELAY'), cancel('FOOFAULT'), cancel('FOO261124003'),
  { method: 'POST', path: '/FOO/omail/deployment/cancel/*', headers: headers(), body: '{"UserId": 5' },
]

const windows = []
const startRss = rss()
for (let elapsed = 0; elapsed < SECONDS; elapsed += WINDOW) {
  const result = await autocannon({ url, connections: 10, duration: WINDOW, requests })
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) {
    if (INJECTED.includes(Number(code))) injected += count
    else if (Number(code) >= 500) unexpected += count
  }
  const journal = (await admin('POST', '/submissions/count', {})).count
  windows.push({
    minute: windows.length + 1, rps: Math.round(result.requests.average),
    p50: result.latency.p50, p99: result.latency.p99, rssMb: Math.round(rss() * 10) / 10,
    journal, unexpected5xx: unexpected, injected5xx: injected,
  })
  console.error(JSON.stringify(windows.at(-1)))
}
await server.stop()

const first = windows[0]
const last = windows.at(-1)
const summary = {
  seconds: SECONDS, startRssMb: Math.round(startRss * 10) / 10, windows,
  unexpected5xx: unexpected, injected5xx: injected,
  rssGrowthMb: Math.round((last.rssMb - first.rssMb) * 10) / 10,
  journalAtCap: last.journal === JOURNAL_LIMIT,
  p99FirstToLast: `${first.p99} → ${last.p99} ms`,
}
writeFileSync(join(ROOT, 'bench', 'soak-last-run.json'), `${JSON.stringify(summary, null, 2)}\n`)
console.log([
  '| minute | req/s | p50 ms | p99 ms | RSS MB | journal rows | unexpected 5xx | injected 5xx |',
  '|---|---|---|---|---|---|---|---|',
  ...windows.map((w) => `| ${w.minute} | ${w.rps} | ${w.p50} | ${w.p99} | ${w.rssMb} | ${w.journal} | ` +
    `${w.unexpected5xx} | ${w.injected5xx} |`),
  '',
  `RSS ${first.rssMb} → ${last.rssMb} MB after the first minute; journal ` +
    `at its cap: ${summary.journalAtCap}; unexpected 5xx: ${unexpected}`,
].join('\n'))
process.exit(unexpected === 0 && summary.journalAtCap ? 0 : 1)
