// Content racing a schedule, and content racing content, on deployments ready to schedule, through
// any way of reaching the emulator (app.inject(), a socket, two processes on one file). What each
// order must leave: a schedule always succeeds; a content post either lands before it (its history
// line first, its content stored and sent) or is refused as not editable with the content unchanged.
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { AdminClient } from '../src/client.js'
import { admin, appIdHeader } from './helpers.js'

export const USER = 'omailAccount1'
export const NOW = '2026-12-01 09:00:00'
/** The future schedule of the rounds that do not send at once; the clock is moved past it at the end. */
const LATER = '2026-12-20 09:00'
const CONTENT_CHANGED = 'split #1: message header and content changed'
const CANNOT_BE_EDITED = (trackId: string) =>
  `Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.`

export interface Answer { status: number; text: string; type: string }

/** One way of reaching the emulator; `via` picks a process where there are several. */
export interface Omeda {
  /** A JSON call to `{brand}/omail/deployment/{resource}*`. */
  json: (method: 'GET' | 'POST', resource: string, body?: unknown, via?: number) => Promise<Answer>
  content: (xml: string, via?: number) => Promise<Answer>
  /** A GET of a path under the emulator, as a client follows a Url it was given. */
  get: (path: string, via?: number) => Promise<Answer>
  admin: AdminClient
}

const BASE = '/webservices/rest/brand/FOO/omail/deployment/'
const JSON_TYPE = { 'content-type': 'application/json' }
const XML_TYPE = { 'content-type': 'text/xml; charset=utf8' }

/** The emulator through app.inject(). */
export function injected(app: FastifyInstance): Omeda {
  const send = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: string) => {
    const res = await app.inject({ method, url, headers: { ...appIdHeader(), ...headers },
      ...(payload === undefined ? {} : { payload }) })
    return { status: res.statusCode, text: res.body, type: String(res.headers['content-type']) }
  }
  return {
    json: (method, resource, body) =>
      send(method, `${BASE}${resource}*`, body === undefined ? {} : JSON_TYPE, body === undefined
        ? undefined
        : JSON.stringify(body)),
    content: (xml) => send('POST', `${BASE}content/*`, XML_TYPE, xml),
    get: (path) => send('GET', path, {}),
    admin: admin(app),
  }
}

/** The emulator over HTTP: one server, or several on one file (call `via` goes to urls[via % n]). */
export function overHttp(urls: string[]): Omeda {
  const send = async (via: number, method: string, path: string, headers: Record<string, string>, body?: string) => {
    const res = await fetch(`${urls[via % urls.length]}${path}`,
      { method, headers: { ...appIdHeader(), ...headers }, ...(body === undefined ? {} : { body }) })
    return { status: res.status, text: await res.text(), type: String(res.headers.get('content-type')) }
  }
  return {
    json: (method, resource, body, via = 0) =>
      send(via, method, `${BASE}${resource}*`, body === undefined ? {} : JSON_TYPE, body === undefined
        ? undefined
        : JSON.stringify(body)),
    content: (xml, via = 0) => send(via, 'POST', `${BASE}content/*`, XML_TYPE, xml),
    get: (path, via = 0) => send(via, 'GET', path, {}),
    admin: new AdminClient({ baseUrl: urls[0]! }),
  }
}

/** A split's whole content, as the sends route shows it, each field marked with `tag`. */
const split = (tag: string) => ({
  Sequence: 1, FromName: `From ${tag}`, Mailbox: `box-${tag}`, Subject: `Subject ${tag}`,
  ReplyTo: `reply-${tag}@foo.example`, Preheader: `Preheader ${tag}`,
  HtmlContent: `<html><body><p>${tag}</p><a href="https://example.com/unsubscribe">Unsubscribe</a></body></html>`,
  TextContent: `Text ${tag}`,
})
type Split = ReturnType<typeof split>

/** The content page's body for `tag`: the flat CDATA form, or the <Splits> form; the HTML given or at `htmlUrl`. */
function contentXml(trackId: string, tag: string, form: 'flat' | 'splits', htmlUrl?: string): string {
  const { Sequence, Mailbox, HtmlContent, ...rest } = split(tag)
  const fields = { ...rest, ...(htmlUrl === undefined ? { HtmlContent } : { HtmlContentUrl: htmlUrl }) }
  const cdata = (entries: [string, string | number][]) => entries.map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
  const head = cdata([['UserId', USER], ['TrackId', trackId]])
  return form === 'flat'
    ? ['<Deployment>', ...head, ...cdata([['SplitNumber', Sequence], ['MailBox', Mailbox],
        ...Object.entries(fields)]), '</Deployment>'].join('\n')
    : `<?xml version="1.0" encoding="UTF-8"?><Deployment>${head.join('')}<Splits><Split>` +
      `${cdata([['SplitNumber', Sequence], ['Mailbox', Mailbox], ...Object.entries(fields)]).join('')}</Split>` +
      '</Splits></Deployment>'
}

