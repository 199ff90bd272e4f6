// Request bodies and headers: every bad input gets a 400 (or 413) in the vendor shape, with a message
// that says what was wrong, and leaves the deployment as it was.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, APP_ID, build, cancel, omedaUrl, errorsOf, GUID, lookup } from './helpers.js'

const TRACK = 'FOO261124001'
const ok = { UserId: 'omailAccount1', TrackId: TRACK }

/** After a rejected request, the deployment must still be cancellable: nothing was stored. */
async function stillScheduled(t: Test, app: FastifyInstance) {
  t.equal((await admin(app).deployment('FOO', TRACK))?.Status, 'Scheduled', 'state unchanged')
}

async function expect400(t: Test, app: FastifyInstance, payload: unknown, messages: string[], options = {}) {
  const res = await cancel(app, payload, options)
  t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60))
  t.equal(res.headers['content-type'], 'application/json')
  t.same(errorsOf(res), messages)
  t.match(res.json().SubmissionId, GUID)
  await stillScheduled(t, app)
}

t.test('missing, null, empty and whitespace-only fields are each reported as required', async (t) => {
  const app = await build(t)
  const both = ["The field 'UserId' is required.", "The field 'TrackId' is required."]
  await expect400(t, app, {}, both)
  await expect400(t, app, { UserId: null, TrackId: null }, both)
  await expect400(t, app, { UserId: '', TrackId: '' }, both)
  await expect400(t, app, { UserId: '  \t', TrackId: '\n ' }, both)
  await expect400(t, app, { UserId: 'omailAccount1' }, ["The field 'TrackId' is required."])
  await expect400(t, app, { TrackId: TRACK }, ["The field 'UserId' is required."])
  await expect400(t, app, '', both)
  await expect400(t, app, '   ', both)
  const noBody = await app.inject({ method: 'POST', url: omedaUrl('cancel'), headers: { 'x-omeda-appid': APP_ID } })
  t.equal(noBody.statusCode, 400, 'a POST with no body at all')
  t.same(errorsOf(noBody), both)
})

t.test('wrong JSON types name the field and the expected type', async (t) => {
  const app = await build(t)
  await expect400(t, app, { UserId: 42, TrackId: true }, [
    "The field 'UserId' must be a string, but a number was given.",
    "The field 'TrackId' must be a string, but a boolean was given.",
  ])
  await expect400(t, app, { UserId: { name: 'x' }, TrackId: [TRACK] }, [
    "The field 'UserId' must be a string, but an object was given.",
    "The field 'TrackId' must be a string, but an array was given.",
  ])
  await expect400(t, app, [ok], ['The request body must be a JSON object, but an array was given.'])
  await expect400(t, app, 'null', ['The request body must be a JSON object, but null was given.'])
  await expect400(t, app, '"text"', ['The request body must be a JSON object, but a string was given.'])
  await expect400(t, app, '17', ['The request body must be a JSON object, but a number was given.'])
})

t.test('values over the maximum length quote the value, field and limit; limits are configurable', async (t) => {
  const app = await build(t)
  const longUser = 'u'.repeat(101)
  const longTrack = 'T'.repeat(51)
  await expect400(t, app, { UserId: longUser, TrackId: longTrack }, [
    `The value '${longUser}' for field 'UserId' exceeded a max length of 100.`,
    `The value '${longTrack}' for field 'TrackId' exceeded a max length of 50.`,
  ])
  await expect400(t, app, { TrackId: longTrack }, [
    "The field 'UserId' is required.",
    `The value '${longTrack}' for field 'TrackId' exceeded a max length of 50.`,
  ])
  const exact = await cancel(app, { UserId: 'u'.repeat(100), TrackId: 'T'.repeat(50) })
  t.equal(exact.statusCode, 404, 'values at the limit pass validation and reach the rules')

  const strict = await build(t, { maxLength: { UserId: 5, TrackId: 6 } })
  const res = await cancel(strict, ok)
  t.same(errorsOf(res), [
    "The value 'omailAccount1' for field 'UserId' exceeded a max length of 5.",
    `The value '${TRACK}' for field 'TrackId' exceeded a max length of 6.`,
  ])
})

/** The reason JSON.parse itself gives for a text, as the README promises the message carries. */
function parserReason(text: string): string {
  try {
    JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`${text} parses`)
}

