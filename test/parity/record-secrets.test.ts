// The secret scan: a session that carried two app ids, an input id, a user-named header and a
// password field, in headers, URLs, request bodies and answers, in every encoding the redactor
// knows, leaves none of them in the session file or in the process's log lines.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { buildRecorder } from '../../src/parity/record-app.js'
import { startConfig } from '../../src/start-options.js'
import { loggerOptions } from '../../src/app.js'
import { secretForms } from '../../src/parity/redaction.js'
import { headerOf, readSession } from '../../src/parity/session-file.js'
import { fakeUpstream, jsonMutation } from './fake-upstream.js'
import { cancelThrough, send } from './recording.js'
import { lookupPath } from '../helpers.js'

const APP_1 = 'sandbox-app-id'
const APP_2 = 'foo-only-app-id'
const INPUT_ID = 'input-id-7731-QX'
const TOKEN = 'tok-7f3a9c-private'
const PASSWORD = 'hunter2-Secret-pw'
const SECRETS = [APP_1, APP_2, INPUT_ID, TOKEN]

/** A secret in each form a client or a service might put it in. */
const encodings = (secret: string): string[] => [
  secret, secret.toUpperCase(), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'),
  encodeURIComponent(`${secret}/`), Buffer.from(secret).toString('base64url'),
  // Inside a longer base64 text, at each offset a byte can have in a 3-byte group.
  Buffer.from(`x:${secret}`).toString('base64'), Buffer.from(`id=${secret};`).toString('base64'),
  Buffer.from(`Basic ${secret}`).toString('base64url'),
]
/** Whether any base64 run in a text decodes to something holding the secret (a check apart from the redactor's). */
const inBase64 = (text: string, secret: string): boolean => (text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? [])
  .some((run) => [0, 1, 2, 3]
    .some((skip) => Buffer.from(run.slice(skip), 'base64').toString('latin1').includes(secret)))

/** Every form of every secret found in a text (case ignored), as `secret: form`. */
const leaks = (text: string): string[] => SECRETS.flatMap((secret) => secretForms(secret)
  .filter((form) => text.toLowerCase().includes(form.toLowerCase())).map((form) => `${secret}: ${form}`))
  .concat(text.includes(PASSWORD) ? [`password: ${PASSWORD}`] : [])

t.test('no secret reaches the session file or the log, in any encoding', async (t) => {
  const fake = await fakeUpstream(t)
  // The upstream echoes the caller's app id back in every form, in its body and its headers.
  const echo = jsonMutation((body, request) => ({ ...body, Echo: encodings(request.headers['x-omeda-appid'] ?? '') }))
  fake.mutate((answer, request) => {
    const echoed = echo(answer, request)
    const appId = request.headers['x-omeda-appid'] ?? ''
    // JSON that spells the id with escapes, some characters escaped and some not.
    const escaped = [...appId].map((c, i) => (i % 2 === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    echoed.body = Buffer.from(echoed.body.toString().replace(/}$/, `,"Escaped":"${escaped.join('')}"}`))
    return { ...echoed, headers: { ...echoed.headers, 'x-echo': appId, 'set-cookie': `session=${appId}` } }
  })
  const lines: string[] = []
  const out = join(dirname(fake.caFile), 'secrets.har')
  const config = startConfig({
    record: {
      upstream: fake.url, allowPrivate: true, ca: fake.caFile, out, redact: ['header:X-Custom-Token', '$.Password'],
    },
  })
  const logger = loggerOptions('trace', false, { write: (line) => lines.push(line) })
  const app = await buildRecorder(config, { logger })
  t.teardown(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })

  const first = await cancelThrough(url, { TrackId: 'FOO261124001', UserId: 'omailAccount1', Password: PASSWORD },
    APP_1, { 'x-omeda-inputid': INPUT_ID, 'x-custom-token': TOKEN })
  t.equal(first.status, 200)
  const query = encodings(APP_1).map((form, i) => `q${i}=${encodeURIComponent(form)}`).join('&')
  const second = await send(url, `${lookupPath('FOO261124002')}?${query}`, { headers: { 'x-omeda-appid': APP_2 } })
  t.equal(second.status, 200)
  t.match(JSON.parse(second.body.toString()), { Echo: encodings(APP_2) }, 'the client gets the real answer')
  const third = await cancelThrough(url, { TrackId: 'FOO261124002', UserId: encodings(APP_2).join(' ') }, APP_1)
  t.equal(third.status, 400)
  await app.close()

  const text = readFileSync(out, 'utf8')
  t.same(leaks(text), [], 'no form of any secret in the file')
  const entries = readSession(out).log.entries
  t.equal(entries.length, 3)
  const appIds = entries.map((e) => headerOf(e.request.headers, 'x-omeda-appid'))
  t.same(appIds, ['REDACTED-X-OMEDA-APPID-1', 'REDACTED-X-OMEDA-APPID-2', 'REDACTED-X-OMEDA-APPID-1'],
    'numbered in order of arrival, the same id the same placeholder')
  t.equal(headerOf(entries[0]!.request.headers, 'x-omeda-inputid'), 'REDACTED-X-OMEDA-INPUTID-1')
  t.equal(headerOf(entries[0]!.request.headers, 'x-custom-token'), '[redacted]', 'a header the user named')
  t.match(JSON.parse(entries[0]!.request.postData!.text!), { Password: '[redacted]', TrackId: 'FOO261124001' },
    'a JSON path the user named')
  t.notOk(SECRETS.some((secret) => inBase64(text, secret)), 'no base64 run decodes to a secret')
  t.match(JSON.parse(entries[1]!.response.content.text!), { Escaped: 'REDACTED-X-OMEDA-APPID-2' },
    'an id spelt with JSON escapes')
  t.match(JSON.parse(entries[1]!.response.content.text!).Echo.slice(0, 6), Array(6).fill('REDACTED-X-OMEDA-APPID-2'),
    'echoed forms become the placeholder')
  t.equal(headerOf(entries[1]!.response.headers, 'x-echo'), 'REDACTED-X-OMEDA-APPID-2')
  t.equal(headerOf(entries[1]!.response.headers, 'set-cookie'), undefined, 'cookies are left out')
  t.match(entries[1]!.request.url, /q0=REDACTED-X-OMEDA-APPID-1&q1=REDACTED-X-OMEDA-APPID-1/)

  const log = lines.join('')
  t.ok(lines.filter((line) => line.includes('"msg":"request"')).length >= 3, 'a line per request was logged')
  t.same(leaks(log), [], 'no form of any secret in the log')
})

t.test('an app id of a few characters is replaced too: the header, the URL and the bodies', async (t) => {
  const fake = await fakeUpstream(t)
  const out = join(dirname(fake.caFile), 'short.har')
  const app = await buildRecorder(startConfig({
    record: { upstream: fake.url, allowPrivate: true, ca: fake.caFile, out }, logLevel: 'silent',
  }))
  t.teardown(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  await send(url, `${lookupPath('FOO261124002')}?app=k9q`, { headers: { 'x-omeda-appid': 'k9q' } })
  await app.close()
  const text = readFileSync(out, 'utf8')
  t.notOk(/k9q/i.test(text), 'nowhere in the file')
  t.equal(headerOf(readSession(out).log.entries[0]!.request.headers, 'x-omeda-appid'), 'REDACTED-X-OMEDA-APPID-1')
})
