// The edges of HTTP itself: unparseable requests, bad URL encoding, wrong lengths, internal failure.
// Whatever happens, the client gets JSON in the vendor's shape.
import t from 'tap'
import { connect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import { once } from 'node:events'
import { APP_ID, build, TEST_WORLD, cancel, errorsOf, GUID, listening } from './helpers.js'
import { startEmulator } from '../src/start.js'

async function rawExchange(port: number, request: string): Promise<string> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(request)
  let answer = ''
  socket.on('data', (chunk: Buffer) => { answer += chunk.toString() })
  await once(socket, 'close')
  return answer
}

t.test('unparseable HTTP gets a vendor-shaped 400 on the socket', async (t) => {
  const { port } = await listening(t)
  for (const request of [
    'GARBAGE\r\n\r\n',
    'POST /FOO/omail/deployment/cancel/* HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'
  ]) {
    const answer = await rawExchange(port, request)
    t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/, JSON.stringify(request))
    t.match(answer, /\r\nContent-Type: application\/json\r\n/)
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as VendorErrorBody
    t.match(body.Errors[0]?.Error, /^The request is malformed: unreadable HTTP request/)
    t.match(body.SubmissionId, GUID)
  }
})

/**
 * A raw conversation on `socket` once it is open: writes `head`; with `thenBody`, waits for the
 * interim `100 Continue` before writing it. Resolves with everything the server wrote once it has
 * hung up; one that keeps the connection open 5 s has `(still open)` appended.
 */
async function converse(socket: Socket, ready: string, head: string, thenBody?: string): Promise<string> {
  await once(socket, ready)
  let answer = ''
  socket.on('data', (chunk: Buffer) => {
    const before = answer
    answer += chunk.toString()
    if (thenBody !== undefined && !before.includes('100 Continue') && answer.includes('100 Continue')) {
      socket.write(thenBody)
    }
  })
  socket.write(head)
  const timer = setTimeout(() => { answer += '(still open)'; socket.destroy() }, 5000)
  await once(socket, 'close')
  clearTimeout(timer)
  return answer
}

interface RawAnswer { status: string; headers: Record<string, string>; body: string }
function parseAnswer(answer: string): RawAnswer {
  const head = answer.slice(0, answer.indexOf('\r\n\r\n'))
  const [status = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => [
    line.slice(0, line.indexOf(':')).toLowerCase(),
    line.slice(line.indexOf(':') + 1).trim()
  ]))
  return { status, headers, body: answer.slice(head.length + 4) }
}

t.test('what Node answers before the router, on HTTP and HTTPS alike', async (t) => {
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: t.testdir() })
  t.teardown(() => emulator.close())
  const http = new URL(emulator.url)
  const https = new URL(emulator.httpsUrl ?? '')
  const ports: [string, () => [Socket, string]][] = [
    ['HTTP', () => [connect(Number(http.port), '127.0.0.1'), 'connect']],
    [
      'HTTPS',
      () => [
        tlsConnect({ host: '127.0.0.1', port: Number(https.port), ca: emulator.ca, servername: 'localhost' }),
        'secureConnect'
      ]
    ],
  ]
  const cancelPath = '/webservices/rest/brand/FOO/omail/deployment/cancel/*'
  const payload = JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  // The body as JSON, or as the text it is when it is not JSON (so a failure shows it).
  const json = (text: string): unknown => { try { return JSON.parse(text) } catch { return text } }

  t.test('an unmet Expect gets a vendor-shaped 417 and a closed connection', async (t) => {
    for (const [name, open] of ports) {
      const expect = parseAnswer(await converse(...open(),
        `POST ${cancelPath} HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Type: ` +
          `application/json\r\nContent-Length: ${payload.length}\r\n\r\n`))
      t.equal(expect.status, 'HTTP/1.1 417 Expectation Failed', `${name}: an unmet Expect`)
      t.equal(expect.headers['content-type'], 'application/json')
      t.equal(expect.headers.connection, 'close', 'the unread body would follow: the connection is not reused')
      t.notMatch(expect.body, '(still open)', 'and is closed')
      t.match(json(expect.body), {
        Errors: [{ Error: "The expectation '200-ok' cannot be met: the " +
          "only one supported is 'Expect: 100-continue'." }],
        SubmissionId: GUID,
      })
    }
  })

  t.test('CONNECT gets a vendor-shaped 405 and a closed connection', async (t) => {
    for (const [name, open] of ports) {
      const tunnel = parseAnswer(await converse(
        ...open(),
        'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'
      ))
      t.equal(tunnel.status, 'HTTP/1.1 405 Method Not Allowed', `${name}: CONNECT`)
      t.equal(tunnel.headers['content-type'], 'application/json')
      t.equal(tunnel.headers.connection, 'close')
      t.notMatch(tunnel.body, '(still open)', 'and is closed')
      t.equal(tunnel.headers.allow, '', 'no method is served for a tunnel\'s target')
      t.match(json(tunnel.body), {
        Errors: [{ Error: "The HTTP method 'CONNECT' is not allowed: the emulator " +
          "is not a proxy and opens no tunnel to 'example.com:443'." }],
        SubmissionId: GUID,
      })
    }
  })

  t.test('Expect: 100-continue still gets 100 Continue, then the answer to the request', async (t) => {
    for (const [name, open] of ports) {
      await emulator.admin.reset()
      const goOn = await converse(...open(),
        `POST ${cancelPath} HTTP/1.1\r\nHost: x\r\nExpect: ` +
          `100-continue\r\nConnection: close\r\nx-omeda-appid: ${APP_ID}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`, payload)
      t.match(goOn, /^HTTP\/1\.1 100 Continue\r\n\r\n/, `${name}: 100 Continue first`)
      const final = parseAnswer(goOn.slice(goOn.indexOf('\r\n\r\n') + 4))
      t.equal(final.status, 'HTTP/1.1 200 OK', 'then the cancel itself')
      t.match(json(final.body), { ResponseInfo: [{ TrackId: 'FOO261124001' }] })
    }
  })
})