t.test("malformed JSON is a 400 that gives the parser's own reason, with or without a content type", async (t) => {
  const app = await build(t)
  for (const payload of ['{bad', '{"UserId": "a",}', '{"UserId": "a"', "{'UserId': 'a'}", '{"UserId": 5']) {
    const res = await cancel(app, payload)
    t.equal(res.statusCode, 400, payload)
    t.same(errorsOf(res), [`The request body is not valid JSON: ${parserReason(payload)}`])
    const untyped = await app.inject({
      method: 'POST',
      url: omedaUrl('cancel'),
      headers: { 'x-omeda-appid': APP_ID },
      payload
    })
    t.same(
      errorsOf(untyped),
      [`The request body is not valid JSON: ${parserReason(payload)}`],
      `${payload} without a content type`
    )
  }
  t.notMatch(
    errorsOf(await cancel(app, '{"UserId": "a"'))[0],
    /content-type/,
    'no word of a header the client did not send'
  )
  await stillScheduled(t, app)
})

t.test('content types: none means JSON, JSON with any charset is JSON, anything else is 400', async (t) => {
  const app = await build(t)
  const unusable = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml',
    'multipart/form-data; boundary=x', 'application/jsonp',
    // Not even media types: Fastify would refuse these with a 415 of its own.
    'application', 'json', ';;;', 'application/json,text/plain', '/json']
  for (const type of unusable) {
    const res = await cancel(app, ok, { headers: { 'content-type': type } })
    t.equal(res.statusCode, 400, type)
    t.same(errorsOf(res), [`The content type '${type}' is not supported. Use 'application/json'.`])
  }
  await stillScheduled(t, app)
  const none = await app.inject({
    method: 'POST',
    url: omedaUrl('cancel'),
    headers: { 'x-omeda-appid': APP_ID },
    payload: JSON.stringify(ok)
  })
  t.equal(none.statusCode, 200, 'no Content-Type is read as JSON')

  for (const [i, type] of [
    'application/json;charset=utf-8',
    'application/json; charset=UTF-8',
    'Application/JSON'
  ].entries()) {
    const fresh = await build(t)
    const res = await cancel(fresh, ok, { headers: { 'content-type': type } })
    t.equal(res.statusCode, 200, `${type} (${i})`)
    await fresh.close()
  }
})

t.test('__proto__ and constructor keys are ignored like any unknown field', async (t) => {
  const app = await build(t)
  const payload = '{"__proto__": {"UserId": "omailAccount1", "polluted": true}, "constructor": {"prototype": ' +
    `{"polluted": true}}, "TrackId": "${TRACK}"}`
  const res = await cancel(app, payload)
  t.equal(res.statusCode, 400)
  t.same(errorsOf(res), ["The field 'UserId' is required."], '__proto__ did not supply UserId')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched')
  const extra = await cancel(app, { ...ok, Reason: 'duplicate', Extra: { nested: [1, 2] } })
  t.equal(extra.statusCode, 200, 'other unknown fields are ignored')
})

t.test('an oversized body is a vendor-shaped 413', async (t) => {
  const app = await build(t, { bodyLimit: 1024 })
  const res = await cancel(app, { ...ok, Padding: 'x'.repeat(2000) })
  t.equal(res.statusCode, 413)
  t.same(errorsOf(res), ['The request body exceeds the limit of 1024 bytes.'])
  await stillScheduled(t, app)
})

t.test('whitespace around a value is ignored everywhere, as whitespace-only values count as missing', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const forbidden = await cancel(app, { UserId: ' omailAccount1 ', TrackId: ' FOO261124005\t' })
  t.equal(forbidden.statusCode, 403)
  t.same(
    errorsOf(forbidden),
    ["User 'omailaccount1' is not authorized to cancel this deployment."],
    'the user is named trimmed'
  )

  await client.fault({ action: 'status', status: 502, trackId: 'FOO261124004', times: 1 })
  const faulted = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124004 ' })
  t.equal(faulted.statusCode, 502, 'a fault scoped to the TrackId matches the padded one')
  const res = await cancel(app, { UserId: ' omailAccount1 ', TrackId: 'FOO261124004 ' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().ResponseInfo[0].TrackId, 'FOO261124004')
  t.match(await client.deployment('FOO', 'FOO261124004'), { Status: 'Cancelled', CancelledBy: 'omailAccount1' })
  t.equal(
    await client.count({ trackId: 'FOO261124004', userId: 'omailAccount1' }),
    2,
    'the journal holds the trimmed values'
  )

  const found = await lookup(app, '%20FOO261124004%20', { prefix: 'short' })
  t.equal(found.statusCode, 200, 'a lookup trims the TrackId in its URL too')
  t.equal(found.json().TrackId, 'FOO261124004')

  const longPadded = await cancel(app, { UserId: 'omailAccount1', TrackId: ` ${'T'.repeat(50)} ` })
  t.equal(longPadded.statusCode, 404, 'the length limit applies to the trimmed value')
  await expect400(t, app, { UserId: 'omailAccount1', TrackId: `  ${'T'.repeat(51)}  ` },
    [`The value '${'T'.repeat(51)}' for field 'TrackId' exceeded a max length of 50.`])
})
