// The session file's text: what the recorder writes from entries it serialised once is, byte for
// byte, the HAR that serialising the whole session gives; and it reads back as it was written.
import t from 'tap'
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  entryBody, entryText, harText, readSession, sessionText, toEntry, toHar, writeSession, type Exchange,
} from '../../src/parity/session-file.js'
import { folder } from './fake-upstream.js'

const exchange = (n: number, more: Partial<Exchange> = {}): Exchange => ({
  startedAt: new Date(Date.UTC(2026, 11, 6, 10, 0, n)), method: 'POST',
  url: `https://ows.omedastaging.com/webservices/rest/brand/FOO/omail/deployment/cancel/*?n=${n}`,
  requestHeaders: { 'content-type': 'application/json', 'x-omeda-appid': 'REDACTED-X-OMEDA-APPID-1' },
  requestBody: Buffer.from(JSON.stringify({ UserId: 'omailAccount1', TrackId: `FOO2611240${n}`, Note: 'a\nb' })),
  status: 200, statusText: 'OK', responseHeaders: { 'content-type': 'application/json' },
  responseBody: Buffer.from('{"ResponseInfo":[]}'), timings: { send: 1, wait: 2, receive: 3 }, ...more,
})

t.test('the text made from entries serialised one by one is the whole HAR serialised at once', async (t) => {
  const entries = [
    toEntry(exchange(1)),
    toEntry(exchange(2, { responseBody: Buffer.from([0xff, 0x00, 0xfe]) })),
    toEntry(exchange(3, { status: 502, statusText: 'Bad Gateway', upstreamError: 'the connection was refused' })),
  ]
  for (const count of [0, 1, 3]) {
    const some = entries.slice(0, count)
    t.equal(sessionText(some.map(entryText)), harText(toHar(some)), `${count} entries`)
  }
  const file = join(folder(t), 'session.har')
  writeSession(file, sessionText(entries.map(entryText)))
  const read = readSession(file)
  t.equal(read.log.entries.length, 3)
  t.same(entryBody(read.log.entries[1]!.response.content), Buffer.from([0xff, 0x00, 0xfe]), 'bytes that are not UTF-8')
  t.equal(read.log.entries[2]!._upstreamError, 'the connection was refused')
  t.same(entries[0]!.request.queryString, [{ name: 'n', value: '1' }], 'the query, as HAR lists it')
})

t.test('a link another user left at the temporary path or at the file is replaced, not written through', async (t) => {
  const dir = folder(t)
  const victim = join(dir, 'victim.txt')
  writeFileSync(victim, 'untouched')
  const file = join(dir, 'session.har')
  symlinkSync(victim, `${file}.${process.pid}.tmp`)
  symlinkSync(victim, file)
  writeSession(file, sessionText([entryText(toEntry(exchange(1)))]))
  t.equal(readFileSync(victim, 'utf8'), 'untouched')
  t.notOk(lstatSync(file).isSymbolicLink(), 'the session file is a file of its own')
  t.equal(lstatSync(file).mode & 0o777, 0o600, 'readable by its owner alone')
  t.equal(readSession(file).log.entries.length, 1)
})
