// The vendor's rules, in order: app id, then (after the body) not found, not authorized, sent,
// previously cancelled, and the cancel itself with its response and stored record.
import t from 'tap'
import { admin, APP_ID, build, cancel, errorsOf, GUID } from './helpers.js'
import { vendorDateFormatter } from '../src/clock/vendor-time.js'

t.test('the app id must be known and granted the brand; it is checked before the body', async (t) => {
  const app = await build(t)
  const ok = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  const cases = [
    { what: 'missing', appId: null, brand: 'FOO' },
    { what: 'empty', appId: '', brand: 'FOO' },
    { what: 'unknown', appId: 'no-such-app', brand: 'FOO' },
    { what: 'other case', appId: APP_ID.toUpperCase(), brand: 'FOO' },
    { what: 'not granted this brand', appId: 'foo-only-app-id', brand: 'BAR' },
    { what: 'granted only another brand', appId: 'baz-app-id', brand: 'FOO' },
    { what: 'unknown brand', appId: APP_ID, brand: 'NOPE' },
  ]
  for (const c of cases) {
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await cancel(app, ok, { appId: c.appId, brand: c.brand, prefix })
      t.equal(res.statusCode, 403, `${c.what} (${prefix})`)
      t.same(res.json().Errors, [{ Error: 'The AppId submitted is forbidden access.' }])
      t.match(res.json().SubmissionId, GUID)
    }
  }
  const badBody = await cancel(app, '{not json', { appId: 'no-such-app' })
  t.equal(badBody.statusCode, 403, 'a bad app id wins over a malformed body')
  const badType = await cancel(app, 'x', { appId: null, headers: { 'content-type': 'text/plain' } })
  t.equal(badType.statusCode, 403, 'and over an unsupported content type')
  t.equal((await admin(app).deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'nothing was cancelled')
  const granted = await cancel(app, ok, { appId: 'foo-only-app-id' })
  t.equal(granted.statusCode, 200, 'an app granted only FOO can cancel in FOO')
})

t.test('an unknown TrackId is 404 and echoes the TrackId as sent', async (t) => {
  const app = await build(t)
  const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO999999999' })
  t.equal(res.statusCode, 404)
  t.same(errorsOf(res), ["No deployment was found matching trackId 'FOO999999999'."])
  const otherBrand = await cancel(app, { UserId: 'barEditor', TrackId: 'BAR261124001' }, { brand: 'FOO' })
  t.equal(otherBrand.statusCode, 404, 'a deployment of another brand is not found in this one')
  t.same(errorsOf(otherBrand), ["No deployment was found matching trackId 'BAR261124001'."])
})

t.test('a user who is neither owner nor authorized is 403, named lower-case', async (t) => {
  const app = await build(t)
  const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124005' })
  t.equal(res.statusCode, 403)
  t.same(errorsOf(res), ["User 'omailaccount1' is not authorized to cancel this deployment."])
  const sent = await cancel(app, { UserId: 'Stranger', TrackId: 'FOO261118001' })
  t.equal(sent.statusCode, 403, 'authorization comes before the sent check')
  t.same(errorsOf(sent), ["User 'stranger' is not authorized to cancel this deployment."])
  t.equal((await admin(app).deployment('FOO', 'FOO261124005'))?.Status, 'Scheduled')
})

t.test('Sent and Sending deployments cannot be cancelled; the message gives the send date', async (t) => {
  const app = await build(t)
  const cases = [
    { brand: 'FOO', UserId: 'omailAccount1', TrackId: 'FOO261118001', date: '2026-11-18 08:00:00', status: 'Sent' },
    { brand: 'FOO', UserId: 'omailAccount1', TrackId: 'FOO261125001', date: '2026-11-25 14:00:00', status: 'Sending' },
    { brand: 'BAR', UserId: 'barEditor', TrackId: 'BAR261119001', date: '2026-11-19 07:30:00', status: 'Sent' },
    { brand: 'BAR', UserId: 'barEditor', TrackId: 'BAR261123001', date: '2026-11-23 06:00:00', status: 'Sending' },
  ]
  for (const c of cases) {
    const res = await cancel(app, { UserId: c.UserId, TrackId: c.TrackId }, { brand: c.brand })
    t.equal(res.statusCode, 400, `${c.status} ${c.TrackId}`)
    t.same(errorsOf(res), [`Deployment '${c.TrackId}' was sent on ${c.date}.`])
    t.equal((await admin(app).deployment(c.brand, c.TrackId))?.Status, c.status, 'status unchanged')
  }
})

t.test('a Cancelled deployment is previously cancelled', async (t) => {
  const app = await build(t)
  for (const [brand, UserId, TrackId] of [
    ['FOO', 'omailAccount1', 'FOO261110001'],
    ['BAR', 'qaLead', 'BAR261112001']
  ] as const) {
    const res = await cancel(app, { UserId, TrackId }, { brand })
    t.equal(res.statusCode, 400)
    t.same(errorsOf(res), [`Deployment '${TrackId}' has been previously cancelled.`])
  }
})