t.test('a URL with broken percent-encoding is a malformed URL: a vendor-shaped 404', async (t) => {
  const app = await build(t)
  const url = '/FOO/omail/deployment/cancel/%E0%A4%A'
  const res = await app.inject({ method: 'POST', url, headers: { 'x-omeda-appid': APP_ID } })
  t.equal(res.statusCode, 404)
  t.same(errorsOf(res), [`No resource matches POST ${url}.`])
  t.match(res.json().SubmissionId, GUID)
})

t.test('a URL segment longer than the router takes is a malformed URL too', async (t) => {
  const app = await build(t)
  const url = `/FOO/omail/deployment/lookup/${'T'.repeat(200)}/*`
  const res = await app.inject({ method: 'GET', url, headers: { 'x-omeda-appid': APP_ID } })
  t.equal(res.statusCode, 404)
  t.same(errorsOf(res), [`No resource matches GET ${url}.`])
})

t.test('an internal failure is a vendor-shaped 500 and is logged, not a crash', async (t) => {
  const logged: string[] = []
  const { default: Database } = await import('better-sqlite3')
  const db = `${t.testdir()}/state.db`
  // A short busy timeout: the lock need not be waited out for long to fail the write.
  const app = await build(
    t,
    { db, busyTimeout: 50 },
    { logger: { level: 'error', stream: { write: (line: string) => logged.push(line) } } }
  )
  // Another process holds the write lock past the busy timeout: neither the cancel nor its journal row can commit.
  const holder = new Database(db)
  holder.exec('BEGIN IMMEDIATE')
  t.teardown(() => holder.close())
  const started = Date.now()
  const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.ok(Date.now() - started < 2000, 'the write gave up after --busy-timeout, not the default 5 s')
  t.equal(res.statusCode, 500)
  t.equal(res.headers['content-type'], 'application/json')
  t.same(errorsOf(res), ['The emulator failed to process the request. See its log for details.'])
  t.ok(logged.some((line) => line.includes('request failed')), 'the cause is logged')
  const { JOURNAL_FLUSH_MS } = await import('../src/sandbox/journal.js')
  await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS * 3)) // journal rows are written in timed batches
  t.ok(logged.some((line) => line.includes('could not journal the submission')), 'a journal failure is logged too')
})

t.test('a 400 for a bad body keeps the connection open, as a real server does', async (t) => {
  const { port } = await listening(t)
  const post = (body: string, type = 'application/json') =>
    `POST /FOO/omail/deployment/cancel/* HTTP/1.1\r\nHost: x\r\nx-omeda-appid: ${APP_ID}\r\ncontent-type: ${type}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  const answer = await rawExchange(port, post('{"UserId": 5') + post('x', 'text/plain') +
    post('{"UserId":"omailAccount1","TrackId":"FOO261124001"}').replace(
      'HTTP/1.1\r\n',
      'HTTP/1.1\r\nconnection: close\r\n'
    ))
  const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1])
  t.same(statuses, ['400', '400', '200'], 'three answers on one connection')
  t.notMatch(answer.split('\r\n\r\n')[0], /connection: close/i, 'the first 400 does not close it')
})
