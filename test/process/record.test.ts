// The record command as users run it, from the built bundle: it trusts the upstream's CA through
// NODE_EXTRA_CA_CERTS, forwards a cancel, and on SIGTERM exits 0 with the file complete.
import t from 'tap'
import { dirname, join } from 'node:path'
import { APP_ID, postJson, runMain, spawnEmulator } from '../helpers.js'
import { readSession, headerOf } from '../../src/parity/session-file.js'
import { fakeUpstream } from '../parity/fake-upstream.js'

t.test('record forwards a cancel and writes the session; SIGTERM exits 0 with the file complete', async (t) => {
  const fake = await fakeUpstream(t)
  const out = join(dirname(fake.caFile), 'session.har')
  const recorder = await spawnEmulator(['record', '--upstream', fake.url, '--out', out, '--upstream-allow-private'],
    { NODE_EXTRA_CA_CERTS: fake.caFile }, { built: true })
  t.teardown(() => recorder.stop('SIGKILL'))
  const cancelled = await postJson(`${recorder.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`,
    { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(cancelled.status, 200)
  t.match(cancelled.body, { ResponseInfo: [{ TrackId: 'FOO261124001' }] })
  t.equal(fake.received.length, 1, 'the upstream had the cancel')
  t.equal((await fetch(`${recorder.url}/__admin/ready`)).status, 200)
  t.equal(await recorder.stop('SIGTERM'), 0, 'exit code 0 after SIGTERM')

  const { entries } = readSession(out).log
  t.equal(entries.length, 1)
  t.equal(entries[0]!.response.status, 200)
  t.equal(headerOf(entries[0]!.request.headers, 'x-omeda-appid'), 'REDACTED-X-OMEDA-APPID-1')
  const records = recorder.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  t.match(records.find((r) => r.msg === 'recording ready'), { upstream: fake.url, out })
  t.notOk(recorder.lines.some((line) => line.includes(APP_ID)), 'no log line holds the app id')
})

t.test('record without --out does not start: one line, exit 2', async (t) => {
  const result = await runMain(['record', '--upstream', 'https://ows.omedastaging.com'], {},
    { built: true, timeoutMs: 20_000 })
  t.equal(result.code, 2)
  t.equal(result.stderr, 'omeda-emulator: record needs --out (OMEDA_RECORD_OUT): the session file to write, ' +
    'e.g. session.har\n')
  t.equal(result.stdout, '')
})
