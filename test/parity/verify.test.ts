// verify against sessions recorded through the fake upstream: a faithful session gives no difference
// (generated TrackIds, SubmissionIds and dates included), and a replay that cannot be faithful says
// why and what to run.
import t from 'tap'
import { join } from 'node:path'
import { readSession, toEntry, toHar, writeSession } from '../../src/parity/session-file.js'
import { verifySession } from '../../src/parity/verify.js'
import { reportText } from '../../src/parity/verify-report.js'
import { admin, TEST_WORLD } from '../helpers.js'
import { fakeUpstream } from './fake-upstream.js'
import { folder, OWNER, recordWalk, SessionBuilder } from './session-builder.js'

const replay = { config: { fixtures: [TEST_WORLD] } }

t.test('an unmutated session over many endpoints gives no difference, its generated values mapped', async (t) => {
  const upstream = await fakeUpstream(t)
  // A deployment the service made before the recording: its TrackIds run one ahead of the replay's.
  const before = await upstream.app.inject({
    method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployment/*',
    headers: { 'content-type': 'application/json', 'x-omeda-appid': 'sandbox-app-id' },
    payload: {
      DeploymentName: 'Earlier', DeploymentDate: '2030-12-05 10:00', DeploymentTypeId: 12, OwnerUserId: OWNER,
      Splits: 1, TrackLinks: 1, TrackOpens: 1,
    },
  })
  t.equal(before.statusCode, 200, before.body)
  const builder = new SessionBuilder(t, upstream)
  const trackId = await recordWalk(builder)
  t.match(trackId, /^FOO\d{6}002$/, 'the recording created the day\'s second deployment')
  const { session } = await builder.write(t)
  const statuses = session.log.entries.map((e) => e.response.status)
  t.same(statuses, [200, 200, 403, 404, 200, 200, 200, 200, 200, 200, 200, 400], 'successes and refusals alike')
  t.match(session.log.entries[10]!.response.content.mimeType, /xml/, 'the content page answered XML')
  t.match(session.log.entries[9]!.request.url, trackId, 'the follow-up lookup names the recorded TrackId')
  t.equal(session.log.entries[0]!.request.headers.find((h) => h.name === 'x-omeda-appid')?.value,
    'REDACTED-X-OMEDA-APPID-1')

  const report = await verifySession(session, replay)
  t.equal(report.exchanges, 12)
  t.same(report.differences, [], reportText(report))
  t.same(report.accepted, [])
  t.same(report.notes, [])
  t.match(reportText(report), /12 exchanges, 0 differences\n$/)
})

t.test('a recording that starts from deployments no fixture holds: a note names them, and the fix', async (t) => {
  const upstream = await fakeUpstream(t)
  await admin(upstream.app).seed({
    deployments: [{
      Brand: 'FOO', TrackId: 'FOO261201077', OwnerUserId: OWNER, Status: 'Scheduled',
      ScheduledDate: '2030-12-01 09:00:00',
    }],
  })
  const builder = new SessionBuilder(t, upstream)
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261201077/*' })
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO261201077' } })
  const { session } = await builder.write(t)
  const report = await verifySession(session, { ...replay, sessionName: 'staging.har' })
  const statuses = report.differences.filter((d) => d.kind === 'status').map((d) => [d.recorded, d.emulator])
  t.same(statuses, [[200, 404], [200, 404]])
  t.same(report.notes, [
    'the recording starts from deployments the emulator has no fixture for (FOO261201077): the service answered ' +
    'them, the emulator could not find them; run `omeda-emulator fixtures-from staging.har > staging-world.json` ' +
    'and verify with --fixtures staging-world.json',
  ])
  t.match(reportText(report),
    '\nnote: the recording starts from deployments the emulator has no fixture for (FOO261201077)',
    'the table says it too')
})

t.test('an entry the service never answered is skipped with a note, not compared', async (t) => {
  const started = new Date()
  const failed = toEntry({
    startedAt: started, method: 'POST',
    url: 'https://ows.omedastaging.com/webservices/rest/brand/FOO/omail/deployment/cancel/*',
    requestHeaders: { 'content-type': 'application/json', 'x-omeda-appid': 'REDACTED-X-OMEDA-APPID-1' },
    requestBody: Buffer.from(JSON.stringify({ UserId: OWNER, TrackId: 'FOO261124001' })),
    status: 502, statusText: 'Bad Gateway', responseHeaders: { 'content-type': 'application/json' },
    responseBody: Buffer.from('{"Errors":[{"Error":"upstream"}]}'), timings: { send: 0, wait: 0, receive: 0 },
    upstreamError: 'connect ECONNREFUSED 10.0.0.1:443',
  })
  const file = join(folder(t), 'failed.har')
  writeSession(file, toHar([failed]))
  const report = await verifySession(readSession(file), replay)
  t.equal(report.exchanges, 1)
  t.same(report.differences, [])
  t.equal(report.results[0]!.skipped, 'the service gave no answer (connect ECONNREFUSED 10.0.0.1:443)')
  t.same(report.notes, ['entry 0 (cancel) is skipped: the service gave no answer ' +
    '(connect ECONNREFUSED 10.0.0.1:443); record it again to compare it'])
  t.match(reportText(report), '#0 POST /webservices/rest/brand/FOO/omail/deployment/cancel/*: skipped')
})
