// Generated XML against the content page: random element trees, every truncation of a valid document,
// random bytes, deep nesting, entity bombs, external and parameter entities, CDATA edge cases and huge
// text. Every answer is below 500 and XML that fast-xml-parser reads; no entity is expanded nor
// fetched (a local server counts any request); nothing stored changes on a refusal.
import t, { type Test } from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { atNow } from './deployment-requests.js'
import {
  buildWithQux, contentLookup, contentState, fullSplit, postContent, quxDeployment,
} from './content-requests.js'

const TRACK_ID = 'QUX261127001'

/** A small seeded PRNG (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let r = Math.imul(a ^ (a >>> 15), 1 | a)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
}
const rand = random(25)
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T

const NAMES = ['Deployment', 'UserId', 'TrackId', 'SplitNumber', 'Splits', 'Split', 'HtmlContent', 'TextContent',
  'HtmlContentUrl', 'FromName', 'Mailbox', 'MailBox', 'Subject', '__proto__', 'constructor', 'x', 'a-b', 'ns:el']
const TEXTS = ['omailAccount1', TRACK_ID, '1', '2', '0', '-1', '', ' ', '&amp;', '&lt;b&gt;', '&#233;', '&#x1F600;',
  '<![CDATA[<html><body>x</body></html>]]>', '<![CDATA[]]>', 'é✓𝄞', 'http://127.0.0.1:1/', '&#0;', '&#xD800;']

function tree(depth: number): string {
  if (depth > 5 || rand() < 0.3) return pick(TEXTS)
  const name = pick(NAMES)
  const children = Array.from({ length: Math.floor(rand() * 4) }, () => tree(depth + 1)).join(rand() < 0.5 ? '' : '\n')
  return `<${name}>${children}</${name}>`
}

async function app(t: Test): Promise<{ app: FastifyInstance; hits: string[]; origin: string }> {
  const hits: string[] = []
  const server = createServer((req, res) => { hits.push(req.url ?? ''); res.end('root:x:0:0:fetched') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const built = await buildWithQux(t, { deployments: [quxDeployment(TRACK_ID, { Splits: [fullSplit(1)] })] })
  await atNow(built)
  return { app: built, hits, origin }
}

const reader = new XMLParser({ processEntities: false })

/** Below 500, XML in the page's shape that fast-xml-parser reads, and no expanded entity in it. */
function wellAnswered(t: Test, res: LightMyRequestResponse, what: string): boolean {
  const ok = res.statusCode < 500 && res.headers['content-type'] === 'application/xml' &&
    XMLValidator.validate(res.body) === true &&
    typeof (reader.parse(res.body) as { ResponseInfo?: { SubmissionId?: unknown } }).ResponseInfo?.SubmissionId ===
      'string' &&
    !/root:x:0:0|lollollol/.test(res.body)
  if (!ok) t.fail(`${what}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  return ok
}

/** Every document is refused, well answered, and leaves the world as it was. */
async function allRefused(t: Test, app: FastifyInstance, docs: string[], what: string, type?: string | null) {
  const before = await contentState(app, 'QUX', [TRACK_ID])
  let good = 0
  for (const [i, doc] of docs.entries()) {
    const res = await postContent(app, doc, { brand: 'QUX', ...(type === undefined ? {} : { type }) })
    if (res.statusCode === 200) t.fail(`${what} #${i} was accepted: ${doc.slice(0, 200)}`)
    else if (wellAnswered(t, res, `${what} #${i}`)) good++
  }
  t.equal(good, docs.length, `${what}: ${docs.length} refusals, each well answered`)
  t.same(await contentState(app, 'QUX', [TRACK_ID]), before, `${what}: nothing stored changed`)
}

const VALID = '<?xml version="1.0" encoding="UTF-8"?><Deployment><UserId>omailAccount1</UserId>' +
  `<TrackId>${TRACK_ID}</TrackId><Splits><Split><SplitNumber>1</SplitNumber><FromName><![CDATA[A & B]]></FromName>` +
  '<Mailbox>news</Mailbox><Subject>S &amp; T</Subject><HtmlContent><![CDATA[<html><body>' +
  '<a href="https://example.com/unsubscribe">u</a></body></html>]]></HtmlContent></Split></Splits></Deployment>'

t.test('random element trees, every truncation of a valid document, random bytes', async (t) => {
  const { app: a, hits } = await app(t)
  const trees = Array.from({ length: 300 }, () => `<Deployment>${tree(1)}${tree(1)}</Deployment>`)
  await allRefused(t, a, trees, 'random trees')
  await allRefused(t, a, Array.from({ length: VALID.length }, (_, n) => VALID.slice(0, n)), 'truncations')
  const bytes = Array.from({ length: 200 }, () => Buffer.from(
    Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))).toString('latin1'))
  await allRefused(t, a, bytes, 'random bytes')
  await allRefused(t, a, bytes.slice(0, 50).map((b) => `<Deployment>${b}</Deployment>`), 'random bytes inside')
  t.same(hits, [], 'no request left the emulator')
  // The valid document itself is accepted: the refusals above are the fuzz's, not a broken route.
  t.equal((await postContent(a, VALID, { brand: 'QUX', type: 'application/xml;charset=utf-8' })).statusCode, 200)
})

