// The `start` section of `npm run bench`: what a test suite pays for an in-process emulator, each
// beside a bare Fastify app started the same way (listen on port 0, no request, close): the
// import in a fresh process, the first start in a process, a warm start (not the first), close().
// Run as a script, it is the child process that measures one of them and prints JSON.
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

const IMPORTS = 7
const WARM = 20
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
/** The targets, in ms. */
export const START_TARGETS = { importMs: 150, firstMs: 250, warmMs: 50, closeMs: 10 }

async function starter(subject) {
  if (subject === 'emulator') {
    const { startEmulator } = await import('../dist/index.js')
    return async () => {
      const started = await startEmulator()
      return () => started.close()
    }
  }
  const { default: Fastify } = await import('fastify')
  return async () => {
    const app = Fastify()
    app.get('/', async () => ({ ok: true }))
    await app.listen({ port: 0, host: '127.0.0.1' })
    return () => app.close()
  }
}

/** In the child: import, then the first start and close, then WARM more; all in ms. */
async function measure(subject) {
  const t0 = performance.now()
  const start = await starter(subject)
  const importMs = performance.now() - t0
  const t1 = performance.now()
  const close = await start()
  const firstMs = performance.now() - t1
  await close()
  const warm = []
  const closes = []
  for (let i = 0; i < WARM; i++) {
    const t2 = performance.now()
    const stop = await start()
    const t3 = performance.now()
    await stop()
    closes.push(performance.now() - t3)
    warm.push(t3 - t2)
  }
  return { importMs, firstMs, warmMs: median(warm), closeMs: median(closes) }
}

/**
 * The bench pins itself to one core (run.mjs), and a child would inherit that: a test process runs on
 * every core, its garbage collector's threads beside it, so the child is given them all back.
 */
const ALL_CORES = (() => {
  try {
    execFileSync('taskset', ['-c', `0-${cpus().length - 1}`, 'true'], { stdio: 'ignore' })
    return ['taskset', '-c', `0-${cpus().length - 1}`]
  } catch {
    return []
  }
})()

const child = (subject) => {
  const [command, ...args] = [...ALL_CORES, process.execPath, fileURLToPath(import.meta.url), subject]
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }))
}

/** Medians over IMPORTS fresh processes for each, alternating, so the machine's drift hits both alike. */
export function startFigures() {
  const runs = { emulator: [], baseline: [] }
  for (let i = 0; i < IMPORTS; i++) for (const subject of ['baseline', 'emulator']) runs[subject].push(child(subject))
  const figures = {}
  for (const key of Object.keys(START_TARGETS)) {
    const ours = median(runs.emulator.map((r) => r[key]))
    const theirs = median(runs.baseline.map((r) => r[key]))
    figures[key] = { ms: ours, baselineMs: theirs, ratio: ours / theirs, target: START_TARGETS[key],
      met: ours <= START_TARGETS[key] }
  }
  return figures
}

export function startLines(figures) {
  const names = { importMs: 'import', firstMs: 'first startEmulator()', warmMs: 'warm startEmulator()',
    closeMs: 'close()' }
  return ['| step | emulator ms | bare Fastify ms | ratio | target | met |', '|---|---|---|---|---|---|',
    ...Object.entries(figures).map(([key, f]) => `| ${names[key]} | ${f.ms.toFixed(1)} | ` +
      `${f.baselineMs.toFixed(1)} | ${f.ratio.toFixed(1)}× | ≤ ${f.target} ms | ${f.met ? 'met' : 'missed'} |`), '']
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  console.log(JSON.stringify(await measure(process.argv[2])))
  process.exit(0)
}
