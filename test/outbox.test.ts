// The sandbox outbox: what the real service would have sent. Test copies per tester and split, the
// clock's send per split with the deployment's RecipientCount, the admin routes and their filters,
// reset, isolation, the typed client, the event stream, and reads racing to send one deployment.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { EmulatorEvent } from '../src/contract/admin.js'
import type { OutboxEntry } from '../src/contract/outbox.js'
import { AdminClient } from '../src/client.js'
import type { FixtureDeployment } from '../src/seed/format.js'
import { admin, APP_ID, build, errorsOf, listening, lookup, post, takeEvents } from './helpers.js'

const NOW = '2026-12-01 09:00:00'
const HTML = (words: string) =>
  `<html><body><p>${words}</p><a href="https://example.com/unsubscribe">Unsubscribe</a></body></html>`
const ANN = { FirstName: 'Ann', LastName: 'Lee', EmailAddress: 'ann@example.com' }
const BOB = { FirstName: 'Bob', LastName: 'Ray', EmailAddress: 'Bob@Example.com' }

/** A deployment ready for a test: two testers, two splits with content (a Mailbox without and with a domain). */
const testable = (extra: Partial<FixtureDeployment> = {}): FixtureDeployment => ({
  Brand: 'FOO', TrackId: 'FOO261201001', DeploymentName: 'Outbox issue', OwnerUserId: 'omailAccount1',
  FinalApproverUserId: 'qaLead', Status: 'New', RecipientCount: 40, SplitCount: 2, Testers: [ANN, BOB],
  Splits: [
    {
      Sequence: 1, FromName: 'Foo News', Mailbox: 'news', Subject: 'Hello', HtmlContent: HTML('Hello'),
      TextContent: 'Hello',
    },
    {
      Sequence: 2, FromName: 'Foo Deals', Mailbox: 'deals@foo.example.com', Subject: 'Deals',
      HtmlContent: HTML('Deals'),
    },
  ],
  ...extra,
})

const sendTest = (app: FastifyInstance, trackId: string, appId?: string) =>
  post(app, 'sendtest', { UserId: 'omailAccount1', TrackId: trackId }, appId === undefined ? {} : { appId })

async function world(t: Test, overrides = {}) {
  const app = await build(t, overrides)
  const client = admin(app)
  await client.setClock({ now: NOW })
  return { app, client }
}

t.test('a test sends one copy per tester and split with content, in the outbox', async (t) => {
  const { app, client } = await world(t)
  await client.seed({ deployments: [testable()] })
  const res = await sendTest(app, 'FOO261201001')
  t.equal(res.statusCode, 200)
  const { SubmissionId } = res.json() as { SubmissionId: string }
  const entries = await client.outbox({ trackId: 'FOO261201001' })
  t.equal(entries.length, 4, '2 testers × 2 splits')
  const common = {
    Kind: 'test', Brand: 'FOO', TrackId: 'FOO261201001', RecipientCount: null, SentAt: NOW, SubmissionId,
  }
  t.same(entries.map(({ Id: _id, ...e }) => e), [
    {
      ...common, SplitNumber: 2, To: 'Bob@Example.com', FromName: 'Foo Deals', FromEmail: 'deals@foo.example.com',
      Subject: 'Deals', HtmlContent: HTML('Deals'), TextContent: null,
    },
    {
      ...common, SplitNumber: 1, To: 'Bob@Example.com', FromName: 'Foo News', FromEmail: 'news@foo.example',
      Subject: 'Hello', HtmlContent: HTML('Hello'), TextContent: 'Hello',
    },
    {
      ...common, SplitNumber: 2, To: 'ann@example.com', FromName: 'Foo Deals', FromEmail: 'deals@foo.example.com',
      Subject: 'Deals', HtmlContent: HTML('Deals'), TextContent: null,
    },
    {
      ...common, SplitNumber: 1, To: 'ann@example.com', FromName: 'Foo News', FromEmail: 'news@foo.example',
      Subject: 'Hello', HtmlContent: HTML('Hello'), TextContent: 'Hello',
    },
  ], 'newest first, each with its split\'s content')
  t.ok(entries[0]!.Id > entries[1]!.Id, 'Ids increase')
  t.same((await client.outbox({ address: 'bob@example.com' })).map((e) => e.To), ['Bob@Example.com', 'Bob@Example.com'],
    'the address filter ignores case')
  t.same((await client.outbox({ trackId: 'foo261201001', limit: 1 })).map((e) => e.Id), [entries[0]!.Id],
    'the TrackId filter ignores case; limit keeps the newest')
  t.same(await client.outbox({ kind: 'deployment' }), [], 'the kind filter')
})

