// Calls to the deployment resource (create POST, update PUT, clone) as a client makes them, a body
// that passes every rule, and the whole stored world (history included) to compare before and after.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { admin, appIdHeader, errorsOf, type OmedaCallOptions } from './helpers.js'

/** The sandbox's now in every test of these files: deployments dated after it are in the future. */
export const NOW = '2026-12-01 09:00:00'
/** A minute after NOW: the earliest DeploymentDate in the future. */
export const FUTURE = '2026-12-01 09:01'

/** `/webservices/rest/brand/FOO/omail/deployment{/clone}/*`, or the short form. */
export const deploymentUrl = (
  { brand = 'FOO', prefix = 'vendor', tail = '/*' }: OmedaCallOptions = {}, resource = ''
): string =>
  `${prefix === 'vendor' ? `/webservices/rest/brand/${brand}` : `/${brand}`}/omail/deployment${resource}${tail}`

function call(
  app: FastifyInstance, method: 'POST' | 'PUT', resource: string, body: unknown, options: OmedaCallOptions
): Promise<LightMyRequestResponse> {
  const { appId, headers = {} } = options
  return app.inject({
    method,
    url: deploymentUrl(options, resource),
    headers: { 'content-type': 'application/json', ...appIdHeader(appId), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export const create = (app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}) =>
  call(app, 'POST', '', body, options)
export const update = (app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}) =>
  call(app, 'PUT', '', body, options)
export const clone = (app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}) =>
  call(app, 'POST', '/clone', body, options)

/** A create body that passes every rule in the tests' world (FOO, type 12, omailAccount1). */
export const validCreate = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  DeploymentName: 'Spring issue', DeploymentDate: '2026-12-05 10:00', DeploymentTypeId: 12,
  OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1, ...extra,
})

/** The body with some fields left out. */
export const without = (body: Record<string, unknown>, ...fields: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !fields.includes(key)))

/** Sets the world's clock to NOW. */
export async function atNow(app: FastifyInstance): Promise<void> {
  await admin(app).setClock({ now: NOW })
}

/** Creates a deployment (it must succeed) and returns its TrackId. */
export async function created(app: FastifyInstance, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await create(app, validCreate(extra))
  if (res.statusCode !== 200) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return (res.json() as { TrackId: string }).TrackId
}

/** A deployment as lookup shows it (history included); the test fails when it is not found. */
export async function lookedUp(app: FastifyInstance, brand: string, trackId: string): Promise<Record<string, unknown>> {
  const res = await app.inject({ method: 'GET', url: `/__admin/deployments/${brand}/${trackId}/lookup` })
  if (res.statusCode !== 200) throw new Error(`no deployment ${brand} ${trackId}: ${res.body}`)
  return res.json() as Record<string, unknown>
}

/** The stored world: the export (apps, deployments, catalogue) and every deployment's history. */
export async function worldState(app: FastifyInstance): Promise<Record<string, unknown>> {
  const exported = await admin(app).fixtures()
  const histories: Record<string, unknown> = {}
  for (const d of exported.deployments) {
    histories[`${d.Brand} ${d.TrackId}`] = (await lookedUp(app, d.Brand, d.TrackId)).ModificationHistory
  }
  return { ...exported, histories }
}

/**
 * Sends a request that must be refused with exactly these errors and status; the stored world is the
 * same after it, and the journal has it with that status.
 */
export async function refused(
  t: Test, app: FastifyInstance, send: () => Promise<LightMyRequestResponse>, status: number, errors: string[],
  what = errors.join(' | ')
): Promise<void> {
  const before = await worldState(app)
  const res = await send()
  t.equal(res.statusCode, status, `${what}: status`)
  t.same(errorsOf(res), errors, `${what}: errors`)
  const { SubmissionId } = res.json() as { SubmissionId: string }
  t.same(await worldState(app), before, `${what}: nothing stored changed`)
  const journaled = await admin(app).submission(SubmissionId)
  t.equal(journaled?.StatusCode, status, `${what}: journaled with its status`)
}
