// Types for spawn.mjs, so the TypeScript tests import it under `strict`.
import type { ChildProcess } from 'node:child_process'

export const ROOT: string
export const MAIN: string
export const BUILT_MAIN: string
export function emulatorCommand(options?: { built?: boolean }): string[]
export function freePort(): Promise<number>
export function waitReady(url: string, options?: {
  readyPath?: string; timeoutMs?: number; intervalMs?: number; gone?: () => string | undefined
}): Promise<void>

export interface StartOptions {
  /** Appended to the command line. */
  args?: string[]
  /** On top of this process's environment and LOG_LEVEL=info. */
  env?: Record<string, string>
  /** Given as PORT; by default 0 (log readiness) or a free port (readyPath). */
  port?: number
  /** Ready at the first 2xx answer here; without it, at the "Server listening at" log line. */
  readyPath?: string
  stdout?: 'lines' | 'ignore' | 'inherit'
  stderr?: 'pipe' | 'inherit'
  /** A process group of its own, which stop() signals as a whole. */
  detached?: boolean
  timeoutMs?: number
}

export interface RunningServer {
  child: ChildProcess
  pid: number
  url: string
  /** Its stdout, line by line (stdout: 'lines'). */
  lines: string[]
  /** Spawn → ready, in ms. */
  startupMs: number
  /** Signals it and resolves with its exit code (null if a signal ended it); at once if it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export function startServer(command: string | string[], options?: StartOptions): Promise<RunningServer>

export interface Completed { code: number | null; stdout: string; stderr: string }
/** Runs a command to its end; `cwd` defaults to the project's root. */
export function run(
  command: string[],
  options?: { env?: Record<string, string>; uid?: number; timeoutMs?: number; cwd?: string }
): Promise<Completed>

export function memory(pid: number): { rssMb: number; peakMb: number }
