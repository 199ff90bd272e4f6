// Hostile calls to audience add, status and remove, property-based (fast-check, fixed seed): wrong
// types, nested junk, arrays where objects go, huge strings, unicode, negative and fractional numbers,
// garbage text, odd brands and ListIds. Never a 5xx; a refusal is 400, 403, 404 or 409 in the vendor's
// shape and changes nothing stored; a success is the page's answer.
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { admin, build, GUID } from './helpers.js'
import {
  addAudience, audienceStatus, LOAD, removeAudience, SUBSCRIBERS, TRACK, USER,
} from './audience-requests.js'

const SEED = Number(process.env.HOSTILE_SEED ?? 20261205)
const RUNS = Number(process.env.HOSTILE_RUNS ?? 400)
const TRACK_IDS = [TRACK, 'FOO261127002', 'FOO261124001', 'FOO261127003', 'BAR261124002', 'FOO000000000']

const anyJson = fc.jsonValue({ maxDepth: 3 })
const hostile = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.integer({ min: -3, max: 4 }), fc.double({ noNaN: true }),
  fc.constantFrom(0.5, -1, 1e21, -0, 2 ** 53 + 2, 1.0000001),
  fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('1', '0', '-1', '', ' ', '\u0000', '\u202e', 'ｆｏｏ', '😀'.repeat(60), 'x'.repeat(5000),
    'a.csv', 'a.CSV', '.csv', 'x.xls', 'http://127.0.0.1:9/', 'javascript:alert(1)', '__proto__', 'constructor',
    "'; DROP TABLE audience_lists; --", ...TRACK_IDS),
  fc.array(anyJson, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
  anyJson
)
const LIST_NEAR: Record<string, unknown[]> = {
  RecipientList: [SUBSCRIBERS, 'partial.csv', 'bounced.txt', 'legacy.xls', 'nope.csv', 'names-only.csv',
    'two-emails.csv'],
  OmailOutput: ['weekly-output.csv', 'gone.csv'], QueryName: ['Active subscribers', 'Lapsed readers', 'Nobody'],
  OutputCriteria: ['Default'], ListNumber: [1, 2], SplitNumber: [1, 2, 3], RemoveDuplicates: [0, 1],
  SuppressHardBounces: [0, 1], CallbackURLs: [['http://127.0.0.1:9/cb'], ['ftp://x'], []],
}
const TOP_NEAR: Record<string, unknown[]> = {
  UserId: [USER, 'qaLead', 'newHire'], TrackId: TRACK_IDS, ApplyBrandLevelDefaultSuppressions: [0, 1],
}
const value = (near: unknown[] | undefined) =>
  fc.option(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...near ?? [null]) }, hostile), { nil: undefined })
const record = (near: Record<string, unknown[]>) =>
  fc.record(Object.fromEntries(Object.entries(near).map(([k, v]) => [k, value(v)])), { requiredKeys: [] })
const entry = fc.oneof({ weight: 3, arbitrary: record(LIST_NEAR) }, hostile)
const addBody = fc.tuple(record(TOP_NEAR), fc.oneof(
  record(LIST_NEAR),
  fc.record({ Audience: fc.oneof(fc.array(entry, { maxLength: 3 }), hostile) }),
  fc.tuple(record(LIST_NEAR), fc.record({ Audience: fc.array(entry, { maxLength: 2 }) }))
    .map(([a, b]) => ({ ...a, ...b }))
)).map(([top, lists]) => ({ ...top, ...lists }))
const removeBody = record({
  UserId: TOP_NEAR.UserId!, TrackId: TRACK_IDS, RecipientList: LIST_NEAR.RecipientList!, QueryName: ['Nobody'],
  SplitNumber: [1, 2],
})
/** Bodies that pass (the world holds list 1000001 on TRACK), with a field replaced now and then. */
const VALID = [
  { UserId: USER, TrackId: 'FOO261127002', RecipientList: 'partial.csv', SplitNumber: 1 },
  { UserId: USER, TrackId: TRACK, QueryName: 'Active subscribers', SplitNumber: 1, ListNumber: 1 },
  { UserId: USER, TrackId: TRACK, OmailOutput: 'weekly-output.csv', SplitNumber: 2, CallbackURLs: [] },
  { UserId: USER, TrackId: 'FOO261124003', Audience: [{ QueryName: 'Lapsed readers', SplitNumber: 1 }] },
  { UserId: USER, TrackId: TRACK }, { UserId: 'qaLead', TrackId: TRACK, RecipientList: SUBSCRIBERS },
]
const nearlyValid = fc.tuple(fc.constantFrom(...VALID),
  fc.dictionary(fc.constantFrom(...Object.keys({ ...TOP_NEAR, ...LIST_NEAR })), hostile, { maxKeys: 1 }))
  .map(([body, replaced]) => JSON.stringify({ ...body, ...replaced }))
const text = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(addBody, removeBody).map((b) => JSON.stringify(b)) },
  { weight: 4, arbitrary: nearlyValid },
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '[1,2', '{"UserId":}', 'null', '"x"', '')) }
)
const brand = fc.constantFrom('FOO', 'FOO', 'FOO', 'FOO', 'BAR', 'foo', 'BAZ', 'QUX', 'F%C3%96O', '%E2%80%AE', 'FOO%20')
const listId = fc.oneof(fc.constantFrom('1000001', '1000002', '1000003', '0', '-1', '1e6', ' 1000001', '１'),
  fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.nat().map(String))