t.test('no testers: no copies; a refused test: no copies; no content model: split 1 without content', async (t) => {
  const { app, client } = await world(t)
  t.equal((await sendTest(app, 'FOO261127001')).statusCode, 200, 'a seeded deployment with no testers')
  t.same(await client.outbox(), [])
  await client.seed({ deployments: [testable({ TrackId: 'FOO261201002', FinalApproverUserId: null })] })
  const refused = await sendTest(app, 'FOO261201002')
  t.same(errorsOf(refused), ['There is no final approver assigned to this deployment.'])
  t.same(await client.outbox(), [], 'a refusal sends nothing')
  const { Splits: _splits, ...bare } = testable({ TrackId: 'FOO261201003', Testers: [ANN] })
  await client.seed({ deployments: [bare] })
  t.equal((await sendTest(app, 'FOO261201003')).statusCode, 200)
  t.match(await client.outbox(), [{
    Kind: 'test', TrackId: 'FOO261201003', SplitNumber: 1, To: 'ann@example.com', FromName: null, FromEmail: null,
    Subject: null, HtmlContent: null, TextContent: null,
  }])
})

t.test('the clock sends a due deployment once: one entry per split, with its RecipientCount', async (t) => {
  const { app, client } = await world(t)
  await client.seed({
    deployments: [testable({
      TrackId: 'FOO261201004', Status: 'Scheduled', ScheduledDate: '2030-11-30 08:00:00', RecipientCount: 1234,
      Splits: [{ Sequence: 1, FromName: 'Foo News', Mailbox: 'news', Subject: 'Hi', TextContent: 'Hi' }],
    })],
  })
  t.same(await client.outbox({ kind: 'deployment' }), [], 'nothing is due yet')
  await client.setClock({ now: '2030-11-30 08:00:00' })
  const res = await lookup(app, 'FOO261201004')
  t.equal((res.json() as { Status: string }).Status, 'Sent')
  const [submission] = await client.submissions({ endpoint: 'lookup' })
  const sent = await client.outbox({ trackId: 'FOO261201004' })
  t.same(sent.map(({ Id: _id, ...e }) => e), [
    {
      Kind: 'deployment', Brand: 'FOO', TrackId: 'FOO261201004', SplitNumber: 2, To: null, RecipientCount: 1234,
      FromName: null, FromEmail: null, Subject: null, HtmlContent: null, TextContent: null,
      SentAt: '2030-11-30 08:00:00', SubmissionId: submission!.SubmissionId,
    },
    {
      Kind: 'deployment', Brand: 'FOO', TrackId: 'FOO261201004', SplitNumber: 1, To: null, RecipientCount: 1234,
      FromName: 'Foo News', FromEmail: 'news@foo.example', Subject: 'Hi', HtmlContent: null, TextContent: 'Hi',
      SentAt: '2030-11-30 08:00:00', SubmissionId: submission!.SubmissionId,
    },
  ], 'split 2 has no content: its fields are null')
  await lookup(app, 'FOO261201004')
  await client.fixtures()
  t.equal((await client.outbox({ trackId: 'FOO261201004' })).length, 2, 'read again: not sent again')

  // An admin read sends every due deployment of the world; no Omeda call caused it.
  await client.setClock({ now: '2030-12-02 06:00:00' })
  await client.fixtures()
  const byClock = await client.outbox({ kind: 'deployment' })
  t.same(byClock.slice(0, 2).map((e) => [e.TrackId, e.SentAt, e.RecipientCount, e.SubmissionId]), [
    ['BAR261124001', '2030-12-02 06:00:00', 7400, null],
    ['FOO261124001', '2030-12-01 09:00:00', 5200, null],
  ], 'in the order they were due, newest first')
})

t.test('reads racing after the due time write one send, in one process and two on one file', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  await client.setClock({ now: '2030-12-01 09:00:00' })
  const headers = { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' }
  const reads = Array.from({ length: 30 }, (_, i) => (i % 2 === 0
    ? fetch(`${url}/FOO/omail/deployment/lookup/FOO261124001/*`, { headers })
    : fetch(`${url}/FOO/omail/deployment/search/*`, { method: 'POST', headers, body: '{}' })))
  t.same(new Set((await Promise.all(reads)).map((r) => r.status)), new Set([200]))
  t.equal((await client.outbox({ trackId: 'FOO261124001' })).length, 1, 'one process')

  const db = `${t.testdir()}/shared.db`
  const one = await build(t, { db })
  const two = await build(t, { db })
  await admin(one).setClock({ now: '2030-12-01 09:00:00' })
  const both = await Promise.all(Array.from({ length: 20 }, (_, i) => lookup(i % 2 === 0 ? one : two, 'FOO261124001')))
  t.same(new Set(both.map((r) => (r.json() as { Status: string }).Status)), new Set(['Sent']))
  t.equal((await admin(two).outbox({ trackId: 'FOO261124001' })).length, 1, 'two connections on one file')
})

