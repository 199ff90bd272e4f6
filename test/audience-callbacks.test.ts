// Audience callbacks against a real local HTTP server: the status body POSTed once a list has loaded;
// a failing URL tried 3 times, 2 minutes of the sandbox clock apart, then no more; a URL that never
// answers counts as failed and holds up no request; each attempt in the journal; a list removed
// before it loaded calls no one. Every wait polls for a condition, with a deadline.
import t, { type Test } from 'tap'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Submission } from '../src/contract/admin.js'
import { admin, build, lookup } from './helpers.js'
import {
  added, addAudience, audienceStatus, clockAt, later, LOAD, NOW, removeAudience, single, statusOf, SUBSCRIBERS,
  TRACK, until, USER,
} from './audience-requests.js'

interface Hit { path: string; method: string; type: string | undefined; body: string }

/** A server on 127.0.0.1: `/ok…` answers 200, `/fail…` 500, `/hang…` never; every request is kept. */
async function receiver(t: Test): Promise<{ url: string; hits: Hit[]; of: (path: string) => Hit[] }> {
  const hits: Hit[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      const path = req.url ?? ''
      hits.push({ path, method: req.method ?? '', type: req.headers['content-type'], body })
      if (path.startsWith('/hang')) hanging.push(res)
      else res.writeHead(path.startsWith('/fail') ? 500 : 200).end(path.startsWith('/fail') ? 'down' : 'thanks')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    for (const res of hanging) res.destroy()
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, hits, of: (path) => hits.filter((h) => h.path === path) }
}

/** The journal's callback attempts to one URL, oldest first. */
async function attempts(app: FastifyInstance, url: string): Promise<Submission[]> {
  const all = await admin(app).submissions({ endpoint: 'audienceAdd' })
  return all.filter((s) => s.Path === url).reverse()
}

/** Waits until the journal holds `n` attempts to `url`, and returns them. */
const journaled = (app: FastifyInstance, url: string, n: number) =>
  until(`${n} journaled attempts to ${url}`, async () => {
    const found = await attempts(app, url)
    return found.length >= n ? found : undefined
  })

t.test('a list that loads: its URLs are POSTed the status body, once each, and journaled', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const { url, hits, of } = await receiver(t)
  const listId = await added(app, single({ CallbackURLs: [`${url}/ok-1`, ` ${url}/ok-2 `] }))
  await until('both callbacks', () => (of('/ok-1').length && of('/ok-2').length ? true : undefined))
  const { SubmissionId: _, ...status } = await statusOf(app, listId)
  for (const path of ['/ok-1', '/ok-2']) {
    const [hit] = of(path)
    t.match(hit, { method: 'POST', type: 'application/json' })
    const body = JSON.parse(hit!.body) as Record<string, unknown>
    t.match(body.SubmissionId, /^[0-9A-F-]{36}$/)
    const { SubmissionId: __, ...rest } = body
    t.same(rest, status, `${path}: the status body`)
    t.equal(rest.AssignmentStatusCode, 'DONE')
    const [entry] = await journaled(app, `${url}${path}`, 1)
    t.match(entry, { Method: 'POST', StatusCode: 200, Brand: 'FOO', TrackId: TRACK, UserId: USER,
      RequestBody: hit!.body, ResponseBody: 'thanks', SubmissionId: body.SubmissionId })
  }
  // A later list with a callback of its own: by the time it is called, nothing was called twice.
  await added(app, single({ TrackId: 'FOO261127002', CallbackURLs: [`${url}/ok-later`] }))
  await until('the later callback', () => (of('/ok-later').length ? true : undefined))
  t.equal(of('/ok-1').length + of('/ok-2').length, 2, 'a delivered callback is not made again')
  t.equal(hits.length, 3)
})

t.test('the multi form: CallbackURLs beside Audience call back for each list; WARNING is sent too', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const { url, of } = await receiver(t)
  const res = await addAudience(app, { UserId: USER, TrackId: TRACK, CallbackURLs: [`${url}/ok-all`], Audience: [
    { RecipientList: 'partial.csv', SplitNumber: 1 },
    { QueryName: 'Active subscribers', SplitNumber: 1, ListNumber: 1, CallbackURLs: [`${url}/ok-own`] },
  ] })
  t.equal(res.statusCode, 200, res.body)
  await until('three callbacks', () => (of('/ok-all').length === 2 && of('/ok-own').length === 1 ? true : undefined))
  const bodies = of('/ok-all').map((h) => JSON.parse(h.body) as Record<string, unknown>)
    .sort((a, b) => Number(a.ListId) - Number(b.ListId))
  t.match(bodies, [
    { ListId: 1000001, AssignmentStatusCode: 'WARNING', RecipientList: 'partial.csv', RecipientCount: 96 },
    { ListId: 1000002, AssignmentStatusCode: 'DONE', QueryName: 'Active subscribers' },
  ])
  t.match(JSON.parse(of('/ok-own')[0]!.body), { ListId: 1000002 })
})

