// Request bodies and headers: every bad input gets a 400 (or 413) in the vendor shape, with a message
// that says what was wrong, and leaves the deployment as it was.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, APP_ID, build, cancel, cancelUrl, errorsOf, GUID } from './helpers.js'

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
  const app = await build()
  t.teardown(() => app.close())
  const both = ["The field 'UserId' is required.", "The field 'TrackId' is required."]
  await expect400(t, app, {}, both)
  await expect400(t, app, { UserId: null, TrackId: null }, both)
  await expect400(t, app, { UserId: '', TrackId: '' }, both)
  await expect400(t, app, { UserId: '  \t', TrackId: '\n ' }, both)
  await expect400(t, app, { UserId: 'omailAccount1' }, ["The field 'TrackId' is required."])
  await expect400(t, app, { TrackId: TRACK }, ["The field 'UserId' is required."])
  await expect400(t, app, '', both)
  await expect400(t, app, '   ', both)
  const noBody = await app.inject({ method: 'POST', url: cancelUrl(), headers: { 'x-omeda-appid': APP_ID } })
  t.equal(noBody.statusCode, 400, 'a POST with no body at all')
  t.same(errorsOf(noBody), both)
})

t.test('wrong JSON types name the field and the expected type', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  await expect400(t, app, { UserId: 42, TrackId: true }, [
    "The field 'UserId' must be a string, but a number was given.",
    "The field 'TrackId' must be a string, but a boolean was given.",
  ])
  await expect400(t, app, { UserId: { name: 'x' }, TrackId: [TRACK] }, [
    "The field 'UserId' must be a string, but a object was given.",
    "The field 'TrackId' must be a string, but a array was given.",
  ])
  await expect400(t, app, [ok], ['The request body must be a JSON object, but a array was given.'])
  await expect400(t, app, 'null', ['The request body must be a JSON object, but a null was given.'])
  await expect400(t, app, '"text"', ['The request body must be a JSON object, but a string was given.'])
  await expect400(t, app, '17', ['The request body must be a JSON object, but a number was given.'])
})

t.test('values over the maximum length quote the value, field and limit; limits are configurable', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
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

  const strict = await build({ maxLength: { UserId: 5, TrackId: 6 } })
  t.teardown(() => strict.close())
  const res = await cancel(strict, ok)
  t.same(errorsOf(res), [
    "The value 'omailAccount1' for field 'UserId' exceeded a max length of 5.",
    `The value '${TRACK}' for field 'TrackId' exceeded a max length of 6.`,
  ])
})

t.test('malformed JSON is a 400 that says so', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  for (const payload of ['{bad', '{"UserId": "a",}', '{"UserId": "a"', "{'UserId': 'a'}"]) {
    const res = await cancel(app, payload)
    t.equal(res.statusCode, 400, payload)
    t.equal(errorsOf(res).length, 1)
    t.match(errorsOf(res)[0], /^The request body is not valid JSON: /)
  }
  await stillScheduled(t, app)
})

t.test('content types: none means JSON, JSON with any charset is JSON, anything else is 400', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/jsonp']) {
    const res = await cancel(app, ok, { headers: { 'content-type': type } })
    t.equal(res.statusCode, 400, type)
    t.same(errorsOf(res), [`The content type '${type}' is not supported. Use 'application/json'.`])
  }
  await stillScheduled(t, app)
  const none = await app.inject({ method: 'POST', url: cancelUrl(), headers: { 'x-omeda-appid': APP_ID }, payload: JSON.stringify(ok) })
  t.equal(none.statusCode, 200, 'no Content-Type is read as JSON')

  for (const [i, type] of ['application/json;charset=utf-8', 'application/json; charset=UTF-8', 'Application/JSON'].entries()) {
    const fresh = await build()
    const res = await cancel(fresh, ok, { headers: { 'content-type': type } })
    t.equal(res.statusCode, 200, `${type} (${i})`)
    await fresh.close()
  }
})

t.test('__proto__ and constructor keys are ignored like any unknown field', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const payload = `{"__proto__": {"UserId": "omailAccount1", "polluted": true}, "constructor": {"prototype": {"polluted": true}}, "TrackId": "${TRACK}"}`
  const res = await cancel(app, payload)
  t.equal(res.statusCode, 400)
  t.same(errorsOf(res), ["The field 'UserId' is required."], '__proto__ did not supply UserId')
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched')
  const extra = await cancel(app, { ...ok, Reason: 'duplicate', Extra: { nested: [1, 2] } })
  t.equal(extra.statusCode, 200, 'other unknown fields are ignored')
})

t.test('an oversized body is a vendor-shaped 413', async (t) => {
  const app = await build({ bodyLimit: 1024 })
  t.teardown(() => app.close())
  const res = await cancel(app, { ...ok, Padding: 'x'.repeat(2000) })
  t.equal(res.statusCode, 413)
  t.same(errorsOf(res), ['The request body exceeds the limit of 1024 bytes.'])
  await stillScheduled(t, app)
})
