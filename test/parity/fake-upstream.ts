// A stand-in for Omeda's staging host: an HTTPS server that answers each request the way the
// emulator does (it is the emulator, in-process, behind app.inject()), so that a faithful recording
// and the emulator agree exactly, and a mutation changes one thing on purpose.
import { createServer } from 'node:https'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { inProcessMaterial } from '../../src/tls/in-process.js'
import type { Config } from '../../src/config.js'
import { build } from '../helpers.js'

/** What the upstream received. */
export interface UpstreamRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: Buffer
}

/** What the upstream answers; a mutation returns a changed copy. */
export interface UpstreamAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

export type Mutation = (answer: UpstreamAnswer, request: UpstreamRequest) => UpstreamAnswer

export interface FakeUpstream {
  /** `https://127.0.0.1:<port>` */
  url: string
  /** The certificate authority that signed its certificate (PEM), and a file holding it. */
  ca: string
  caFile: string
  /** The emulator behind it. */
  app: FastifyInstance
  /** Every request it received, in order. */
  received: UpstreamRequest[]
  /** Changes what it answers from now on (undefined: answers as the emulator does). */
  mutate(mutation: Mutation | undefined): void
}

/** Turns a JSON body into another; the answer's other parts are kept. */
export const jsonMutation =
  (change: (body: Record<string, unknown>, request: UpstreamRequest) => unknown): Mutation =>
    (answer, request) => {
      const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>
      return { ...answer, body: Buffer.from(JSON.stringify(change(body, request))) }
    }

const folders = new WeakMap<Test, string>()
/** The test's own folder, made once: tap empties it on each t.testdir() call. */
export function folder(t: Test): string {
  const known = folders.get(t)
  if (known !== undefined) return known
  const made = t.testdir()
  folders.set(t, made)
  return made
}

export async function fakeUpstream(t: Test, overrides: Partial<Config> = {}): Promise<FakeUpstream> {
  const app = await build(t, overrides)
  const material = await inProcessMaterial({
    tlsPort: 0, host: '127.0.0.1', tlsNames: [], tlsDir: undefined, tlsCert: undefined, tlsKey: undefined,
    db: ':memory:',
  })
  const received: UpstreamRequest[] = []
  let mutation: Mutation | undefined
  const server = createServer({ key: material!.key, cert: material!.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: UpstreamRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)])),
        body: Buffer.concat(chunks),
      }
      received.push(request)
      const { host: _host, ...headers } = request.headers
      const injected = app.inject({ method: request.method as 'GET', url: request.url, headers, payload: request.body })
      injected.then((answer) => {
        const own: UpstreamAnswer = {
          status: answer.statusCode,
          headers: Object.fromEntries(Object.entries(answer.headers)
            .filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name))
            .map(([name, value]) => [name, String(value)])),
          body: answer.rawPayload,
        }
        const sent = mutation === undefined ? own : mutation(own, request)
        res.writeHead(sent.status, { ...sent.headers, 'content-length': sent.body.length })
        res.end(sent.body)
      }, (error: Error) => {
        res.writeHead(500)
        res.end(error.message)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const caFile = join(folder(t), 'upstream-ca.pem')
  writeFileSync(caFile, material!.ca!)
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: material!.ca!,
    caFile,
    app,
    received,
    mutate: (next) => { mutation = next },
  }
}
