// Shared test plumbing: build the app the way the entry point does, and talk to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { defaultConfig, type Config } from '../src/config.js'
import { AdminClient, type AdminClientOptions } from '../src/client.js'

export const APP_ID = 'sandbox-app-id'
export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
/** The bundle `npm run build` writes (`npm test` builds it first): what `npm start` and the image run. */
export const BUILT_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))

/** The command line for the entry point: from source under tap's loader, or the built bundle. */
const entry = (built: boolean) => (built ? [BUILT_MAIN] : [...process.execArgv, MAIN])
export const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/

export function build(overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  return buildApp(defaultConfig(overrides), { logger: false })
}

/** A fetch that goes through app.inject(): the admin client, without a socket. */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: (init.headers ?? {}) as Record<string, string>,
      ...(init.body === undefined ? {} : { payload: init.body as string }),
    })
    const headers = Object.entries(res.headers).map(([k, v]) => [k, String(v)] as [string, string])
    return new Response(res.body, { status: res.statusCode, headers })
  }) as typeof fetch
}

/** The project's own admin client, talking to an in-process app. */
export function admin(app: FastifyInstance, options: Partial<AdminClientOptions> = {}): AdminClient {
  return new AdminClient({ baseUrl: 'http://emulator.test', fetch: injectFetch(app), ...options })
}

export interface CancelOptions {
  brand?: string
  appId?: string | null
  prefix?: 'vendor' | 'short'
  tail?: string
  headers?: Record<string, string>
}

export function cancelUrl({ brand = 'FOO', prefix = 'vendor', tail = '/*' }: CancelOptions = {}): string {
  const base = prefix === 'vendor' ? `/webservices/rest/brand/${brand}` : `/${brand}`
  return `${base}/omail/deployment/cancel${tail}`
}

/** POSTs a cancel the way a real client does: app id header, JSON body, literal `/*` tail. */
export function cancel(app: FastifyInstance, body: unknown, options: CancelOptions = {}): Promise<LightMyRequestResponse> {
  const { appId = APP_ID, headers = {} } = options
  return app.inject({
    method: 'POST',
    url: cancelUrl(options),
    headers: { 'content-type': 'application/json', ...(appId === null ? {} : { 'x-omeda-appid': appId }), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export interface VendorError {
  Errors: { Error: string }[]
  SubmissionId: string
}

export const errorsOf = (res: LightMyRequestResponse): string[] => (res.json() as VendorError).Errors.map((e) => e.Error)

export interface RunningEmulator {
  child: ChildProcess
  url: string
  lines: string[]
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts the real entry point as its own process on a free port and waits until it listens. */
export async function startEmulator(args: string[] = [], env: Record<string, string> = {}, { built = false } = {}): Promise<RunningEmulator> {
  const child = spawn(process.execPath, [...entry(built), '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Never outlive the test file, even when it times out or fails before its teardown.
  const reap = () => child.kill('SIGKILL')
  process.once('exit', reap)
  child.once('exit', () => process.off('exit', reap))
  const lines: string[] = []
  const stderr: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not listen in time: ${stderr.join('')}`)), 30_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`emulator exited with ${code}: ${stderr.join('')}`))
    })
  })
  return {
    child, url, lines,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill(signal)
      const [code] = await once(child, 'exit')
      return code as number | null
    },
  }
}

/** Runs the entry point to completion (for flags that print and exit, or start-up failures). */
export async function runMain(
  args: string[], env: Record<string, string> = {}, { built = false, uid }: { built?: boolean; uid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = [process.execPath, ...entry(built), ...args]
  // Another user cannot write tap's coverage and process records, and tap adds its hooks to every
  // child's NODE_OPTIONS, so a child run as that user starts from `env -i`: a bare environment.
  const child = uid === undefined
    ? spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('env', ['-i', `PATH=${process.env.PATH}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], uid,
    })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
  const [code] = await once(child, 'exit')
  return { code: code as number | null, stdout, stderr }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = { 'x-omeda-appid': APP_ID }) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
