// What the bench and soak scripts share about the server under test: starting it as a real process
// on a free port, stopping it, and reading its memory from /proc.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A port nothing listens on, so a server's output need not be read to find its URL. */
async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Spawns `command` (a Node script, or a whole command line such as `['npm', 'start']`) and times
 * spawn → first successful `readyPath`. Its log goes to /dev/null unless `stdout` says otherwise,
 * as a user's would go to a file: the load generator must not spend its CPU reading it.
 */
export async function startServer(command, env, { readyPath = '/__admin/ready', stdout = 'ignore' } = {}) {
  const [file, ...args] = Array.isArray(command) ? command : [process.execPath, command]
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const started = process.hrtime.bigint()
  // Its own process group, so stopping `npm start` stops the server npm started too.
  const child = spawn(file, args, {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port) }, stdio: ['ignore', stdout, 'inherit'], detached: true,
  })
  let exited = null
  child.once('exit', (code) => { exited = code })
  for (;;) {
    if (exited !== null) throw new Error(`${[file, ...args].join(' ')} exited with ${exited}`)
    const res = await fetch(`${url}${readyPath}`).catch(() => undefined)
    if (res?.ok) break
    await new Promise((r) => setTimeout(r, 2))
  }
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6
  return {
    url, startupMs, pid: child.pid,
    stop: () => new Promise((resolve) => { child.once('exit', resolve); process.kill(-child.pid, 'SIGTERM') }),
  }
}

/** Resident and peak memory of a process, in MB. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
