// The one way to run a server or a command as its own process, for the tests, the bench and the
// soak (plain JavaScript so the bench scripts need no TypeScript loader; types in spawn.d.mts):
// start it on a port and wait until it is ready, stop it, run a command to completion, and read a
// process's memory from /proc.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The entry point's source, run under the loader the current process has (tap's, in tests). */
export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
/** The bundle `npm run build` writes (`npm test` builds it first): what `npm start` and the image run. */
export const BUILT_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))

/** The command line for the entry point: from source under the current loader, or the built bundle. */
export const emulatorCommand = ({ built = false } = {}) =>
  (built ? [process.execPath, BUILT_MAIN] : [process.execPath, ...process.execArgv, MAIN])

/** A port nothing listens on, so a server's output need not be read to find its URL. */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/
const exited = (child) => child.exitCode !== null || child.signalCode !== null
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `url + readyPath` until it answers 2xx. Rejects after `timeoutMs`, or as soon as
 * `gone()` says the server has exited. Each attempt gives up after 2 s (a socket that accepts
 * and then says nothing, as a container's port proxy can, is not an answer).
 */
export async function waitReady(
  url,
  { readyPath = '/__admin/ready', timeoutMs = 30_000, intervalMs = 2, gone = () => undefined } = {}
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const why = gone()
    if (why !== undefined) throw new Error(why)
    const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined)
    if (res?.ok) return
    if (Date.now() >= deadline) throw new Error(`${url}${readyPath} was not ready within ${timeoutMs} ms`)
    await sleep(intervalMs)
  }
}

/**
 * Spawns `command` (a Node script, relative to the repository root, or a whole command line such as
 * `['npm', 'start']`) in the repository root with LOG_LEVEL=info, `env` on top and the port in
 * PORT, and resolves once it is ready:
 * - with `readyPath`, at the first 2xx answer there (polled every 2 ms, so `startupMs` times
 *   spawn → ready); the port is then a free one found beforehand unless `port` names one;
 * - without it, at its "Server listening at" log line, which gives the URL (the port is 0 unless
 *   `port` names one, so the server picks a free one itself). This needs stdout: 'lines'.
 * stdout 'lines' keeps its output, line by line, in `lines`; 'ignore' sends it to /dev/null, as a
 * user's would go to a file (a load generator must not spend its CPU reading it); 'inherit' shows it.
 * stderr 'pipe' keeps it for the error when the server exits before it is ready; 'inherit' shows it.
 * `detached` puts it in a process group of its own, so `stop()` also stops what it started (the
 * server `npm start` runs). It never outlives this process, even one that fails before its teardown.
 */
export async function startServer(command, {
  args = [], env = {}, port, readyPath, stdout = 'lines', stderr = 'pipe', detached = false, timeoutMs = 30_000,
} = {}) {
  const [file, ...rest] = Array.isArray(command) ? command : [process.execPath, command]
  const argv = [...rest, ...args]
  if (readyPath === undefined && stdout !== 'lines') {
    throw new Error('without readyPath, readiness is read from stdout: use stdout: \'lines\'')
  }
  const listenPort = port ?? (readyPath === undefined ? 0 : await freePort())
  const started = process.hrtime.bigint()
  const child = spawn(file, argv, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(listenPort) },
    stdio: ['ignore', stdout === 'lines' ? 'pipe' : stdout, stderr],
    detached,
  })
  const signal = (name) => {
    try {
      if (detached) process.kill(-child.pid, name)
      else child.kill(name)
    } catch {
      // already gone
    }
  }
  const reap = () => signal('SIGKILL')
  process.once('exit', reap)
  child.once('exit', () => process.off('exit', reap))

  const lines = []
  const errors = []
  let failure
  child.once('error', (error) => { failure = error })
  child.stderr?.on('data', (chunk) => errors.push(chunk.toString()))
  const name = [file, ...argv].join(' ')
  const gone = () => {
    if (failure) return `${name} did not start: ${failure.message}`
    if (exited(child)) {
      return `${name} exited with ${child.exitCode ?? child.signalCode} before it was ` +
      `ready${errors.length ? `: ${errors.join('')}` : ''}`
    }
    return undefined
  }

  let url
  try {
    if (readyPath === undefined) {
      url = await new Promise((resolve, reject) => {
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(
            () => reject(new Error(`${name} did not listen within ${timeoutMs} ms: ${errors.join('')}`)),
            timeoutMs
          )
          : undefined
        const fail = () => { clearTimeout(timer); reject(new Error(gone())) }
        child.once('exit', fail)
        child.once('error', fail)
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line)
          const match = LISTENING.exec(line)
          if (match) {
            clearTimeout(timer)
            resolve(match[1])
          }
        })
      })
    } else {
      url = `http://127.0.0.1:${listenPort}`
      await waitReady(url, { readyPath, timeoutMs, gone })
    }
  } catch (error) {
    signal('SIGKILL')
    throw error
  }
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6
  return {
    child, pid: child.pid, url, lines, startupMs,
    /**
     * Signals the server (its process group, if detached) and resolves with its exit code; at once if
     * it has exited.
     */
    async stop(how = 'SIGTERM') {
      if (exited(child)) return child.exitCode
      const exit = once(child, 'exit')
      signal(how)
      const [code] = await exit
      return code
    },
  }
}

/**
 * Runs a command line to completion in the repository root (for flags that print and exit, or
 * start-up failures), with `env` on top of this process's environment. After `timeoutMs` it is
 * killed (code null, signal SIGKILL): a command expected to fail must not hang a test that is wrong.
 */
export async function run(command, { env = {}, uid, timeoutMs = Infinity, cwd = ROOT } = {}) {
  // Another user cannot write tap's coverage and process records, and tap adds its hooks to every
  // child's NODE_OPTIONS, so a child run as that user starts from `env -i`: a bare environment.
  const child = uid === undefined
    ? spawn(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('env', [
      '-i',
      `PATH=${process.env.PATH}`,
      ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
      ...command
    ], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'], uid,
    })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => { stdout += c.toString() })
  child.stderr.on('data', (c) => { stderr += c.toString() })
  const timer = Number.isFinite(timeoutMs) ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined
  const [code] = await once(child, 'exit')
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Resident and peak memory of a process, in MB. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