t.test('a successful cancel: 200, both response forms, lookup Url, stored record', async (t) => {
  const app = await build(t)
  const format = vendorDateFormatter('America/Chicago')
  const before = format(new Date())
  const res = await app.inject({
    method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployment/cancel/*',
    headers: { host: 'emulator.test:3000', 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
    payload: { UserId: 'omailAccount1', TrackId: 'FOO261124001' },
  })
  const after = format(new Date())
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json')
  const body = res.json()
  t.match(body.SubmissionId, GUID)
  t.same(body, {
    ResponseInfo: [{
      TrackId: 'FOO261124001',
      Url: 'http://emulator.test:3000/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*',
      SubmissionId: body.SubmissionId,
    }],
    SubmissionId: body.SubmissionId,
  })
  const stored = (await admin(app).deployment('FOO', 'FOO261124001'))
  t.equal(stored?.Status, 'Cancelled')
  t.equal(stored?.CancelledBy, 'omailAccount1')
  t.ok(
    stored!.CancelledDate! >= before && stored!.CancelledDate! <= after,
    `stamped in Chicago time: ${stored?.CancelledDate}`
  )

  const again = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(again.statusCode, 400, 'a second cancel finds it cancelled')
  t.same(errorsOf(again), ["Deployment 'FOO261124001' has been previously cancelled."])
  t.not(again.json().SubmissionId, body.SubmissionId, 'every response has a fresh SubmissionId')
})

t.test('authorized users, any letter case, brand and TrackId case; each cancellable status', async (t) => {
  const app = await build(t)
  const cases = [
    { brand: 'FOO', UserId: 'qaLead', TrackId: 'FOO261124002', was: 'Scheduled' },
    { brand: 'foo', UserId: 'OMAILACCOUNT1', TrackId: 'foo261124003', was: 'New' },
    { brand: 'FOO', UserId: 'omailaccount1', TrackId: 'FOO261124004', was: 'Approved' },
    { brand: 'BAR', UserId: 'QALEAD', TrackId: 'BAR261124001', was: 'Scheduled' },
    { brand: 'Bar', UserId: 'barEditor', TrackId: 'BAR261124002', was: 'Accepted' },
  ]
  for (const c of cases) {
    const res = await cancel(app, { UserId: c.UserId, TrackId: c.TrackId }, { brand: c.brand, prefix: 'short' })
    t.equal(res.statusCode, 200, `${c.was} ${c.TrackId} by ${c.UserId}`)
    const canonical = c.TrackId.toUpperCase()
    t.equal(res.json().ResponseInfo[0].TrackId, canonical, 'the reply names the stored TrackId')
    t.match(res.json().ResponseInfo[0].Url, `/brand/${c.brand.toUpperCase()}/omail/deployment/lookup/${canonical}/*`)
    t.equal((await admin(app).deployment(c.brand, c.TrackId))?.CancelledBy, c.UserId)
  }
  const baz = await cancel(app, { UserId: 'bazEditor', TrackId: 'BAZ261124001' }, { brand: 'BAZ', appId: 'baz-app-id' })
  t.equal(baz.statusCode, 200, 'a third brand, through its own app id')
})

t.test('OMEDA_ORIGIN fixes the origin of the lookup Url; OMEDA_TIMEZONE the stamp', async (t) => {
  const app = await build(t, { origin: 'https://ows.example.test', timezone: 'Asia/Tokyo' })
  const res = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(res.json().ResponseInfo[0].Url, 'https://ows.example.test/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*')
  const tokyo = vendorDateFormatter('Asia/Tokyo')(new Date()).slice(0, 13)
  t.equal((await admin(app).deployment('FOO', 'FOO261124001'))?.CancelledDate?.slice(0, 13), tokyo)
})

t.test('every submission is journaled with its answer, never with the app id', async (t) => {
  const app = await build(t)
  const first = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  const second = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' }, { prefix: 'short' })
  const forbidden = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' }, { appId: 'no-such-app' })
  const journal = (await admin(app).submissions({ brand: 'FOO', trackId: 'FOO261124001' })).reverse()
  t.same(journal.map((s) => [s.SubmissionId, s.StatusCode]), [
    [first.json().SubmissionId, 200], [second.json().SubmissionId, 400],
  ])
  t.match(await admin(app).submission(forbidden.json().SubmissionId), {
    StatusCode: 403, Brand: 'FOO', TrackId: null, RequestBody: null, ResponseBody: forbidden.body,
  }, 'a refused app id is journaled; its body was never read')
  const unknownUrl = await app.inject({ method: 'GET', url: '/somewhere/else' })
  t.match(
    await admin(app).submission(unknownUrl.json().SubmissionId),
    { StatusCode: 404, Path: '/somewhere/else', Brand: null }
  )
  t.match(journal[0], {
    Brand: 'FOO', UserId: 'omailAccount1', Method: 'POST',
    Path: '/webservices/rest/brand/FOO/omail/deployment/cancel/*',
    RequestBody: '{"UserId":"omailAccount1","TrackId":"FOO261124001"}',
    ResponseBody: first.body,
  })
  t.equal(journal[1]?.Path, '/FOO/omail/deployment/cancel/*')
  t.notMatch(JSON.stringify(journal), /sandbox-app-id|no-such-app/, 'no app id in the journal')
})