const call = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), brand, prefix: fc.constantFrom('vendor', 'short'), payload: text }),
  fc.record({ kind: fc.constant('remove' as const), brand, prefix: fc.constantFrom('vendor', 'short'), payload: text }),
  fc.record({ kind: fc.constant('status' as const), brand, prefix: fc.constantFrom('vendor', 'short'),
    payload: listId })
)
type Call = { kind: 'add' | 'remove' | 'status'; brand: string; prefix: string; payload: string }

/** The export (RecipientCount, SplitCount, histories) and every list's status through FOO and BAR. */
async function snapshot(app: FastifyInstance): Promise<string> {
  const lists: string[] = []
  for (let id = 1000001; ; id++) {
    const answers = await Promise.all(['FOO', 'BAR'].map((b) => audienceStatus(app, id, { brand: b })))
    if (answers.every((a) => a.statusCode === 404)) break
    lists.push(answers.map((a) => `${a.statusCode} ${a.body.replace(/"SubmissionId":"[^"]*"/, '')}`).join(' | '))
  }
  return JSON.stringify({ world: await admin(app).fixtures(), lists })
}

function send(app: FastifyInstance, c: Call): Promise<LightMyRequestResponse> {
  // The brand stands in the URL as generated (some already percent-encoded).
  const options = { brand: c.brand, prefix: c.prefix as 'vendor' | 'short' }
  if (c.kind === 'status') return audienceStatus(app, encodeURIComponent(c.payload), options)
  return (c.kind === 'add' ? addAudience : removeAudience)(app, c.payload, options)
}

/** Back to the boot world, with one list (1000001) on split 1 of TRACK for status and remove to find. */
async function fresh(app: FastifyInstance): Promise<void> {
  await admin(app).reset()
  const res = await addAudience(app, { UserId: USER, TrackId: TRACK, RecipientList: SUBSCRIBERS, SplitNumber: 1 })
  if (res.statusCode !== 200) throw new Error(`could not add the first list: ${res.body}`)
}

const sameKeys = (value: object, keys: string[]) => JSON.stringify(Object.keys(value).sort()) === JSON.stringify(keys)

t.test(`${RUNS} hostile audience calls: never 5xx, the vendor's shape, nothing stored changed by a refusal`,
  async (t) => {
    const app = await build(t, { audienceLoadSeconds: LOAD })
    await fresh(app)
    const seen: Record<string, number> = {}
    await fc.assert(fc.asyncProperty(call, async (c) => {
      const before = await snapshot(app)
      const res = await send(app, c)
      const context = `${c.kind} ${c.brand} ${c.payload.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`
      if (res.statusCode >= 500) throw new Error(`5xx: ${context}`)
      if (res.headers['content-type'] !== 'application/json') throw new Error(`not JSON: ${context}`)
      const json = JSON.parse(res.body) as Record<string, unknown>
      // A removal answers its SubmissionId inside ResponseInfo, as the page shows.
      const info = (json.ResponseInfo as Record<string, unknown>[] | undefined)?.[0]
      const submissionId = c.kind === 'remove' && res.statusCode === 200 ? info?.SubmissionId : json.SubmissionId
      if (!GUID.test(String(submissionId))) throw new Error(`no SubmissionId: ${context}`)
      seen[`${c.kind} ${res.statusCode}`] = (seen[`${c.kind} ${res.statusCode}`] ?? 0) + 1
      if (res.statusCode !== 200) {
        if (![400, 403, 404, 409].includes(res.statusCode)) throw new Error(`unexpected status: ${context}`)
        const errors = json.Errors
        const shaped = sameKeys(json, ['Errors', 'SubmissionId']) && Array.isArray(errors) && errors.length > 0 &&
          errors.every((e: unknown) => typeof e === 'object' && e !== null && sameKeys(e, ['Error']) &&
            typeof (e as { Error: unknown }).Error === 'string' && (e as { Error: string }).Error.length > 0)
        if (!shaped) throw new Error(`not the vendor error shape: ${context}`)
        if (await snapshot(app) !== before) throw new Error(`a refusal changed the stored world: ${context}`)
        return
      }
      const shape = c.kind === 'status'
        ? typeof json.ListId === 'number' && json.AssignmentStatus === json.AssignmentStatusCode
        : c.kind === 'remove'
          ? sameKeys(json, ['ResponseInfo'])
          : sameKeys(json, ['ListId', 'SubmissionId', 'TrackId', 'Url']) ||
            sameKeys(json, ['ResponseInfo', 'SubmissionId', 'TrackId'])
      if (!shape) throw new Error(`not the page's answer: ${context}`)
      if (c.kind === 'status') {
        if (await snapshot(app) !== before) throw new Error(`a status changed the stored world: ${context}`)
      } else {
        if (await snapshot(app) === before) throw new Error(`a 200 changed nothing: ${context}`)
        await fresh(app)
      }
    }), { seed: SEED, numRuns: RUNS })
    t.comment(JSON.stringify(seen))
    for (const kind of ['add', 'remove', 'status']) {
      t.ok(seen[`${kind} 200`], `some ${kind} calls succeed`)
      t.ok(seen[`${kind} 400`] ?? seen[`${kind} 404`], `some ${kind} calls are refused`)
    }
  })
