// Hostile bodies for create, update and clone, property-based (fast-check, fixed seed): wrong types
// everywhere, nested arrays and objects, huge strings, unicode, nulls, numbers as strings, negative
// and fractional numbers, prototype keys. Never a 5xx; a refusal is the vendor's error shape and
// changes nothing stored; a success is the page's answer and makes or changes one deployment.
import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { admin, build, GUID } from './helpers.js'
import { atNow, clone, create, lookedUp, update, validCreate } from './deployment-requests.js'

const SEED = Number(process.env.HOSTILE_SEED ?? 20261201)
const RUNS = Number(process.env.HOSTILE_RUNS ?? 1000)
const TRACK_IDS = ['FOO261124003', 'FOO261127001', 'FOO261127006', 'FOO261124001', 'FOO261127003', 'FOO261118001']
const ENDPOINTS = { create, update, clone } as const
type Endpoint = keyof typeof ENDPOINTS

const anyJson = fc.jsonValue({ maxDepth: 3 })
const hostile = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.integer({ min: -3, max: 12 }), fc.double({ noNaN: true }),
  fc.constantFrom(0.5, -1, 1e21, -0, 2 ** 53 + 2, 1.0000001),
  fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('1', '0', '12', '-1', '1.5', 'true', '', ' ', '\u0000', '\u202e', 'ｆｏｏ', '😀'.repeat(60),
    'x'.repeat(5000), '2026-12-05 10:00', '2026-12-05 10:00:00', '2020-01-01 00:00', 'omailAccount1', 'OMAILACCOUNT1',
    'retiredEditor', 'nobody', ...TRACK_IDS, '__proto__', 'constructor', "'; DROP TABLE deployments; --"),
  fc.array(anyJson, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
  anyJson
)
/** Values the rules take, so that some bodies pass and the later stages are reached. */
const NEAR: Record<string, unknown[]> = {
  DeploymentName: ['Spring', 'n'.repeat(81)], DeploymentDate: ['2026-12-05 10:00', '2026-12-01 09:00'],
  DeploymentTypeId: [12, 20, 99, 13], CampaignId: ['C-1', 'c'.repeat(60)], OwnerUserId: ['omailAccount1', 'qaLead'],
  FinalApproverUserId: ['qaLead', 'retiredEditor'], Splits: [1, 2], TrackLinks: [0, 1], TrackOpens: [0, 1],
  Notes: ['n'], ReloadOnqQueryBeforeFinalDeployment: [0, 1], BillingCategoryCode: ['O1230001', 'X'],
  UseContentRecommendation: [0, 1], ContentRecommendationBehaviorId: [123, 5], UseImagesInRecommendation: [0, 1],
  NumberOfRecommendations: [1, 10, 11], TrackId: TRACK_IDS, CloneTrackId: TRACK_IDS,
}
const value = (field: string) =>
  fc.option(fc.oneof(fc.constantFrom(...NEAR[field] ?? [null]), hostile), { nil: undefined })
const tester = fc.oneof(hostile, fc.record({
  FirstName: fc.oneof(fc.constant('A'), hostile), LastName: fc.oneof(fc.constant('B'), hostile),
  EmailAddress: fc.oneof(fc.constantFrom('a@b.test', 'A@B.TEST', 'c@d.test'), hostile),
  ReportRecipient: fc.option(fc.oneof(fc.constantFrom(0, 1), hostile), { nil: undefined }),
}, { requiredKeys: [] }))
const fields = Object.fromEntries(Object.keys(NEAR).map((field) => [field, value(field)]))
const extra = fc.option(fc.dictionary(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty'),
  fc.oneof(anyJson, fc.constant({ polluted: 'yes' }))), { nil: undefined })
const bodyObject = fc.record({
  ...fields, Testers: fc.option(fc.oneof(fc.array(tester, { maxLength: 3 }), hostile), { nil: undefined }), extra,
}, { requiredKeys: [] })
/** JSON text with `__proto__` and the like as plain keys (JSON.stringify would drop or misplace them). */
const objectText = ({ extra: more, ...rest }: Record<string, unknown>) =>
  `{${[...Object.entries((more ?? {}) as Record<string, unknown>), ...Object.entries(rest)]
    .filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`