t.test('reset and DELETE empty the outbox', async (t) => {
  const { app, client } = await world(t)
  await client.seed({ deployments: [testable()] })
  await sendTest(app, 'FOO261201001')
  const cleared = await app.inject({ method: 'DELETE', url: '/__admin/outbox' })
  t.same(cleared.json(), { cleared: true })
  t.same(await client.outbox(), [])
  await client.seed({ deployments: [testable({ TrackId: 'FOO261201005' })] })
  await sendTest(app, 'FOO261201005')
  t.equal((await client.outbox()).length, 4)
  await client.reset()
  t.same(await client.outbox(), [], 'a reset empties it')
  await client.seed({ deployments: [testable({ TrackId: 'FOO261201006' })] })
  await sendTest(app, 'FOO261201006')
  await client.clearOutbox()
  t.same(await client.outbox(), [], 'the client empties it')
  const bad = await app.inject({ method: 'GET', url: '/__admin/outbox?kind=fax&limit=0' })
  t.equal(bad.statusCode, 400, 'a bad filter is refused')
})

t.test('isolation scopes the outbox per world, as the journal', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const mine = admin(app, { appId: APP_ID })
  const theirs = admin(app, { appId: 'foo-only-app-id' })
  await mine.seed({ deployments: [testable()] })
  await theirs.seed({ deployments: [testable({ Testers: [ANN] })] })
  t.equal((await sendTest(app, 'FOO261201001')).statusCode, 200)
  t.equal((await sendTest(app, 'FOO261201001', 'foo-only-app-id')).statusCode, 200)
  t.equal((await mine.outbox()).length, 4, 'my world: my test')
  t.equal((await theirs.outbox()).length, 2, 'their world: theirs')
  t.equal((await admin(app).outbox()).length, 6, 'without an app id: every world')
  await theirs.clearOutbox()
  t.equal((await mine.outbox()).length, 4, 'clearing theirs leaves mine')
  await mine.reset()
  t.same(await mine.outbox(), [], 'resetting my world empties mine')
  const unknown = await app.inject({ method: 'GET', url: '/__admin/outbox', headers: { 'x-omeda-appid': 'nobody' } })
  t.equal(unknown.statusCode, 403)
})

t.test('each entry is an outbox event, filtered by TrackId and brand like submissions', async (t) => {
  const { url } = await listening(t)
  const client = new AdminClient({ baseUrl: url })
  await client.setClock({ now: NOW })
  await client.seed({ deployments: [testable(), testable({ TrackId: 'FOO261201007', Testers: [ANN] })] })
  const all = await client.events({ type: 'outbox' })
  const one = await client.events({ trackId: 'foo261201007' })
  const byStatus = await client.events({ statusCode: 200 })
  const headers = { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' }
  const send = (trackId: string) => fetch(`${url}/FOO/omail/deployment/sendtest/*`,
    { method: 'POST', headers, body: JSON.stringify({ UserId: 'omailAccount1', TrackId: trackId }) })
  await send('FOO261201001')
  await send('FOO261201007')
  const entries = [...await client.outbox()].reverse()
  t.same(await takeEvents(all, 6), entries.map((entry): EmulatorEvent => ({ type: 'outbox', entry })),
    'one event per entry, in the order written, in the outbox API shape')
  const mine = await takeEvents(one, 3)
  t.same(mine.map((e) => e.type).sort(), ['outbox', 'outbox', 'submission'], 'its entries and its submission')
  t.ok(mine.every((e) => (e.type === 'outbox' ? e.entry.TrackId : e.type === 'submission' && e.submission.TrackId) ===
    'FOO261201007'), 'only that TrackId')
  t.same((await takeEvents(byStatus, 2)).map((e) => e.type), ['submission', 'submission'],
    'a status filter leaves entries out')
})

t.test('the outbox is in the OpenAPI document', async (t) => {
  const { app } = await world(t)
  const doc = (await app.inject({ method: 'GET', url: '/__admin/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>
  }
  t.ok(doc.paths['/__admin/outbox']?.get && doc.paths['/__admin/outbox']?.delete)
  const entries: OutboxEntry[] = await admin(app).outbox()
  t.same(entries, [])
})

t.test('reading the outbox sends what the clock has made due first, in the world read or in every world', async (t) => {
  for (const isolation of ['shared', 'app-id'] as const) {
    const app = await build(t, { isolation })
    const client = admin(app, isolation === 'app-id' ? { appId: 'sandbox-app-id' } : {})
    // FOO261124001 is Scheduled; the world's now is set past its date, and nothing else reads the world.
    await client.setClock({ now: '2031-01-01 00:00:00' })
    const scoped = await client.outbox({ trackId: 'FOO261124001' })
    t.match(scoped, [{ Kind: 'deployment', TrackId: 'FOO261124001' }], `${isolation}: the send, on the first read`)
    if (isolation === 'app-id') {
      // Without an app id, every world: the world of foo-only-app-id is sent too once it exists.
      await app.inject({ method: 'GET', url: '/FOO/omail/deployment/lookup/FOO261124003/*',
        headers: { 'x-omeda-appid': 'foo-only-app-id' } })
      await admin(app, { appId: 'foo-only-app-id' }).setClock({ now: '2031-01-01 00:00:00' })
      const every = await admin(app).outbox({ trackId: 'FOO261124001' })
      t.equal(every.length, 2, 'each world sent it once')
    }
  }
})
