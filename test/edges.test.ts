// The edges of HTTP itself: unparseable requests, bad URL encoding, wrong lengths, internal failure.
// Whatever happens, the client gets JSON in the vendor's shape.
import t from 'tap'
import { connect } from 'node:net'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import { once } from 'node:events'
import { admin, APP_ID, build, cancel, errorsOf, GUID, listening } from './helpers.js'

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
  for (const request of ['GARBAGE\r\n\r\n', 'POST /FOO/omail/deployment/cancel/* HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']) {
    const answer = await rawExchange(port, request)
    t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/, JSON.stringify(request))
    t.match(answer, /\r\nContent-Type: application\/json\r\n/)
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as VendorErrorBody
    t.match(body.Errors[0]?.Error, /^The request is malformed: unreadable HTTP request/)
    t.match(body.SubmissionId, GUID)
  }
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
  const app = await build(t, { db }, { logger: { level: 'error', stream: { write: (line: string) => logged.push(line) } } })
  // Another process holds the write lock past the busy timeout: neither the cancel nor its journal row can commit.
  const holder = new Database(db)
  holder.exec('BEGIN IMMEDIATE')
  t.teardown(() => holder.close())
  const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(res.statusCode, 500)
  t.equal(res.headers['content-type'], 'application/json')
  t.same(errorsOf(res), ['The emulator failed to process the request. See its log for details.'])
  t.ok(logged.some((line) => line.includes('request failed')), 'the cause is logged')
  const { JOURNAL_FLUSH_MS } = await import('../src/journal/journal.js')
  await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS * 3)) // journal rows are written in timed batches
  t.ok(logged.some((line) => line.includes('could not journal the submission')), 'a journal failure is logged too')
})

t.test('a 400 for a bad body keeps the connection open, as a real server does', async (t) => {
  const { port } = await listening(t)
  const post = (body: string, type = 'application/json') =>
    `POST /FOO/omail/deployment/cancel/* HTTP/1.1\r\nHost: x\r\nx-omeda-appid: ${APP_ID}\r\ncontent-type: ${type}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  const answer = await rawExchange(port, post('{"UserId": 5') + post('x', 'text/plain') +
    post('{"UserId":"omailAccount1","TrackId":"FOO261124001"}').replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nconnection: close\r\n'))
  const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1])
  t.same(statuses, ['400', '400', '200'], 'three answers on one connection')
  t.notMatch(answer.split('\r\n\r\n')[0], /connection: close/i, 'the first 400 does not close it')
})
