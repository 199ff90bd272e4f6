// Hostile calls to the on-demand send and to content lookup, property-based (fast-check, fixed
// seed): wrong types, nested junk, huge strings, unicode, garbage text and odd path parts. Never a
// 5xx; a refusal is JSON in the vendor's shape and puts nothing in the outbox; an on-demand success
// puts exactly one email there, to the address sent.
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { admin, appIdHeader, build, GUID } from './helpers.js'

const SEED = Number(process.env.HOSTILE_SEED ?? 20261205)
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300)
const TRIGGERED = 'BAZ261128001' // the tests' world's API triggered deployment, with content for split 1

const anyJson = fc.jsonValue({ maxDepth: 3 })
const hostile = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', 'x'.repeat(5000), '__proto__', 'http://127.0.0.1:9/x', 'ftp://x',
    'reader@example.com', 'not an address', 'TEXT', 'html', TRIGGERED, 'FOO261124001'),
  fc.array(anyJson, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 })
)
const NEAR: Record<string, unknown[]> = {
  TrackId: [TRIGGERED, 'FOO261124001', 'BAZ000000000'], EmailAddress: ['reader@example.com', 'a@b'],
  FirstName: ['Ada'], LastName: [null, ''], Subject: ['Hi'], TextContent: ['Text'], HtmlContent: ['<p>x</p>'],
  OmedaCustomerId: [12, '12'], Preference: ['TEXT', 'HTML', 'text'], FromName: ['Baz'], MergeVariables: ['a:1', []],
}
const body = fc.record(Object.fromEntries(Object.entries(NEAR).map(([key, near]) => [key,
  fc.option(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...near) }, hostile), { nil: undefined })])),
{ requiredKeys: [] })
const payload = fc.oneof(
  { weight: 6, arbitrary: body.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '[1,2', 'null', '')) }
)
const part = fc.oneof(fc.constantFrom('html', 'text', 'HTML', TRIGGERED, 'FOO261124001', '1', '2', '0', '-1', '%00',
  '%E2%80%AE', '..', '1e3'), fc.string({ maxLength: 20 }).map(encodeURIComponent))
const call = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), brand: fc.constantFrom('BAZ', 'BAZ', 'FOO', 'baz', 'QUX'), payload }),
  fc.record({ kind: fc.constant('lookup' as const), brand: fc.constantFrom('BAZ', 'FOO', 'QUX'),
    payload: fc.oneof(fc.constantFrom(`html/${TRIGGERED}/1`, `text/${TRIGGERED}/1`),
      fc.tuple(part, part, part).map((parts) => parts.join('/'))) })
)

/** The app id granted the brand (BAZ has one of its own), or one that is not. */
const appFor = (brand: string) => appIdHeader(brand.toUpperCase() === 'BAZ' ? 'baz-app-id' : undefined)
const outboxSize = async (app: FastifyInstance) => (await admin(app).outbox({ limit: 10_000 })).length

t.test(`${RUNS} hostile on-demand sends and content lookups: never 5xx, the vendor's shape, no email unless sent`,
  async (t) => {
    const app = await build(t)
    const seen: Record<string, number> = {}
    await fc.assert(fc.asyncProperty(call, async (c) => {
      const before = await outboxSize(app)
      const res = await app.inject(c.kind === 'send'
        ? { method: 'POST', url: `/webservices/rest/brand/${c.brand}/omail/deployemails/*`, payload: c.payload,
            headers: { 'content-type': 'application/json', ...appFor(c.brand) } }
        : { method: 'GET', url: `/webservices/rest/brand/${c.brand}/omail/deployment/content/lookup/${c.payload}/*`,
            headers: appFor(c.brand) })
      const context = `${c.kind} ${c.brand} ${c.payload.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`
      if (res.statusCode >= 500) throw new Error(`5xx: ${context}`)
      seen[`${c.kind} ${res.statusCode}`] = (seen[`${c.kind} ${res.statusCode}`] ?? 0) + 1
      const added = await outboxSize(app) - before
      if (res.statusCode === 200 && c.kind === 'lookup') {
        if (!/^text\/html/.test(String(res.headers['content-type']))) throw new Error(`not text/html: ${context}`)
        if (added !== 0) throw new Error(`a lookup sent an email: ${context}`)
        return
      }
      if (res.headers['content-type'] !== 'application/json') throw new Error(`not JSON: ${context}`)
      const json = JSON.parse(res.body) as Record<string, unknown>
      if (!GUID.test(String(json.SubmissionId))) throw new Error(`no SubmissionId: ${context}`)
      if (res.statusCode === 200) {
        if (json.Status !== 'Email Message submitted for delivery' || added !== 1) throw new Error(`a send: ${context}`)
        return
      }
      const errors = json.Errors
      if (!Array.isArray(errors) || errors.length === 0 ||
        !errors.every((e: unknown) => typeof (e as { Error?: unknown }).Error === 'string')) {
        throw new Error(`not the vendor error shape: ${context}`)
      }
      if (added !== 0) throw new Error(`a refusal sent an email: ${context}`)
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true })
    t.ok((seen['send 200'] ?? 0) > 0 && (seen['lookup 200'] ?? 0) > 0, `successes among them: ${JSON.stringify(seen)}`)
    t.ok((seen['send 400'] ?? 0) > 0 && (seen['lookup 404'] ?? 0) > 0, 'refusals among them')
  })
