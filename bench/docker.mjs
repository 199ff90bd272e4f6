// The image's start for `npm run bench`: `docker run` → ready (the readiness route answers) and →
// healthy (Docker's health check passes: what compose's `service_healthy` waits for), beside a bare
// Node HTTP server started from the same image, in alternating runs. Skipped, with the reason, where
// there is no Docker engine or no image. Env: BENCH_IMAGE (omeda-emulator:latest), BENCH_DOCKER_RUNS (5).
import { execFileSync } from 'node:child_process'
import { get } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

const IMAGE = process.env.BENCH_IMAGE ?? 'omeda-emulator:latest'
const RUNS = Number(process.env.BENCH_DOCKER_RUNS ?? 5)
const TIMEOUT_MS = 60_000
const BARE_SERVER = "require('node:http').createServer((req, res) => res.end('ok')).listen(3000, '0.0.0.0')"

const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function skipReason() {
  try {
    docker('info', '--format', '{{.ServerVersion}}')
  } catch {
    return 'no Docker engine'
  }
  try {
    docker('image', 'inspect', IMAGE)
  } catch {
    return `no image ${IMAGE}: build it with docker build -t ${IMAGE} . or name another in BENCH_IMAGE`
  }
}

/** Polls until `done()` is true; the ms from `start`. */
async function until(start, done) {
  while (!(await done())) {
    if (performance.now() - start > TIMEOUT_MS) throw new Error(`not done within ${TIMEOUT_MS} ms`)
    await sleep(10)
  }
  return performance.now() - start
}

/** True once `url` answers 200. A fresh connection each time, and a short timeout: Docker's proxy
 * accepts a connection before anything listens in the container. */
const answers = (url) => new Promise((resolve) => {
  const req = get(url, { agent: false, timeout: 250 }, (res) => {
    res.resume()
    resolve(res.statusCode === 200)
  })
  req.on('timeout', () => req.destroy()).on('error', () => resolve(false))
})

/** One `docker run`: ms until `path` answers, and (for the emulator) until Docker calls it healthy. */
async function run(args, path, healthy) {
  const start = performance.now()
  const id = docker('run', '-d', '-p', '127.0.0.1::3000', ...args)
  try {
    const port = docker('port', id, '3000/tcp').split('\n')[0].split(':').pop()
    const readyMs = await until(start, () => answers(`http://127.0.0.1:${port}${path}`))
    const healthyMs = healthy
      ? await until(start, () => docker('inspect', '-f', '{{.State.Health.Status}}', id) === 'healthy')
      : undefined
    return { readyMs, healthyMs }
  } finally {
    docker('rm', '-f', id)
  }
}

/** The section's figures, or `{ skipped }` with the reason. */
export async function dockerStartup(log) {
  const skipped = skipReason()
  if (skipped !== undefined) {
    log(`docker: skipped (${skipped})`)
    return { skipped }
  }
  const emulator = []
  const bare = []
  for (let i = 0; i < RUNS; i++) {
    log(`docker: run ${i + 1} of ${RUNS}`)
    emulator.push(await run([IMAGE], '/__admin/ready', true))
    bare.push(await run(['--entrypoint', 'node', IMAGE, '-e', BARE_SERVER], '/', false))
  }
  const readyMs = median(emulator.map((r) => r.readyMs))
  const baselineReadyMs = median(bare.map((r) => r.readyMs))
  return {
    image: IMAGE, runs: RUNS, readyMs, healthyMs: median(emulator.map((r) => r.healthyMs)), baselineReadyMs,
    ratio: readyMs / baselineReadyMs,
  }
}

/** The section's lines of the printed report. */
export function dockerLines(docker) {
  if (docker === undefined) return []
  if (docker.skipped !== undefined) return ['', `Docker: skipped (${docker.skipped})`]
  return [
    '',
    `Docker (${docker.image}, medians of ${docker.runs}): \`docker run\` → ready ${docker.readyMs.toFixed(0)} ms, ` +
      `→ healthy ${docker.healthyMs.toFixed(0)} ms; a bare Node server from the same image → ready ` +
      `${docker.baselineReadyMs.toFixed(0)} ms (ratio ${docker.ratio.toFixed(2)}×)`,
  ]
}