t.test('a failing URL: 3 attempts, 2 minutes of the sandbox clock apart, then no more', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0 })
  const { url, of } = await receiver(t)
  const failing = `${url}/fail`
  await clockAt(app, NOW)
  await added(app, single({ CallbackURLs: [failing] }))
  await until('the first attempt', () => (of('/fail').length === 1 ? true : undefined))
  t.match(await journaled(app, failing, 1), [{ StatusCode: 500, ResponseBody: 'down', TrackId: TRACK }])

  // Another list's callback, due now, is a barrier: once it is made, any attempt due is made too.
  const barrier = async (trackId: string, path: string) => {
    await added(app, single({ TrackId: trackId, CallbackURLs: [`${url}${path}`] }))
    await journaled(app, `${url}${path}`, 1)
  }
  await clockAt(app, later(NOW, 100))
  await barrier('FOO261127002', '/ok-b1')
  t.equal(of('/fail').length, 1, 'not again before 2 minutes')
  await clockAt(app, later(NOW, 130))
  await until('the second attempt', () => (of('/fail').length === 2 ? true : undefined))
  await clockAt(app, later(NOW, 200))
  await barrier('FOO261124003', '/ok-b2')
  t.equal(of('/fail').length, 2, 'the third waits 2 minutes after the second')
  await clockAt(app, later(NOW, 250))
  await until('the third attempt', () => (of('/fail').length === 3 ? true : undefined))
  await clockAt(app, later(NOW, 3600))
  await barrier('FOO261127005', '/ok-b3')
  t.equal(of('/fail').length, 3, 'no fourth attempt')
  const entries = await journaled(app, failing, 3)
  t.same(entries.map((e) => [e.StatusCode, e.Method, e.Endpoint]), Array(3).fill([500, 'POST', 'audienceAdd']))
  const sent = of('/fail').map((h) => JSON.parse(h.body) as Record<string, unknown>)
  t.equal(new Set(sent.map(({ SubmissionId: _, ...rest }) => JSON.stringify(rest))).size, 1,
    'each attempt sends the same status body')
  t.same(sent.map((b) => b.SubmissionId), entries.map((e) => e.SubmissionId),
    'under a SubmissionId of its own, as the journal keeps it')
})

t.test('a URL that never answers, or refuses connections: failed attempts (0), tried again', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0, callbackTimeout: 200 })
  const { url, of } = await receiver(t)
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/gone`
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  await clockAt(app, NOW)
  const listId = await added(app, single({ CallbackURLs: [`${url}/hang`, refused] }))
  t.match(await journaled(app, `${url}/hang`, 1), [{ StatusCode: 0, ResponseBody: '' }], 'no answer in time: 0')
  t.match(await journaled(app, refused, 1), [{ StatusCode: 0 }], 'no connection: 0')
  t.equal(of('/hang').length, 1)
  await clockAt(app, later(NOW, 130))
  await journaled(app, `${url}/hang`, 2)
  await journaled(app, refused, 2)
  t.equal(of('/hang').length, 2, 'tried again 2 minutes later')
  t.equal((await statusOf(app, listId)).AssignmentStatusCode, 'DONE', 'the list itself loaded')
})

t.test('a callback that hangs holds up no request', async (t) => {
  const app = await build(t, { audienceLoadSeconds: 0, callbackTimeout: 600_000 })
  const { url, of } = await receiver(t)
  const listId = await added(app, single({ CallbackURLs: [`${url}/hang`] }))
  await until('the hanging callback', () => (of('/hang').length === 1 ? true : undefined))
  const answers = await Promise.all([
    ...Array.from({ length: 10 }, () => audienceStatus(app, listId)),
    ...Array.from({ length: 5 }, () => lookup(app, TRACK)),
    addAudience(app, single({ TrackId: 'FOO261127002' })),
    removeAudience(app, { UserId: USER, TrackId: 'FOO261127002' }),
  ])
  t.same(answers.map((a) => a.statusCode), Array(answers.length).fill(200), 'every request answered')
  t.same(await attempts(app, `${url}/hang`), [], 'while the callback is still waiting')
})

t.test('a list removed before it loaded calls no one', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  const { url, of } = await receiver(t)
  await clockAt(app, NOW)
  await added(app, single({ CallbackURLs: [`${url}/ok-removed`] }))
  await added(app, single({ TrackId: 'FOO261127002', CallbackURLs: [`${url}/ok-kept`] }))
  t.equal((await removeAudience(app, { UserId: USER, TrackId: TRACK, RecipientList: SUBSCRIBERS })).statusCode, 200)
  await clockAt(app, later(NOW, LOAD + 60))
  // The kept list loads at the same time: once it has called back, the removed one would have too.
  await journaled(app, `${url}/ok-kept`, 1)
  await clockAt(app, later(NOW, LOAD + 3600))
  await added(app, single({ TrackId: 'FOO261124003', CallbackURLs: [`${url}/ok-after`] }))
  await clockAt(app, later(NOW, 2 * LOAD + 3700))
  await journaled(app, `${url}/ok-after`, 1)
  t.same(of('/ok-removed'), [], 'never called')
  t.same(await attempts(app, `${url}/ok-removed`), [], 'nothing journaled for it')
})
