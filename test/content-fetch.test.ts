// The content page's HtmlContentUrl and TextContentUrl against a real local HTTP server: read at call
// time, the fixtures' contentUrls first, the switch that turns fetching off, and each failure (a
// timeout, the size cap, a non-2xx answer, a refused connection, a URL that is not http(s)) answered
// as a 400 in the page's XML shape, with nothing stored.
import t, { type Test } from 'tap'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../src/config.js'
import { atNow } from './deployment-requests.js'
import {
  buildWithQux, contentLookup, contentState, flat, fullSplit, HTML, postContent, quxDeployment, responseInfo, xmlErrors,
} from './content-requests.js'

const TRACK_ID = 'QUX261127001'

interface Site {
  base: string
  /** The paths asked for, in order. */
  hits: string[]
  /** What each path answers; a path not here gets the handler's default (404). */
  routes: Map<string, (req: IncomingMessage, res: ServerResponse) => void>
}

/** A local HTTP server on 127.0.0.1:0, closed (with any connection it holds) when t ends. */
async function site(t: Test): Promise<Site> {
  const hits: string[] = []
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>()
  const server = createServer((req, res) => {
    hits.push(req.url ?? '')
    const route = routes.get(req.url ?? '')
    if (route) route(req, res)
    else res.writeHead(404).end('not here')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, routes }
}

const serve = (body: string, type = 'text/html') => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': type }).end(body)
}

async function ready(
  t: Test, contentUrls: Record<string, string> = {}, overrides: Partial<Config> = {}
): Promise<FastifyInstance> {
  // Content already there, which a refusal must leave as it was.
  const deployment = quxDeployment(TRACK_ID, { Splits: [fullSplit(1)] })
  const app = await buildWithQux(t, { deployments: [deployment], contentUrls }, overrides)
  await atNow(app)
  return app
}

const post = (app: FastifyInstance, fields: Record<string, string>, trackId = TRACK_ID) => postContent(app, flat({
  UserId: 'omailAccount1', TrackId: trackId, SplitNumber: '1', FromName: 'Qux', Mailbox: 'desk', Subject: 'S',
  ...fields,
}), { brand: 'QUX' })

/** A refusal in the page's XML shape, never a 5xx, with nothing stored. */
async function refusedXml(
  t: Test, app: FastifyInstance, fields: Record<string, string>, errors: string[] | RegExp, status = 400
): Promise<void> {
  const before = await contentState(app, 'QUX', [TRACK_ID])
  const res = await post(app, fields)
  t.equal(res.statusCode, status, res.body)
  t.equal(res.headers['content-type'], 'application/xml')
  if (errors instanceof RegExp) t.match(xmlErrors(res), [errors])
  else t.same(xmlErrors(res), errors)
  t.ok(responseInfo(res).SubmissionId, 'a SubmissionId')
  t.same(await contentState(app, 'QUX', [TRACK_ID]), before, 'nothing stored changed')
}

const notFetched = (field: string, url: string, reason: string) =>
  `The content of field '${field}' could not be fetched from '${url}': ${reason}.`

t.test('both URLs are fetched at call time, each post anew', async (t) => {
  const web = await site(t)
  let edition = 1
  web.routes.set('/issue.html', (_req, res) => res.writeHead(200).end(HTML.replace('Hello', `Edition ${edition}`)))
  web.routes.set('/issue.txt', serve('Plain text,\r\né and ✓', 'text/plain; charset=utf-8'))
  const app = await ready(t)
  const urls = { HtmlContentUrl: `${web.base}/issue.html`, TextContentUrl: `${web.base}/issue.txt` }
  t.equal(web.hits.length, 0, 'nothing is fetched before a post')
  const first = await post(app, urls)
  t.equal(first.statusCode, 200, first.body)
  t.same(web.hits.sort(), ['/issue.html', '/issue.txt'])
  t.equal((await contentLookup(app, 'html', TRACK_ID, 1, { brand: 'QUX' })).body, HTML.replace('Hello', 'Edition 1'))
  t.equal((await contentLookup(app, 'text', TRACK_ID, 1, { brand: 'QUX' })).body, 'Plain text,\r\né and ✓')
  edition = 2
  t.equal((await post(app, urls)).statusCode, 200)
  t.equal(web.hits.length, 4, 'fetched again')
  t.equal((await contentLookup(app, 'html', TRACK_ID, 1, { brand: 'QUX' })).body, HTML.replace('Hello', 'Edition 2'))
  // A body given beside its URL wins, and the URL is not read.
  t.equal((await post(app, { HtmlContent: HTML, HtmlContentUrl: `${web.base}/issue.html` })).statusCode, 200)
  t.equal(web.hits.length, 4)
})

t.test("the fixtures' contentUrls win over the network, even with fetching off", async (t) => {
  const web = await site(t)
  const url = `${web.base}/mapped.html`
  web.routes.set('/mapped.html', serve('<html><body>from the network</body></html>'))
  for (const contentFetch of [true, false]) {
    const app = await ready(t, { [url]: HTML }, { contentFetch })
    const res = await post(app, { HtmlContentUrl: url })
    t.equal(res.statusCode, 200, res.body)
    t.equal((await contentLookup(app, 'html', TRACK_ID, 1, { brand: 'QUX' })).body, HTML)
  }
  t.same(web.hits, [], 'the server was never asked')
})