const reader = new XMLParser({ isArray: (name) => name === 'Error', parseTagValue: false })

/** The errors of an XML answer of the content page, which must be well-formed XML. */
function xmlErrors(answer: Answer): string[] {
  if (XMLValidator.validate(answer.text) !== true) throw new Error(`not XML: ${answer.text}`)
  const parsed = reader.parse(answer.text) as { ResponseInfo: { Errors?: { Error: string[] } } }
  return parsed.ResponseInfo.Errors?.Error ?? []
}

async function must(what: string, answer: Promise<Answer>): Promise<Answer> {
  const res = await answer
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${res.text}`)
  return res
}

/**
 * New deployments of FOO ready to schedule, made as the checklist makes them: created, a query
 * audience (loaded at once), content tagged `first <n>`, a test sent.
 */
export async function readyToSchedule(omeda: Omeda, n: number): Promise<string[]> {
  await omeda.admin.setClock({ now: NOW })
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const created = await must('create', omeda.json('POST', '', {
      DeploymentName: `Content race ${i}`, DeploymentDate: '2026-12-02 09:00', DeploymentTypeId: 12,
      OwnerUserId: USER, Splits: 1, TrackLinks: 1, TrackOpens: 1,
    }))
    const trackId = String((JSON.parse(created.text) as { TrackId: string }).TrackId)
    await must('audience', omeda.json('POST', 'audience/add/',
      { UserId: USER, TrackId: trackId, QueryName: 'Active subscribers', SplitNumber: 1 }))
    await must('content', omeda.content(contentXml(trackId, `first ${i}`, 'flat')))
    await must('send test', omeda.json('POST', 'sendtest/', { UserId: USER, TrackId: trackId }))
    ids.push(trackId)
  }
  return ids
}

/** What a deployment holds after a race: its history, its stored split, both content lookups, its sends. */
async function stored(omeda: Omeda, trackId: string) {
  const lookup = JSON.parse((await omeda.json('GET', `lookup/${trackId}/`)).text) as
    { Status: string; ModificationHistory: { ChangeDescription: string }[] }
  const sends = await omeda.admin.sends('FOO', trackId)
  const html = await omeda.get(`${BASE}content/lookup/html/${trackId}/1/*`)
  const text = await omeda.get(`${BASE}content/lookup/text/${trackId}/1/*`)
  return {
    status: lookup.Status, history: lookup.ModificationHistory.map((e) => e.ChangeDescription),
    split: sends?.Splits[0], html: html.text, text: text.text,
  }
}

/** The clock's send of a deployment: one entry of its only split, carrying `content`. */
async function sentWith(t: Test, omeda: Omeda, trackId: string, content: Split, what: string) {
  const entries = await omeda.admin.outbox({ kind: 'deployment', trackId })
  t.match(entries, [{
    SplitNumber: 1, FromName: content.FromName, FromEmail: `${content.Mailbox}@foo.example`, Subject: content.Subject,
    HtmlContent: content.HtmlContent, TextContent: content.TextContent,
  }], `${what}: the clock sent the content stored when it was scheduled`)
  t.equal(entries.length, 1, `${what}: sent once`)
}

/** A local site whose pages answer only when released: a content post held while it reads its URL. */
export interface Holder {
  /** A page's URL; `reached` resolves when a request for it arrives, `release` answers it with `body`. */
  hold: (name: string) => { url: string; reached: Promise<void>; release: (body: string) => void }
}

/** A Holder on 127.0.0.1:0, closed (with any request it holds) when `t` ends. */
export async function holder(t: Test): Promise<Holder> {
  const waiting = new Map<string, (res: ServerResponse) => void>()
  const server = createServer((req, res) => {
    const arrived = waiting.get(req.url ?? '')
    if (arrived) arrived(res)
    else res.writeHead(404).end('not held')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    hold: (name) => {
      let answer: ServerResponse | undefined
      let body: string | undefined
      const send = () => answer?.writeHead(200, { 'content-type': 'text/html' }).end(body)
      const reached = new Promise<void>((resolve) => waiting.set(`/${name}`, (res) => {
        answer = res
        resolve()
        if (body !== undefined) send()
      }))
      return { url: `${base}/${name}`, reached, release: (html) => { body = html; send() } }
    },
  }
}

/**
 * Round i on ids[i]: a content post tagged `race <i>` and a schedule ([NOW] on even rounds, LATER on
 * odd ones). Rounds 0 and 1 of every four send both at once, the content first; round 2, the
 * schedule first; round 3 holds the content post while it reads its HtmlContentUrl (past its first
 * check of the deployment), schedules meanwhile, then lets it go: it must be refused. With several
 * processes the two calls of a round go to different ones. Returns how many content posts landed.
 */
export async function contentRacingSchedule(t: Test, omeda: Omeda, ids: string[], site: Holder): Promise<number> {
  const rounds = await Promise.all(ids.map(async (trackId, i) => {
    const form = i % 3 === 0 ? 'splits' : 'flat'
    const schedule = () => omeda.json('POST', 'schedule/',
      { UserId: USER, TrackId: trackId, ScheduledDate: i % 2 === 0 ? '[NOW]' : LATER }, i + 1)
    if (i % 4 === 3) {
      const page = site.hold(`race-${i}`)
      const post = omeda.content(contentXml(trackId, `race ${i}`, form, page.url), i)
      await page.reached
      const scheduled = await schedule()
      page.release(split(`race ${i}`).HtmlContent)
      return { trackId, i, content: await post, scheduled }
    }
    const post = () => omeda.content(contentXml(trackId, `race ${i}`, form), i)
    const [content, scheduled] = i % 4 < 2
      ? await Promise.all([post(), schedule()])
      : await Promise.all([schedule(), post()]).then(([s, c]): [Answer, Answer] => [c, s])
    return { trackId, i, content, scheduled }
  }))
  for (const { trackId, content } of rounds.filter((r) => r.i % 4 === 3)) {
    t.equal(content.status, 400, `${trackId}: scheduled while the content post read its URL: refused`)
  }
  let landed = 0
  for (const { trackId, i, content, scheduled } of rounds) {
    const what = `${trackId} (${i % 2 === 0 ? '[NOW]' : LATER})`
    t.equal(scheduled.status, 200, `${what}: the schedule succeeds ${scheduled.text}`)
    const expected = split(content.status === 200 ? `race ${i}` : `first ${i}`)
    if (content.status === 200) {
      landed++
    } else {
      t.equal(content.status, 400, `${what}: the content post is refused, not failed ${content.text}`)
      t.equal(content.type, 'application/xml')
      t.same(xmlErrors(content), [CANNOT_BE_EDITED(trackId)], `${what}: refused as not editable`)
    }
    const after = await stored(omeda, trackId)
    t.equal(after.status, i % 2 === 0 ? 'Sent' : 'Scheduled', `${what}: its status`)
    t.same(after.split, expected, `${what}: the content ${content.status === 200 ? 'posted' : 'before'}, whole`)
    t.same([after.html, after.text], [expected.HtmlContent, expected.TextContent], `${what}: content lookup`)
    const changes = after.history.filter((d) => d === CONTENT_CHANGED).length
    t.equal(changes, content.status === 200 ? 2 : 1, `${what}: a content change in the history only if it landed`)
    t.ok(after.history.lastIndexOf(CONTENT_CHANGED) < after.history.indexOf('Deployment scheduled'),
      `${what}: content changed before the deployment was scheduled`)
    if (i % 2 === 0) await sentWith(t, omeda, trackId, expected, what)
    else t.same(await omeda.admin.outbox({ kind: 'deployment', trackId }), [], `${what}: not due yet`)
  }
  // The clock reaches the later schedule: those rounds are sent (by the lookup that finds them due)
  // with what they held.
  await omeda.admin.setClock({ now: `${LATER}:00` })
  for (const { trackId, i, content } of rounds.filter((r) => r.i % 2 === 1)) {
    t.equal((await stored(omeda, trackId)).status, 'Sent', `${trackId}: sent at its time`)
    await sentWith(t, omeda, trackId, split(content.status === 200 ? `race ${i}` : `first ${i}`), `${trackId} later`)
  }
  return landed
}

/**
 * Two content posts to split 1 of each deployment at once (the flat form and the <Splits> form, each
 * through another process where there are several): both succeed, one whole content is stored (never
 * fields of both), both are in the history, and [NOW] sends the stored one.
 */
export async function contentRacingContent(t: Test, omeda: Omeda, ids: string[]): Promise<void> {
  const results = await Promise.all(ids.map((trackId, i) => Promise.all([
    omeda.content(contentXml(trackId, `left ${i}`, 'flat'), i),
    omeda.content(contentXml(trackId, `right ${i}`, 'splits'), i + 1),
  ])))
  for (const [i, trackId] of ids.entries()) {
    t.same(results[i]!.map((r) => r.status), [200, 200], `${trackId}: both posts succeed`)
    const after = await stored(omeda, trackId)
    const candidates = [split(`left ${i}`), split(`right ${i}`)]
    const whole = candidates.find((c) => c.FromName === after.split?.FromName)
    t.same(after.split, whole ?? candidates[0], `${trackId}: one post's content, whole`)
    t.same([after.html, after.text], [whole?.HtmlContent, whole?.TextContent], `${trackId}: content lookup agrees`)
    t.equal(after.history.filter((d) => d === CONTENT_CHANGED).length, 3, `${trackId}: the first and both posts`)
    t.equal((await omeda.json('POST', 'schedule/', { UserId: USER, TrackId: trackId, ScheduledDate: '[NOW]' })).status,
      200)
    t.equal(JSON.parse((await omeda.json('GET', `lookup/${trackId}/`)).text).Status, 'Sent')
    if (whole) await sentWith(t, omeda, trackId, whole, trackId)
  }
}
