// The record tests' plumbing: a recorder in this process in front of the fake upstream, and a
// request to it the way a real client sends one.
import { dirname, join } from 'node:path'
import type { Test } from 'tap'
import { startEmulator, type Emulator, type StartOptions } from '../../src/start.js'
import type { RecordOptions } from '../../src/parity/record-options.js'
import type { FakeUpstream } from './fake-upstream.js'
import { APP_ID, omedaUrl } from '../helpers.js'

export interface Recording {
  recorder: Emulator
  /** The session file. */
  out: string
}

/** A recorder for the fake upstream (private address allowed, its CA trusted), closed when `t` ends. */
export async function recordThrough(
  t: Test, fake: Pick<FakeUpstream, 'url' | 'caFile'>, options: Partial<RecordOptions> = {}, more: StartOptions = {}
): Promise<Recording> {
  // Beside the upstream's CA file: a second t.testdir() would empty the folder it is in.
  const out = options.out ?? join(dirname(fake.caFile), 'session.har')
  const recorder = await startEmulator({
    ...more,
    record: { upstream: fake.url, allowPrivate: true, ca: fake.caFile, out, ...options },
  })
  t.teardown(() => recorder.close())
  return { recorder, out }
}

export interface Answer {
  status: number
  headers: Headers
  body: Buffer
}

/** Sends a request through the recorder and reads the whole answer. */
export async function send(
  url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}
): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) }),
  })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

/** A cancel as a client sends it. */
export const cancelThrough = (url: string, body: unknown, appId = APP_ID, headers: Record<string, string> = {}) =>
  send(url, omedaUrl('cancel'), {
    headers: { 'content-type': 'application/json', 'x-omeda-appid': appId, ...headers },
    body: JSON.stringify(body),
  })