t.test('with fetching off, a URL not in contentUrls is refused and never fetched', async (t) => {
  const web = await site(t)
  web.routes.set('/issue.html', serve(HTML))
  const app = await ready(t, {}, { contentFetch: false })
  const url = `${web.base}/issue.html`
  await refusedXml(t, app, { HtmlContentUrl: url }, [notFetched('HtmlContentUrl', url,
    "it is not in the fixtures' contentUrls, and fetching is turned off (OMEDA_CONTENT_FETCH)")])
  await refusedXml(t, app, { HtmlContent: HTML, TextContentUrl: url }, [notFetched('TextContentUrl', url,
    "it is not in the fixtures' contentUrls, and fetching is turned off (OMEDA_CONTENT_FETCH)")])
  t.same(web.hits, [])
})

t.test('a server that never answers: refused after the timeout', async (t) => {
  const web = await site(t)
  web.routes.set('/slow.html', () => { /* never answers */ })
  web.routes.set('/half.html', (_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).write('<html>') })
  const app = await ready(t, {}, { contentFetchTimeout: 300 })
  const started = Date.now()
  await refusedXml(t, app, { HtmlContentUrl: `${web.base}/slow.html` }, [notFetched('HtmlContentUrl',
    `${web.base}/slow.html`, 'no answer within 300 ms (OMEDA_CONTENT_FETCH_TIMEOUT)')])
  t.ok(Date.now() - started < 5000, 'answered soon after the timeout')
  await refusedXml(t, app, { HtmlContentUrl: `${web.base}/half.html` }, [notFetched('HtmlContentUrl',
    `${web.base}/half.html`, 'no whole answer within 300 ms')])
})

t.test('a body larger than the cap is refused, declared or not', async (t) => {
  const web = await site(t)
  const big = `<html><body>${'x'.repeat(2000)}</body></html>`
  web.routes.set('/declared.html', serve(big))
  web.routes.set('/chunked.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.write(big.slice(0, 900))
    setTimeout(() => res.end(big.slice(900)), 20)
  })
  web.routes.set('/fits.html', serve(HTML))
  const app = await ready(t, {}, { contentFetchLimit: 1000 })
  for (const path of ['/declared.html', '/chunked.html']) {
    await refusedXml(t, app, { HtmlContentUrl: `${web.base}${path}` }, [notFetched('HtmlContentUrl',
      `${web.base}${path}`, 'it is larger than 1000 bytes (OMEDA_CONTENT_FETCH_LIMIT)')])
  }
  t.equal((await post(app, { HtmlContentUrl: `${web.base}/fits.html` })).statusCode, 200, 'under the cap')
})

t.test('a non-2xx answer, a refused connection and a redirect', async (t) => {
  const web = await site(t)
  web.routes.set('/broken.html', (_req, res) => res.writeHead(500).end('oops'))
  web.routes.set('/moved.html', (_req, res) => res.writeHead(302, { location: '/final.html' }).end())
  web.routes.set('/final.html', serve(HTML))
  const app = await ready(t)
  await refusedXml(t, app, { HtmlContentUrl: `${web.base}/missing.html` },
    [notFetched('HtmlContentUrl', `${web.base}/missing.html`, 'it answered HTTP 404')])
  await refusedXml(t, app, { TextContentUrl: `${web.base}/broken.html` },
    [notFetched('TextContentUrl', `${web.base}/broken.html`, 'it answered HTTP 500')])
  // A port nothing listens on: one a server had, closed.
  const spare = createServer()
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve))
  const dead = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/x.html`
  await new Promise((resolve) => spare.close(resolve))
  await refusedXml(t, app, { HtmlContentUrl: dead }, new RegExp('^The content of field \'HtmlContentUrl\' could not ' +
    `be fetched from '${dead.replaceAll('.', '\\.')}': the request failed \\(.*ECONNREFUSED.*\\)\\.$`))
  const moved = await post(app, { HtmlContentUrl: `${web.base}/moved.html` })
  t.equal(moved.statusCode, 200, 'a redirect is followed')
  t.equal((await contentLookup(app, 'html', TRACK_ID, 1, { brand: 'QUX' })).body, HTML)
})

t.test('a URL that is not http(s) is a body problem, read from nowhere', async (t) => {
  const web = await site(t)
  const app = await ready(t)
  for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x.html', 'javascript:alert(1)', 'not a url',
    `gopher://127.0.0.1:${new URL(web.base).port}/`, '//127.0.0.1/x.html']) {
    await refusedXml(t, app, { HtmlContentUrl: url },
      [`The value '${url}' for field 'HtmlContentUrl' is not an http or https URL.`])
  }
  t.same(web.hits, [])
})

t.test('nothing is fetched for a call refused before its content is read', async (t) => {
  const web = await site(t)
  web.routes.set('/issue.html', serve(HTML))
  const app = await ready(t)
  const url = `${web.base}/issue.html`
  const unknown = await post(app, { HtmlContentUrl: url }, 'QUX999999999')
  t.equal(unknown.statusCode, 404)
  t.same(xmlErrors(unknown), ["No deployment was found matching trackId 'QUX999999999'."])
  const stranger = await postContent(app, flat({ UserId: 'stranger', TrackId: TRACK_ID, SplitNumber: '1',
    FromName: 'Q', Mailbox: 'm', Subject: 'S', HtmlContentUrl: url }), { brand: 'QUX' })
  t.equal(stranger.statusCode, 403)
  t.same(web.hits, [])
})
