// Record mode: each request is sent on to the upstream as it came, the client gets the upstream's
// answer exactly, and the session file holds every exchange, complete after each one.
import t from 'tap'
import { entryBody, harText, headerOf, readSession } from '../../src/parity/session-file.js'
import { SessionRecorder } from '../../src/parity/session-recorder.js'
import { Redactor } from '../../src/parity/redaction.js'
import { fakeUpstream, folder, type UpstreamAnswer } from './fake-upstream.js'
import { cancelThrough, recordThrough, send } from './recording.js'
import { APP_ID, lookupPath, omedaUrl } from '../helpers.js'
import { join } from 'node:path'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import type { Har } from 'har-format'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { gunzipSync, gzipSync } from 'node:zlib'

t.test('the client gets exactly what the upstream answered, and the upstream what the client sent', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder } = await recordThrough(t, fake)
  const sent: UpstreamAnswer[] = []
  fake.mutate((answer) => {
    const extra = { ...answer, headers: { ...answer.headers, 'x-upstream-extra': 'yes' } }
    sent.push(extra)
    return extra
  })
  const body = JSON.stringify({ TrackId: 'FOO261124001', UserId: 'omailAccount1' })
  const res = await cancelThrough(recorder.url, JSON.parse(body))
  t.equal(res.status, sent[0]!.status)
  t.equal(res.status, 200, 'the cancel went through')
  t.same(res.body, sent[0]!.body, 'the same bytes')
  t.equal(res.headers.get('content-type'), sent[0]!.headers['content-type'])
  t.equal(res.headers.get('x-upstream-extra'), 'yes', "the upstream's own headers too")
  const [received] = fake.received
  t.equal(received!.method, 'POST')
  t.equal(received!.url, omedaUrl('cancel'), 'path and literal /* tail unchanged')
  t.equal(received!.body.toString('utf8'), body, 'body bytes unchanged')
  t.equal(received!.headers['x-omeda-appid'], APP_ID, 'the app id reaches the upstream')
  t.equal(received!.headers.host, new URL(fake.url).host, "the upstream's own host")

  // Bytes no parser would accept, and a query string, go as they are too.
  const odd = Buffer.from([0x7b, 0xff, 0x00, 0x22])
  const strange = await send(recorder.url, `${omedaUrl('cancel')}?a=1&b=%20`, {
    headers: { 'content-type': 'application/x-odd', 'x-omeda-appid': APP_ID }, body: odd,
  })
  t.same(fake.received[1]!.body, odd)
  t.equal(fake.received[1]!.url, `${omedaUrl('cancel')}?a=1&b=%20`)
  t.equal(fake.received[1]!.headers['content-type'], 'application/x-odd')
  t.equal(strange.status, sent[1]!.status, "the upstream's refusal, as it gave it")
  t.same(strange.body, sent[1]!.body)

  // The short prefix and a GET.
  const looked = await send(recorder.url, lookupPath('FOO261124002', { prefix: 'short' }),
    { headers: { 'x-omeda-appid': APP_ID } })
  t.equal(fake.received[2]!.url, lookupPath('FOO261124002', { prefix: 'short' }))
  t.equal(looked.status, 200)
  t.same(looked.body, sent[2]!.body)
})

t.test('the session file is complete after each exchange, in request order', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, fake)
  t.same(readSession(out).log.entries, [], 'an empty session from the start')
  const calls = [
    () => send(recorder.url, lookupPath('FOO261124001'), { headers: { 'x-omeda-appid': APP_ID } }),
    () => cancelThrough(recorder.url, { TrackId: 'FOO261124001', UserId: 'omailAccount1' }),
    () => cancelThrough(recorder.url, { TrackId: 'FOO261124001', UserId: 'omailAccount1' }),
  ]
  for (const [i, call] of calls.entries()) {
    const res = await call()
    const { entries } = readSession(out).log
    t.equal(entries.length, i + 1, `${i + 1} exchanges, ${i + 1} entries`)
    const last = entries[i]!
    t.equal(last.response.status, res.status)
    t.same(entryBody(last.response.content), res.body, 'the answer as the client got it')
    t.equal(new URL(last.request.url).origin, fake.url, "the upstream's URL")
    const text = readFileSync(out, 'utf8')
    t.equal(text, harText(JSON.parse(text) as Har), 'appended in place, the file is as if written whole')
  }
  const { entries } = readSession(out).log
  t.same(entries.map((e) => [e.request.method, new URL(e.request.url).pathname, e.response.status]), [
    ['GET', lookupPath('FOO261124001'), 200],
    ['POST', omedaUrl('cancel'), 200],
    ['POST', omedaUrl('cancel'), 400],
  ])
  t.equal(headerOf(entries[1]!.request.headers, 'x-omeda-appid'), 'REDACTED-X-OMEDA-APPID-1')

  // Many at once: every one is there, in the order they started.
  await Promise.all(Array.from({ length: 6 }, (_, i) =>
    send(recorder.url, lookupPath(`FOO26112400${i}`), { headers: { 'x-omeda-appid': APP_ID } })))
  const after = readSession(out).log.entries
  t.equal(after.length, 9)
  const started = after.map((e) => e.startedDateTime)
  t.same(started, [...started].sort(), 'sorted by start')
  const text = readFileSync(out, 'utf8')
  t.equal(text, harText(JSON.parse(text) as Har), 'in the same form, whether appended or written whole')
})

