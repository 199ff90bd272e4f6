// Each deliberate change the fake upstream makes to one answer is reported once, with its kind and
// its path, and nothing else in the session is.
import t, { type Test } from 'tap'
import { verifySession } from '../../src/parity/verify.js'
import { reportText } from '../../src/parity/verify-report.js'
import { TEST_WORLD } from '../helpers.js'
import { fakeUpstream, jsonMutation, type FakeUpstream, type Mutation } from './fake-upstream.js'
import { OWNER, SessionBuilder, type Call } from './session-builder.js'

const LOOKUP: Call = { method: 'GET', path: '/omail/deployment/lookup/FOO261124002/*' }
const MISSING: Call = { path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO000000000' } }
const WRONG_USER: Call = {
  path: '/omail/deployment/unschedule/*', body: { UserId: 'OmailAccount1', TrackId: 'FOO261124005' },
}
const BAD_XML: Call = { path: '/omail/deployment/content/*', body: '<Deployment><TrackId>x', contentType: 'text/xml' }

/** Records a lookup, then `call` with `mutation` on its answer, then the lookup again; returns what verify finds. */
async function findings(t: Test, upstream: FakeUpstream, call: Call, mutation: Mutation) {
  const builder = new SessionBuilder(t, upstream)
  await builder.call(LOOKUP)
  upstream.mutate(mutation)
  await builder.call(call)
  upstream.mutate(undefined)
  await builder.call(LOOKUP)
  const report = await verifySession((await builder.write(t)).session, { config: { fixtures: [TEST_WORLD] } })
  t.comment(reportText(report))
  return report.differences.map(({ index, kind, path, recorded, emulator }) =>
    ({ index, kind, path, recorded, emulator }))
}

const renamed = (from: string, to: string) => jsonMutation((body) =>
  Object.fromEntries(Object.entries(body).map(([key, value]) => [key === from ? to : key, value])))
const message = (text: string) => jsonMutation((body) => ({ ...body, Errors: [{ Error: text }] }))

t.test('each mutation is reported with its kind and path, and nothing else', async (t) => {
  const upstream = await fakeUpstream(t)
  const cases: [string, Call, Mutation, object[]][] = [
    ['a renamed field', LOOKUP, renamed('DeploymentName', 'DeploymentTitle'), [
      { index: 1, kind: 'missing', path: '$.DeploymentTitle', recorded: 'string', emulator: null },
      { index: 1, kind: 'extra', path: '$.DeploymentName', recorded: null, emulator: 'string' },
    ]],
    ['a changed type', LOOKUP, jsonMutation((body) => ({ ...body, SentCount: '0' })), [
      { index: 1, kind: 'type', path: '$.SentCount', recorded: 'string', emulator: 'number' },
    ]],
    ['a changed value', LOOKUP, jsonMutation((body) => ({ ...body, DeploymentName: 'Winter sale' })), [
      { index: 1, kind: 'value', path: '$.DeploymentName', recorded: 'Winter sale', emulator: 'Holiday promotion' },
    ]],
    ['a reworded message', MISSING, message("No deployment found with trackId 'FOO000000000'."), [{
      index: 1, kind: 'wording', path: '$.Errors[0].Error',
      recorded: "No deployment found with trackId 'FOO000000000'.",
      emulator: "No deployment was found matching trackId 'FOO000000000'.",
    }]],
    ['another status', MISSING, (answer) => ({ ...answer, status: 400 }), [
      { index: 1, kind: 'status', path: 'status', recorded: 400, emulator: 404 },
    ]],
    ['an extra header', MISSING,
      (answer) => ({ ...answer, headers: { ...answer.headers, 'cache-control': 'private' } }), [
        { index: 1, kind: 'header', path: 'header:cache-control', recorded: 'private', emulator: null },
      ]],
    ['another content type', LOOKUP,
      (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'text/json; charset=utf-8' } }), [
        {
          index: 1, kind: 'content-type', path: 'content-type', recorded: 'text/json; charset=utf-8',
          emulator: 'application/json',
        },
      ]],
    ['a different rule firing', WRONG_USER, message("Deployment 'FOO261124005' is not currently scheduled."), [{
      index: 1, kind: 'rule', path: '$.Errors[0].Error',
      recorded: "Deployment 'FOO261124005' is not currently scheduled.",
      emulator: "User 'omailaccount1' is not authorized to unchedule this deployment.",
    }]],
    ['the same rule on another value', MISSING, message("No deployment was found matching trackId 'FOO999'."), [{
      index: 1, kind: 'value', path: '$.Errors[0].Error',
      recorded: "No deployment was found matching trackId 'FOO999'.",
      emulator: "No deployment was found matching trackId 'FOO000000000'.",
    }]],
    ['a reworded message in XML', BAD_XML, (answer) => ({
      ...answer, body: Buffer.from(answer.body.toString('utf8').replace('Invalid xml.', 'Malformed xml.')),
    }), [{
      index: 1, kind: 'wording', path: '$.ResponseInfo.Errors.Error[0]',
      recorded: 'Malformed xml. Please validate your xml and verify you have used CDATA tags where necessary.',
      emulator: 'Invalid xml. Please validate your xml and verify you have used CDATA tags where necessary.',
    }]],
  ]
  for (const [name, call, mutation, expected] of cases) {
    t.same(await findings(t, upstream, call, mutation), expected, name)
  }
})

t.test('the equivalent media type in other parameters\' order and case is no difference', async (t) => {
  const upstream = await fakeUpstream(t)
  const found = await findings(t, upstream, LOOKUP,
    (answer) => ({ ...answer, headers: { ...answer.headers, 'content-type': 'Application/JSON' } }))
  t.same(found, [])
})