t.test('deep nesting and huge text', async (t) => {
  const { app: a } = await app(t)
  const nest = (depth: number) => `<Deployment>${'<Splits>'.repeat(depth)}${'</Splits>'.repeat(depth)}</Deployment>`
  await allRefused(t, a, [nest(10), nest(1000), nest(20_000), `<Deployment>${'<a>'.repeat(5000)}`], 'deep nesting')
  const huge = `<Deployment><UserId>${'x'.repeat(3 * 1024 * 1024)}</UserId></Deployment>`
  await allRefused(t, a, [huge, `<Deployment><HtmlContent><![CDATA[${'y'.repeat(600_000)}]]></HtmlContent>` +
    '</Deployment>'], 'huge text')
})

t.test('entity bombs, external and parameter entities: refused, never expanded or fetched', async (t) => {
  const { app: a, hits, origin } = await app(t)
  const body = `<Deployment><UserId>omailAccount1</UserId><TrackId>${TRACK_ID}</TrackId><SplitNumber>1</SplitNumber>` +
    '<FromName>&e;</FromName><Mailbox>m</Mailbox><Subject>S</Subject><HtmlContent>&e;</HtmlContent></Deployment>'
  const lols = Array.from({ length: 9 }, (_, i) =>
    `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('')
  const docs = [
    `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol0 "lol">${lols}<!ENTITY e "&lol9;">]>${body}`,
    `<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>${body}`,
    `<!DOCTYPE d [<!ENTITY e SYSTEM "${origin}/xxe">]>${body}`,
    `<!DOCTYPE d PUBLIC "-//X//Y" "${origin}/dtd">${body}`,
    `<!DOCTYPE d SYSTEM "${origin}/dtd">${body}`,
    `<!DOCTYPE d [<!ENTITY % p SYSTEM "${origin}/param">%p;]>${body}`,
    `<!DOCTYPE d [<!ENTITY % p "<!ENTITY e 'x'>">%p;]>${body}`,
    `<!doctype d [<!entity e "x">]>${body}`,
    `<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE d [\n<!ENTITY e "&#x26;#x3C;">\n]>\n${body}`,
    `<!ENTITY e "x">${body}`,
    body,
    body.replace('&e;', '&amp'),
    `<Deployment xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="${origin}/xi"/></Deployment>`,
    `<?xml-stylesheet href="${origin}/xsl"?><Deployment/>`,
  ]
  await allRefused(t, a, docs, 'entities')
  t.same(hits, [], 'the local server was never called')
})

t.test('CDATA edge cases: refused when broken, kept literally when whole', async (t) => {
  const { app: a, hits, origin } = await app(t)
  const wrap = (html: string) => `<Deployment><UserId>omailAccount1</UserId><TrackId>${TRACK_ID}</TrackId>` +
    `<SplitNumber>1</SplitNumber><FromName>F</FromName><Mailbox>m</Mailbox><Subject>S</Subject>${html}</Deployment>`
  await allRefused(t, a, [
    wrap('<HtmlContent><![CDATA[<html><body>x</body></html></HtmlContent>'),
    wrap('<HtmlContent><![CDATA[a]]>]]></HtmlContent>'),
    wrap('<HtmlContent><![CDATA[<![CDATA[x]]>]]></HtmlContent>'),
    wrap('<HtmlContent><![cdata[x]]></HtmlContent>'),
    `<![CDATA[${wrap('<HtmlContent>x</HtmlContent>')}]]>`,
    wrap('<HtmlContent><![CDATA[x]]><b>y</b></HtmlContent>'),
    `<!DOCTYPE d [<!ENTITY e SYSTEM "${origin}/x">]>${wrap('<HtmlContent><![CDATA[<html><body>&e;</body></html>]]>' +
      '</HtmlContent>')}`,
  ], 'broken CDATA')
  // Markup declarations and references inside CDATA are text: stored as written, nothing expanded.
  const literal = `<!DOCTYPE html><html><body><!ENTITY e SYSTEM "${origin}/x">&e; ]] &amp; ` +
    '<a href="https://example.com/unsubscribe">u</a></body></html>'
  const split = '<![CDATA[<html><body>a]]]]><![CDATA[>b</body></html>]]>'
  for (const [html, stored] of [[literal, literal], [split, '<html><body>a]]>b</body></html>']]) {
    const res = await postContent(a, wrap(`<HtmlContent><![CDATA[${html}]]></HtmlContent>`.replace(
      `<![CDATA[${split}]]>`, split)), { brand: 'QUX' })
    t.equal(res.statusCode, 200, res.body)
    t.equal((await contentLookup(a, 'html', TRACK_ID, 1, { brand: 'QUX' })).body, stored)
  }
  t.same(hits, [], 'the local server was never called')
})