/** A body each endpoint takes, with a field replaced now and then: later stages and successes are reached. */
const VALID: Record<Endpoint, Record<string, unknown>> = {
  create: validCreate(),
  update: { TrackId: 'FOO261124003', OwnerUserId: 'omailAccount1', Notes: 'n', DeploymentTypeId: 12 },
  clone: { CloneTrackId: 'FOO261124003', DeploymentDate: '2026-12-05 10:00', DeploymentName: 'Copy' },
}
const nearlyValid = (endpoint: Endpoint) => fc.dictionary(fc.constantFrom(...Object.keys(NEAR)), hostile, {
  maxKeys: 1,
}).map((replaced) => JSON.stringify({ ...VALID[endpoint], ...replaced }))
const request = fc.constantFrom<Endpoint>('create', 'update', 'clone').chain((endpoint) => fc.record({
  endpoint: fc.constant(endpoint),
  prefix: fc.constantFrom<'vendor' | 'short'>('vendor', 'short'),
  body: fc.oneof(
    { weight: 5, arbitrary: bodyObject.map(objectText) },
    { weight: 2, arbitrary: nearlyValid(endpoint) },
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) }
  ),
}))

/** Everything stored but the histories, and the history of each deployment a body may name. */
async function snapshot(app: FastifyInstance): Promise<{ deployments: string[]; histories: string[] }> {
  const { deployments } = await admin(app).fixtures()
  const histories = await Promise.all(TRACK_IDS.map(async (id) =>
    JSON.stringify((await lookedUp(app, 'FOO', id)).ModificationHistory)))
  return { deployments: deployments.map((d) => JSON.stringify(d)), histories }
}

const sameKeys = (value: object, keys: string[]) => JSON.stringify(Object.keys(value).sort()) === JSON.stringify(keys)

t.test(`${RUNS} hostile bodies: never 5xx, the vendor's shape, nothing stored changed by a refusal`, async (t) => {
  const app = await build(t)
  await atNow(app)
  const done: Record<Endpoint, number> = { create: 0, update: 0, clone: 0 }
  await fc.assert(fc.asyncProperty(request, async ({ endpoint, prefix, body }) => {
    const before = await snapshot(app)
    const res = await ENDPOINTS[endpoint](app, body, { prefix })
    const context = `${endpoint} ${body.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`
    if (res.statusCode >= 500) throw new Error(`5xx: ${context}`)
    if (res.headers['content-type'] !== 'application/json') throw new Error(`not JSON: ${context}`)
    const json = JSON.parse(res.body) as Record<string, unknown>
    if (!GUID.test(String(json.SubmissionId))) throw new Error(`no SubmissionId: ${context}`)
    const after = await snapshot(app)
    const changed = after.deployments.filter((d) => !before.deployments.includes(d))
    if (res.statusCode !== 200) {
      const errors = json.Errors
      const shaped = sameKeys(json, ['Errors', 'SubmissionId']) && Array.isArray(errors) && errors.length > 0 &&
        errors.every((e: unknown) => typeof e === 'object' && e !== null && sameKeys(e, ['Error']) &&
          typeof (e as { Error: unknown }).Error === 'string' && (e as { Error: string }).Error.length > 0)
      if (!shaped) throw new Error(`not the vendor error shape: ${context}`)
      if (changed.length > 0 || after.deployments.length !== before.deployments.length ||
        JSON.stringify(after.histories) !== JSON.stringify(before.histories)) {
        throw new Error(`a refusal changed the stored world: ${context}`)
      }
      return
    }
    const info = (json.ResponseInfo as Record<string, unknown>[] | undefined)?.[0]
    if (!sameKeys(json, ['ResponseInfo', 'SubmissionId', 'TrackId']) || !info ||
      !sameKeys(info, ['SubmissionId', 'TrackId', 'Url']) || info.TrackId !== json.TrackId) {
      throw new Error(`not the page's answer: ${context}`)
    }
    const added = after.deployments.length - before.deployments.length
    if (endpoint === 'update' ? added !== 0 || changed.length > 1 : added !== 1 || changed.length !== 1) {
      throw new Error(`a 200 must make (or change) one deployment: ${context}`)
    }
    done[endpoint]++
    await admin(app).reset()
    await atNow(app)
  }), { seed: SEED, numRuns: RUNS, endOnFailure: true })
  t.pass(`no counterexample in ${RUNS} runs (seed ${SEED})`)
  for (const [endpoint, n] of Object.entries(done)) t.ok(n > 0, `some bodies were successful ${endpoint} calls (${n})`)
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was touched')
})
