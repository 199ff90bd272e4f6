// The README's curl walkthrough, recorded through the recorder against the stand-in upstream, is
// the session committed as test/fixtures/walkthrough.har (and shown in docs/parity.md): verify
// accepts it with the gaps its sandbox controls explain, it holds no app id, and recording the
// walkthrough again gives the same file but for what changes from run to run.
// RECORD_WALKTHROUGH=1 writes the file anew, naming Omeda's staging host as the upstream.
import t, { type Test } from 'tap'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../../src/config.js'
import { readSession, type Session } from '../../src/parity/session-file.js'
import { secretForms } from '../../src/parity/redaction.js'
import { verifySession } from '../../src/parity/verify.js'
import { readKnownGaps } from '../../src/parity/known-gaps.js'
import { run } from '../spawn.mjs'
import { ROOT } from '../helpers.js'
import { fakeUpstream, folder } from './fake-upstream.js'
import { recordThrough } from './recording.js'

const WALKTHROUGH = join(ROOT, 'test/fixtures/walkthrough.har')
const GAPS = join(ROOT, 'test/fixtures/walkthrough-gaps.json')

/** Runs the README's curl block: Omeda's calls through the recorder, the sandbox controls on the upstream. */
async function recordReadme(t: Test): Promise<string> {
  const upstream = await fakeUpstream(t, { fixtures: [DEFAULT_FIXTURES] })
  const controls = await upstream.app.listen({ port: 0, host: '127.0.0.1' })
  const { recorder, out } = await recordThrough(t, upstream, { out: join(folder(t), 'walkthrough.har') })
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /## Try every outcome with curl[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  const script = block.split('\n').filter((line) => !line.startsWith('#')).join('\n')
    .replaceAll('http://127.0.0.1:3000/webservices', `${recorder.url}/webservices`)
    .replaceAll('http://127.0.0.1:3000/__admin', `${controls}/__admin`)
  const result = await run(['bash', '-euc', script], { timeoutMs: 60_000 })
  t.equal(result.code, 0, result.stderr)
  return out
}

/** A session with what changes from run to run (times, ids, ports) put in one form. */
function steady(session: Session): unknown {
  const text = JSON.stringify(session.log.entries.map(({ startedDateTime: _started, ...entry }) => ({
    ...entry, time: 0, timings: {},
  })))
  return JSON.parse(text
    .replace(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g, 'GUID')
    .replace(/127\.0\.0\.1:\d+|ows\.omedastaging\.com/g, 'HOST')
    .replace(/"(date|content-length|user-agent)","value":"[^"]*"/g, '"$1","value":"…"'))
}

t.test('the README walkthrough recorded again is the committed session', async (t) => {
  const out = await recordReadme(t)
  // Written as if recorded against Omeda's staging host, which is what it documents.
  const recorded = readFileSync(out, 'utf8').replace(/127\.0\.0\.1:\d+/g, 'ows.omedastaging.com')
  if (process.env.RECORD_WALKTHROUGH === '1') writeFileSync(WALKTHROUGH, recorded)
  t.same(steady(readSession(out)), steady(readSession(WALKTHROUGH)), 'the same exchanges ' +
    '(if the emulator changed on purpose: RECORD_WALKTHROUGH=1 npx tap test/parity/walkthrough.test.ts)')
})

t.test('verify accepts the committed walkthrough, with the gaps the sandbox controls explain', async (t) => {
  const session = readSession(WALKTHROUGH)
  const report = await verifySession(session, { knownGaps: readKnownGaps(GAPS) })
  t.same(report.differences, [], 'no difference beyond the known gaps')
  t.ok(report.accepted.length > 0, `${report.accepted.length} accepted, each for its reason`)
  const text = readFileSync(WALKTHROUGH, 'utf8')
  for (const appId of ['sandbox-app-id', 'foo-only-app-id']) {
    for (const form of secretForms(appId)) t.notOk(text.includes(form), `no ${form}`)
  }
  t.match(text, /REDACTED-X-OMEDA-APPID-2/, 'the second app id of the walkthrough has its own placeholder')
})
