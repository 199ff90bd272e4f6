// Upstreams the recorder refuses, and upstreams that fail: the client gets a 502 in the vendor's
// shape saying what failed, and the session file records it (unless failures are left out).
import t from 'tap'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net'
import { dirname, join } from 'node:path'
import type { Test } from 'tap'
import { inProcessMaterial } from '../../src/tls/in-process.js'
import { readSession } from '../../src/parity/session-file.js'
import { fakeUpstream } from './fake-upstream.js'
import { cancelThrough, recordThrough, type Answer } from './recording.js'
import { GUID } from '../helpers.js'

const CANCEL = { TrackId: 'FOO261124001', UserId: 'omailAccount1' }

/** An HTTPS server signed by the in-process CA (as the fake upstream is) that handles requests as told. */
async function httpsServer(t: Test, handle: Parameters<typeof createHttpsServer>[1]): Promise<string> {
  const material = (await inProcessMaterial({
    tlsPort: 0, host: '127.0.0.1', tlsNames: [], tlsDir: undefined, tlsCert: undefined, tlsKey: undefined,
    db: ':memory:',
  }))!
  const server = createHttpsServer({ key: material.key, cert: material.cert }, handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A 502 in the vendor's shape whose message says `reason`. */
function badGateway(t: Test, res: Answer, reason: RegExp): void {
  t.equal(res.status, 502)
  t.equal(res.headers.get('content-type'), 'application/json')
  const body = JSON.parse(res.body.toString('utf8')) as { Errors: { Error: string }[]; SubmissionId: string }
  t.equal(body.Errors.length, 1)
  t.match(body.Errors[0]!.Error, /^The recorder got no answer from the upstream https:\/\/[^ ]+: .+\.$/)
  t.match(body.Errors[0]!.Error, reason)
  t.match(body.SubmissionId, GUID)
  t.same(Object.keys(body), ['Errors', 'SubmissionId'])
}

t.test('a name that resolves to a private address is refused when the connection is made', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, { url: fake.url.replace('127.0.0.1', 'localhost'),
    caFile: fake.caFile }, { allowPrivate: false })
  const res = await cancelThrough(recorder.url, CANCEL)
  badGateway(t, res, new RegExp('localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address, ' +
    'which the recorder refuses without --upstream-allow-private'))
  t.same(fake.received, [], 'nothing reached it')
  const [entry] = readSession(out).log.entries
  t.match(entry!._upstreamError, /^localhost resolves to .*, a loopback address/)
  t.equal(entry!.response.status, 502)
  t.same(JSON.parse(entry!.response.content.text!), JSON.parse(res.body.toString()), 'the 502 as the client got it')
})

t.test('an upstream that does not answer in time, refuses the connection, resets it, or is not trusted', async (t) => {
  const fake = await fakeUpstream(t)
  const silent = await httpsServer(t, () => {})
  const resetting = await httpsServer(t, (req) => req.socket.destroy())
  const closed: Server = createTcpServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const refusing = `https://127.0.0.1:${(closed.address() as AddressInfo).port}`
  await new Promise((resolve) => closed.close(resolve))

  const cases: [string, string, RegExp, { timeout?: number; ca?: string }][] = [
    ['times out', silent, /no complete answer within 300 ms \(--upstream-timeout\)/, { timeout: 300 }],
    ['refuses the connection', refusing, /the connection was refused/, {}],
    ['resets the connection', resetting, /the connection was reset before the answer was complete/, {}],
  ]
  for (const [what, url, reason, options] of cases) {
    const { recorder, out } = await recordThrough(t, { url, caFile: fake.caFile }, options)
    const started = Date.now()
    badGateway(t, await cancelThrough(recorder.url, CANCEL), reason)
    if (options.timeout !== undefined) t.ok(Date.now() - started < 5000, 'within the timeout, not the default')
    const entries = readSession(out).log.entries
    t.equal(entries.length, 1, `${what}: recorded`)
    t.match(entries[0]!._upstreamError, reason)
    await recorder.close()
  }

  // The fake upstream's CA, not trusted: neither Node's store nor NODE_EXTRA_CA_CERTS has it.
  const { recorder, out } = await recordThrough(t, fake, { ca: undefined })
  badGateway(t, await cancelThrough(recorder.url, CANCEL),
    /its certificate is not trusted \([A-Z_]+\); trust its CA with --upstream-ca or NODE_EXTRA_CA_CERTS/)
  t.match(readSession(out).log.entries[0]!._upstreamError, /certificate is not trusted/)
  t.same(fake.received, [], 'no request was sent over the untrusted connection')
})

t.test('with recordFailures false, failed exchanges are left out of the file; clients still get them', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, fake, { recordFailures: false })
  t.equal((await cancelThrough(recorder.url, CANCEL)).status, 200)
  t.equal((await cancelThrough(recorder.url, CANCEL)).status, 400, 'cancelled twice: the upstream refuses')
  const closed = createTcpServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise((resolve) => closed.close(resolve))
  const down = await recordThrough(t, { url: `https://127.0.0.1:${port}`, caFile: fake.caFile },
    { recordFailures: false, out: join(dirname(fake.caFile), 'down.har') })
  badGateway(t, await cancelThrough(down.recorder.url, CANCEL), /refused/)
  t.same(readSession(down.out).log.entries, [], 'the upstream failure is left out')
  const entries = readSession(out).log.entries
  t.same(entries.map((e) => e.response.status), [200], 'only the success')
})

t.test('closing waits for the exchanges under way: each is in the file when close() resolves', async (t) => {
  const fake = await fakeUpstream(t)
  let arrived: () => void
  const reached = new Promise<void>((resolve) => { arrived = resolve })
  const slow = await httpsServer(t, () => arrived())
  const { recorder, out } = await recordThrough(t, { url: slow, caFile: fake.caFile }, { timeout: 60_000 },
    { shutdownTimeout: 300 })
  const pending = cancelThrough(recorder.url, CANCEL).catch((error: Error) => error)
  await reached
  const started = Date.now()
  await recorder.close()
  t.ok(Date.now() - started < 10_000, 'within the shutdown timeout, not the upstream timeout')
  const [entry] = readSession(out).log.entries
  t.equal(entry?._upstreamError, 'the recorder closed before the upstream answered')
  t.equal(entry?.response.status, 502)
  await pending
})
