// The journal as tests use it: list with filters, fetch one, count, clear, and a bounded size.
import t from 'tap'
import { admin, appIdHeader, build, cancel, errorsOf, lookup, post } from './helpers.js'

t.test('filters by brand, TrackId, UserId, status code and time; newest first; limit', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const t0 = new Date().toISOString()
  const a = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  const b = await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  const c = await cancel(app, { UserId: 'barEditor', TrackId: 'BAR261124001' }, { brand: 'BAR' })
  const d = await cancel(app, { UserId: 'someone', TrackId: 'FOO261124003' })
  const ids = (list: { SubmissionId: string }[]) => list.map((s) => s.SubmissionId)
  const id = (res: { json(): { SubmissionId: string } }) => res.json().SubmissionId

  t.same(ids(await client.submissions()), [id(d), id(c), id(b), id(a)])
  t.same(ids(await client.submissions({ method: 'GET' })), [])
  t.same(ids(await client.submissions({ brand: 'bar' })), [id(c)])
  t.same(ids(await client.submissions({ trackId: 'FOO261124001' })), [id(b), id(a)])
  t.same(ids(await client.submissions({ userId: 'OMAILACCOUNT1', statusCode: 200 })), [id(a)])
  t.same(ids(await client.submissions({ statusCode: 403 })), [id(d)])
  t.same(ids(await client.submissions({ limit: 2 })), [id(d), id(c)])
  t.same(ids(await client.submissions({ since: t0 })).length, 4)
  t.same(await client.submissions({ until: t0 }), [])
  t.same(await client.submissions({ since: new Date(Date.now() + 60_000).toISOString() }), [])

  t.equal(await client.count({ trackId: 'FOO261124001', userId: 'omailAccount1', statusCode: 200 }), 1,
    'did my app cancel FOO261124001 exactly once as omailAccount1?')
  t.equal(await client.count({ brand: 'FOO' }), 3)
  await lookup(app, 'FOO261124001', { prefix: 'short' })
  t.equal(await client.count({ trackId: 'FOO261124001', statusCode: 200 }), 2, 'a lookup is journaled too')
  t.equal(
    await client.count({ trackId: 'FOO261124001', statusCode: 200, method: 'post' }),
    1,
    'method tells cancels from lookups'
  )

  t.match(await client.submission(id(a)), { SubmissionId: id(a), StatusCode: 200, Method: 'POST', FaultId: null })
  t.match(await client.submission(id(a).toLowerCase()), { SubmissionId: id(a) }, 'ids are matched ignoring case')
  t.equal(await client.submission('00000000-0000-0000-0000-000000000000'), undefined)
  const missing = await app.inject({ method: 'GET', url: '/__admin/submissions/nope' })
  t.same(errorsOf(missing), ["No submission was found with SubmissionId 'nope'."])

  await client.clearSubmissions()
  t.equal(await client.count(), 0)
})

t.test('bad filters are 400s that name the field', async (t) => {
  const app = await build(t)
  const bad = await app.inject({ method: 'GET', url: '/__admin/submissions?statusCode=abc&limit=0' })
  t.equal(bad.statusCode, 400)
  t.match(errorsOf(bad), [/^querystring\/statusCode: /, /^querystring\/limit: /])
  const unknown = await app.inject({ method: 'POST', url: '/__admin/submissions/count', payload: { track: 'x' } })
  t.same(errorsOf(unknown), ['body/track: unknown property (check its spelling)'])
  const time = await app.inject({ method: 'POST', url: '/__admin/submissions/count', payload: { since: 'yesterday' } })
  t.match(errorsOf(time), [/^body\/since: .*ISO-8601/])
})

t.test('the journal keeps at most the configured number of submissions, dropping the oldest', async (t) => {
  const app = await build(t, { journalLimit: 5 })
  const sent: string[] = []
  for (let i = 0; i < 12; i++) sent.push((await cancel(app, { UserId: 'u', TrackId: `FOO${i}` })).json().SubmissionId)
  const kept = await admin(app).submissions()
  t.same(kept.map((s) => s.SubmissionId), sent.slice(-5).reverse())
})

t.test('each submission names its endpoint, and the journal filters by it', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await post(app, 'sendtest', { UserId: 'omailAccount1', TrackId: 'FOO261127001' })
  await post(app, 'schedule', { UserId: 'omailAccount1', TrackId: 'FOO261127001', ScheduledDate: 'soon' })
  await post(app, 'search', { NumResults: 5 })
  await lookup(app, 'FOO261127001')
  await app.inject({ method: 'POST', url: '/FOO/omail/deployment/nothing/*' })
  t.same(
    (await client.submissions({ endpoint: 'schedule' })).map((s) => [s.Endpoint, s.StatusCode]),
    [['schedule', 400]]
  )
  t.equal(await client.count({ endpoint: 'sendtest' }), 1)
  t.same(
    (await client.submissions()).map((s) => s.Endpoint),
    [null, 'lookup', 'search', 'schedule', 'sendtest'],
    'null for a URL nothing serves'
  )
  const bad = await app.inject({ method: 'GET', url: '/__admin/submissions?endpoint=publish' })
  t.equal(bad.statusCode, 400)
  t.match(
    errorsOf(bad),
    ["querystring/endpoint: must be one of 'cancel', 'unschedule', 'schedule', 'sendtest', 'search', 'lookup'"]
  )
})

t.test('a create, update or clone is journaled under its OwnerUserId, the account acting', async (t) => {
  const app = await build(t)
  const headers = { ...appIdHeader(), 'content-type': 'application/json' }
  const created = await app.inject({
    method: 'POST', url: '/FOO/omail/deployment/*', headers,
    payload: {
      DeploymentName: 'Journaled', DeploymentDate: '2099-01-01 10:00', DeploymentTypeId: 12,
      OwnerUserId: ' qaLead ', Splits: 1, TrackLinks: 1, TrackOpens: 1,
    },
  })
  t.equal(created.statusCode, 200)
  await app.inject({
    method: 'PUT', url: '/FOO/omail/deployment/*', headers,
    payload: { TrackId: created.json().TrackId, OwnerUserId: 'qaLead', Notes: 'later' },
  })
  const rows = await admin(app).submissions({ userId: 'qaLead' })
  t.same(rows.map((s) => [s.Endpoint, s.UserId, s.TrackId]), [
    ['update', 'qaLead', created.json().TrackId], ['create', 'qaLead', created.json().TrackId],
  ])
})
