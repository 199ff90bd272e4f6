// fixtures-from: a session's lookups, searches and deployment types become a fixture document that
// loads, and an emulator seeded with it answers those lookups as the recorded service did.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from '../../src/cli.js'
import { defaultConfig } from '../../src/config.js'
import { Redactor } from '../../src/parity/redaction.js'
import { toEntry, toHar, writeSession } from '../../src/parity/session-file.js'
import { startEmulator } from '../../src/index.js'
import { APP_ID } from '../helpers.js'
import { fakeUpstream, type FakeUpstream } from './fake-upstream.js'

interface Call { method: 'GET' | 'POST'; path: string; body?: unknown }

/** Sends each call to the upstream and keeps what happened as a redacted session. */
async function session(upstream: FakeUpstream, calls: Call[]) {
  const redactor = new Redactor()
  const entries = []
  for (const { method, path, body } of calls) {
    const requestHeaders: Record<string, string> = {
      'x-omeda-appid': APP_ID, ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    }
    const requestBody = Buffer.from(body === undefined ? '' : JSON.stringify(body))
    const startedAt = new Date()
    const answer = await upstream.app.inject({ method, url: path, headers: requestHeaders, payload: requestBody })
    entries.push(toEntry(redactor.redact({
      startedAt, method, url: `https://ows.omedastaging.com${path}`, requestHeaders, requestBody,
      status: answer.statusCode, statusText: answer.statusMessage,
      responseHeaders: { 'content-type': String(answer.headers['content-type']) }, responseBody: answer.rawPayload,
      timings: { send: 0, wait: 1, receive: 0 },
    })))
  }
  return toHar(entries)
}

const lookupPath = (trackId: string) => `/webservices/rest/brand/FOO/omail/deployment/lookup/${trackId}/*`
const withoutId = (body: string) => ({ ...JSON.parse(body) as object, SubmissionId: undefined })

t.test('a session becomes fixtures: an emulator seeded with them answers its lookups as the service did', async (t) => {
  const upstream = await fakeUpstream(t)
  const looked = ['FOO261124001', 'FOO261124003']
  const har = await session(upstream, [
    ...looked.map((trackId) => ({ method: 'GET' as const, path: lookupPath(trackId) })),
    { method: 'POST', path: '/webservices/rest/brand/FOO/omail/deployment/search/*', body: { TrackId: 'FOO2611' } },
    { method: 'GET', path: '/webservices/rest/brand/FOO/deploymenttypes/*' },
    { method: 'GET', path: lookupPath('NOPE000') },
  ])
  const file = join(t.testdir(), 'session.har')
  writeSession(file, har)
  let out = ''
  let err = ''
  const code = await runCommand('fixtures-from', [file], defaultConfig(), {
    out: (text) => { out += text }, err: (text) => { err += text },
  })
  t.equal(code, 0, err)
  const document = JSON.parse(out) as {
    apps: { AppId: string; Brands: string[] }[]
    deployments: { TrackId: string }[]
  }
  t.same(document.apps, [{ AppId: 'REDACTED-X-OMEDA-APPID-1', Brands: ['FOO'] }], 'the app id stays redacted')
  t.notOk(out.includes(APP_ID), 'the real app id is nowhere in it')
  const searched = JSON.parse(har.log.entries[2]!.response.content.text!) as { Deployments: { TrackId: string }[] }
  t.ok(searched.Deployments.length > looked.length, 'the search saw more deployments than were looked up')
  t.same(document.deployments.map((d) => d.TrackId).sort(), searched.Deployments.map((d) => d.TrackId).sort(),
    'every deployment the session saw, once')

  const fixtures = join(t.testdir(), 'staging-world.json')
  writeFileSync(fixtures, out)
  const seeded = await startEmulator({ fixtures, logLevel: 'silent' })
  t.teardown(() => seeded.close())
  for (const [i, trackId] of looked.entries()) {
    const res = await fetch(`${seeded.url}${lookupPath(trackId)}`, {
      headers: { 'x-omeda-appid': 'REDACTED-X-OMEDA-APPID-1' },
    })
    t.equal(res.status, 200)
    t.same(withoutId(await res.text()), withoutId(har.log.entries[i]!.response.content.text!), `${trackId} as recorded`)
  }
})

t.test('a file that is not a session: one line, exit 2', async (t) => {
  const dir = t.testdir({ 'not-json.har': '{', 'no-log.har': '{"entries":[]}' })
  const files = [['not-json.har', /is not JSON/], ['no-log.har', /not a HAR file .*log/], ['gone.har', /cannot read/]]
  for (const [name, why] of files as [string, RegExp][]) {
    let err = ''
    const code = await runCommand('fixtures-from', [join(dir, name)], defaultConfig(), {
      out: () => t.fail('nothing on standard output'), err: (text) => { err += text },
    })
    t.equal(code, 2, name)
    t.match(err, why)
    t.equal(err.trim().split('\n').length, 1, 'one line')
  }
  t.ok(readFileSync(join(dir, 'not-json.har'), 'utf8') === '{', 'the file is left as it was')
})
