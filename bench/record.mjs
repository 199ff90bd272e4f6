// The `record` section of `npm run bench`: what recording costs, in-process from dist/. An
// emulator serving HTTPS stands in for Omeda's staging host; the same lookups go to it directly and
// through a recorder, and the recorder's added time is what a user's suite pays. A session file is
// written whole after each exchange: the cost of one exchange late in a long session, beside one
// early in it, shows how that grows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, request } from 'node:https'

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const LOOKUP = '/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*'
const HEADERS = { 'x-omeda-appid': 'sandbox-app-id' }
/** Exchanges in the long session, and how many at each end are timed. */
const LONG = 2000
const TIMED = 100
/** The targets: added time per exchange, and how much dearer an exchange is at the end of a long session. */
export const RECORD_TARGETS = { addedMs: 5, lateOverEarly: 3 }

function httpsGet(url, ca, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: HEADERS, ca, agent }, (res) => {
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', reject)
    req.end()
  })
}

async function timedRuns(n, send) {
  const times = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await send()
    times.push(performance.now() - t0)
  }
  return times
}

export async function recordFigures() {
  const { startEmulator } = await import('../dist/index.js')
  const dir = mkdtempSync(join(tmpdir(), 'omeda-bench-record-'))
  const upstream = await startEmulator({ tlsPort: 0 })
  try {
    const caFile = join(dir, 'ca.pem')
    writeFileSync(caFile, upstream.ca)
    const recorder = await startEmulator({
      record: { upstream: upstream.httpsUrl, allowPrivate: true, ca: caFile, out: join(dir, 'session.har') },
    })
    try {
      const agent = new Agent({ keepAlive: true })
      const direct = () => httpsGet(`${upstream.httpsUrl}${LOOKUP}`, upstream.ca, agent)
      const through = () => fetch(`${recorder.url}${LOOKUP}`, { headers: HEADERS }).then((res) => res.arrayBuffer())
      await timedRuns(20, direct)
      await timedRuns(20, through)
      const directTimes = await timedRuns(TIMED, direct)
      const early = await timedRuns(TIMED, through)
      await timedRuns(LONG - 2 * TIMED - 20, through)
      const late = await timedRuns(TIMED, through)
      agent.destroy()
      return { directMs: median(directTimes), earlyMs: median(early), lateMs: median(late), exchanges: LONG }
    } finally {
      await recorder.close()
    }
  } finally {
    await upstream.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function recordLines({ directMs, earlyMs, lateMs, exchanges }) {
  const added = earlyMs - directMs
  const growth = lateMs / earlyMs
  const verdict = (ok) => (ok ? 'met' : 'missed')
  return ['| recording a lookup | ms (median) | target | met |', '|---|---|---|---|',
    `| straight to the upstream (HTTPS) | ${directMs.toFixed(2)} | | |`,
    `| through the recorder, early in the session | ${earlyMs.toFixed(2)} | ` +
      `+${added.toFixed(2)} ms ≤ +${RECORD_TARGETS.addedMs} ms | ${verdict(added <= RECORD_TARGETS.addedMs)} |`,
    `| through the recorder, after ${exchanges - TIMED} exchanges | ${lateMs.toFixed(2)} | ` +
      `${growth.toFixed(1)}× early ≤ ${RECORD_TARGETS.lateOverEarly}× | ` +
      `${verdict(growth <= RECORD_TARGETS.lateOverEarly)} |`,
    '']
}
