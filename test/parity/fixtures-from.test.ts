// fixtures-from: a session's lookups, searches and deployment types become a fixture document that
// loads, and an emulator seeded with it answers those lookups as the recorded service did.
import t from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand } from '../../src/cli.js'
import { defaultConfig } from '../../src/config.js'
import { startEmulator } from '../../src/index.js'
import { APP_ID } from '../helpers.js'
import { fakeUpstream } from './fake-upstream.js'
import { folder, SessionBuilder, VENDOR } from './session-builder.js'

const lookupPath = (trackId: string) => `/omail/deployment/lookup/${trackId}/*`
const withoutId = (body: string) => ({ ...JSON.parse(body) as object, SubmissionId: undefined })

t.test('a session becomes fixtures: an emulator seeded with them answers its lookups as the service did', async (t) => {
  const upstream = await fakeUpstream(t)
  const looked = ['FOO261124001', 'FOO261124003']
  const builder = new SessionBuilder(t, upstream)
  for (const trackId of looked) await builder.call({ method: 'GET', path: lookupPath(trackId) })
  await builder.call({ path: '/omail/deployment/search/*', body: { TrackId: 'FOO2611' } })
  await builder.call({ method: 'GET', path: '/deploymenttypes/*' })
  await builder.call({ method: 'GET', path: lookupPath('NOPE000') })
  const { file, session: har } = await builder.write(t)
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

  const fixtures = join(folder(t), 'staging-world.json')
  writeFileSync(fixtures, out)
  const seeded = await startEmulator({ fixtures, logLevel: 'silent' })
  t.teardown(() => seeded.close())
  for (const [i, trackId] of looked.entries()) {
    const res = await fetch(`${seeded.url}${VENDOR}${lookupPath(trackId)}`, {
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