t.test('entries are sorted by their start, then by arrival, whatever order they finish in', async (t) => {
  const out = join(folder(t), 'order.har')
  const recorder = new SessionRecorder(out, new Redactor(), true)
  const exchange = (path: string, at: number) => ({
    startedAt: new Date(at), method: 'GET', url: `https://upstream.test${path}`, requestHeaders: {},
    requestBody: Buffer.alloc(0), status: 200, statusText: 'OK', responseHeaders: {}, responseBody: Buffer.alloc(0),
    timings: { send: 0, wait: 0, receive: 0 },
  })
  const first = recorder.arrived({})
  const second = recorder.arrived({})
  const third = recorder.arrived({})
  recorder.record(exchange('/c', 2000), third)
  recorder.record(exchange('/b', 1000), second)
  recorder.record(exchange('/a', 1000), first)
  t.same(readSession(out).log.entries.map((e) => new URL(e.request.url).pathname), ['/a', '/b', '/c'])
})

t.test('health and readiness answer in record mode; no other admin call is forwarded', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder } = await recordThrough(t, fake)
  const health = await send(recorder.url, '/__admin/health')
  t.equal(health.status, 200)
  t.same(JSON.parse(health.body.toString()), { status: 'ok' })
  const ready = await send(recorder.url, '/__admin/ready')
  t.equal(ready.status, 200)
  t.same(JSON.parse(ready.body.toString()), { status: 'ready' })
  const other = await send(recorder.url, '/__admin/submissions')
  t.equal(other.status, 404)
  t.match(JSON.parse(other.body.toString()), { Errors: [{ Error: 'No resource matches GET /__admin/submissions.' }] })
  t.same(fake.received, [], 'nothing reached the upstream')
})

t.test('a compressed answer reaches the client as it came and the file decoded, secrets scrubbed', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, fake)
  fake.mutate((answer, request) => ({
    ...answer,
    headers: { ...answer.headers, 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.from(JSON.stringify({ Echo: request.headers['x-omeda-appid'] }))),
  }))
  const res = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    const url = new URL(lookupPath('FOO261124001'), recorder.url)
    httpGet(url, { headers: { 'x-omeda-appid': APP_ID } }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => resolve({ encoding: answer.headers['content-encoding'], body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
  t.equal(res.encoding, 'gzip')
  t.same(JSON.parse(gunzipSync(res.body).toString()), { Echo: APP_ID }, 'the bytes as the upstream sent them')
  const [entry] = readSession(out).log.entries
  t.same(JSON.parse(entry!.response.content.text!), { Echo: 'REDACTED-X-OMEDA-APPID-1' })
  t.equal(headerOf(entry!.response.headers, 'content-encoding'), undefined, 'the file says what it holds')
})

t.test('record mode keeps the HTTPS port and the browser guard', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, fake, {}, { tlsPort: 0 })
  t.ok(recorder.httpsUrl)
  const body = await new Promise<string>((resolve, reject) => {
    const url = new URL(lookupPath('FOO261124001'), recorder.httpsUrl)
    httpsGet(url, { headers: { 'x-omeda-appid': APP_ID }, ca: recorder.ca }, (answer) => {
      let text = ''
      answer.on('data', (chunk: Buffer) => { text += chunk.toString() })
      answer.on('end', () => resolve(text))
    }).on('error', reject)
  })
  t.match(JSON.parse(body), { TrackId: 'FOO261124001' }, 'forwarded from the HTTPS port')
  const fromPage = await send(recorder.url, lookupPath('FOO261124001'),
    { headers: { 'x-omeda-appid': APP_ID, origin: 'https://evil.example' } })
  t.equal(fromPage.status, 403)
  t.equal(fake.received.length, 1, "a web page's request is not forwarded")
  t.equal(readSession(out).log.entries.length, 1, 'nor recorded')
})

t.test('while the session file cannot be written, clients still get their answers and readiness says so', async (t) => {
  const fake = await fakeUpstream(t)
  const { recorder, out } = await recordThrough(t, fake)
  rmSync(out)
  mkdirSync(join(out, 'in-the-way'), { recursive: true })
  const look = () => send(recorder.url, lookupPath('FOO261124001'), { headers: { 'x-omeda-appid': APP_ID } })
  t.equal((await look()).status, 200, 'answered')
  const ready = await send(recorder.url, '/__admin/ready')
  t.equal(ready.status, 503)
  t.match(JSON.parse(ready.body.toString()).Errors[0].Error,
    /^The recorder cannot write its session file: .+\. It is ready again once a write succeeds\.$/)
  rmSync(out, { recursive: true })
  t.equal((await look()).status, 200)
  t.equal((await send(recorder.url, '/__admin/ready')).status, 200, 'ready again')
  t.equal(readSession(out).log.entries.length, 2, 'the file holds both exchanges again')
})
