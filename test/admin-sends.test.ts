// GET /__admin/deployments/{brand}/{trackId}/sends and the client's sends(): a deployment's audience
// lists with their status as of the world's now (removed ones too), and its splits' content.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, appIdHeader, build, omedaUrl } from './helpers.js'
import { flat, HTML, postContent } from './content-requests.js'

const TRACK_ID = 'FOO261124003' // New, owned by omailAccount1
const add = (app: FastifyInstance, body: Record<string, unknown>) => app.inject({
  method: 'POST', url: omedaUrl('audience/add'), headers: { 'content-type': 'application/json', ...appIdHeader() },
  payload: { UserId: 'omailAccount1', TrackId: TRACK_ID, ...body },
})

t.test('the lists, with their status as the clock moves, and the splits\' content', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.setClock({ now: '2026-12-01 09:00:00' })
  t.same(await client.sends('FOO', TRACK_ID), { AudienceLists: [], Splits: [] }, 'none before any add')
  t.equal((await add(app, { QueryName: 'Active subscribers', SplitNumber: 1, CallbackURLs: ['http://127.0.0.1:9/x'] }))
    .statusCode, 200)
  t.equal((await add(app, { RecipientList: 'partial.csv', SplitNumber: 2 })).statusCode, 200)
  const loading = await client.sends('FOO', TRACK_ID)
  t.match(loading?.AudienceLists, [
    { ListId: 1000001, SplitNumber: 1, Kind: 'QueryName', Name: 'Active subscribers', AssignmentStatusCode: 'QUEUED',
      ValidRows: 1200, InvalidRows: 0, AssignedBy: 'omailAccount1', RemovedAt: null,
      CallbackURLs: ['http://127.0.0.1:9/x'] },
    { ListId: 1000002, SplitNumber: 2, Kind: 'RecipientList', Name: 'partial.csv', ValidRows: 96, InvalidRows: 4 },
  ])
  await client.setClock({ now: '2026-12-01 09:01:00' })
  t.same((await client.sends('FOO', TRACK_ID))?.AudienceLists.map((l) => l.AssignmentStatusCode), ['DONE', 'WARNING'])

  const removed = await app.inject({
    method: 'POST', url: omedaUrl('audience/remove'), headers: { 'content-type': 'application/json', ...appIdHeader() },
    payload: { UserId: 'omailAccount1', TrackId: TRACK_ID, QueryName: 'Active subscribers' },
  })
  t.equal(removed.statusCode, 200)
  t.match((await client.sends('FOO', TRACK_ID))?.AudienceLists[0],
    { AssignmentStatusCode: 'LIST_REMOVED', RemovedBy: 'omailAccount1', RemovedAt: '2026-12-01 09:01:00' })

  const posted = await postContent(app, flat({
    UserId: 'omailAccount1', TrackId: TRACK_ID, SplitNumber: '1', FromName: 'Foo Weekly', MailBox: 'news',
    Subject: 'This week', HtmlContent: HTML, TextContent: 'Hello in text',
  }))
  t.equal(posted.statusCode, 200, posted.body)
  t.match((await client.sends('FOO', TRACK_ID))?.Splits, [{
    Sequence: 1, FromName: 'Foo Weekly', Mailbox: 'news', Subject: 'This week', HtmlContent: HTML,
    TextContent: 'Hello in text',
  }])
  t.equal(await client.sends('FOO', 'FOO999999999'), undefined, 'an unknown deployment: undefined (404)')
})

t.test('in isolation mode, another app id\'s world has no list of this one\'s', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  t.equal((await add(app, { QueryName: 'Active subscribers', SplitNumber: 1 })).statusCode, 200)
  t.equal((await admin(app, { appId: 'sandbox-app-id' }).sends('FOO', TRACK_ID))?.AudienceLists.length, 1)
  t.same((await admin(app, { appId: 'foo-only-app-id' }).sends('FOO', TRACK_ID))?.AudienceLists, [])
})
