// Calls to the audience pages (add, status, remove) as clients make them, the sandbox dates an answer
// may carry, and the stored world with every list's status, to compare before and after a refusal.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { admin, appIdHeader, errorsOf, omedaUrl, type OmedaCallOptions } from './helpers.js'
import { worldState } from './deployment-requests.js'

/** The sandbox's now at the start of every test of these files. */
export const NOW = '2026-12-01 09:00:00'
/** Seconds a list takes to load in these tests: QUEUED for the first fifth (120), then IN_PROCESS. */
export const LOAD = 600
export const USER = 'omailAccount1'
/** A New deployment of FOO that omailAccount1 owns (seeded with no splits: it counts as one). */
export const TRACK = 'FOO261127001'
export const SUBSCRIBERS = 'subscribers_20261201_090000.csv'

export const audienceUrl = (resource: string, options: OmedaCallOptions = {}) =>
  omedaUrl(`audience/${resource}`, options)

function postTo(
  app: FastifyInstance, resource: string, body: unknown, options: OmedaCallOptions
): Promise<LightMyRequestResponse> {
  const { appId, headers = {} } = options
  return app.inject({
    method: 'POST', url: audienceUrl(resource, options),
    headers: { 'content-type': 'application/json', ...appIdHeader(appId), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export const addAudience = (app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}) =>
  postTo(app, 'add', body, options)
export const removeAudience = (app: FastifyInstance, body: unknown, options: OmedaCallOptions = {}) =>
  postTo(app, 'remove', body, options)

export function audienceStatus(
  app: FastifyInstance, listId: string | number, options: OmedaCallOptions = {}
): Promise<LightMyRequestResponse> {
  const { appId, headers = {} } = options
  return app.inject({
    method: 'GET', url: audienceUrl(`status/${listId}`, options), headers: { ...appIdHeader(appId), ...headers },
  })
}

/** A single-form add that passes every rule: the subscribers file on split 1 of TRACK. */
export const single = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ UserId: USER, TrackId: TRACK, RecipientList: SUBSCRIBERS, SplitNumber: 1, ...extra })

/** Adds a list (it must succeed) and returns its ListId as the answer gives it. */
export async function added(
  app: FastifyInstance, body: Record<string, unknown>, options: OmedaCallOptions = {}
): Promise<string> {
  const res = await addAudience(app, body, options)
  if (res.statusCode !== 200) throw new Error(`add failed: ${res.statusCode} ${res.body}`)
  return (res.json() as { ListId: string }).ListId
}

/** The status body of a list (it must answer 200). */
export async function statusOf(
  app: FastifyInstance, listId: string | number, options: OmedaCallOptions = {}
): Promise<Record<string, unknown>> {
  const res = await audienceStatus(app, listId, options)
  if (res.statusCode !== 200) throw new Error(`status ${listId}: ${res.statusCode} ${res.body}`)
  return res.json() as Record<string, unknown>
}

/** Sets the world's sandbox clock (to `now`, a vendor date). */
export async function clockAt(app: FastifyInstance, now: string, appId?: string): Promise<void> {
  await admin(app, appId === undefined ? {} : { appId }).setClock({ now })
}

const asUtc = (date: string) => Date.parse(`${date.replace(' ', 'T')}Z`)
const asDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')

/** A vendor date moved by some seconds (December: no daylight saving change in between). */
export const later = (date: string, seconds: number): string => asDate(asUtc(date) + seconds * 1000)

/** The sandbox's now; dates a call stamps fall between the nows read before and after it. */
export const sandboxNow = async (app: FastifyInstance, appId?: string): Promise<string> =>
  (await admin(app, appId === undefined ? {} : { appId }).clock()).now

/** Runs `send` and gives the dates it could have stamped: each second between the nows around it. */
export async function stamped<T>(
  app: FastifyInstance, send: () => Promise<T>
): Promise<{ result: T; dates: string[] }> {
  const from = await sandboxNow(app)
  const result = await send()
  const to = await sandboxNow(app)
  const dates: string[] = []
  for (let ms = asUtc(from); ms <= asUtc(to); ms += 1000) dates.push(asDate(ms))
  return { result, dates }
}

/** The messages one template gives over the dates a call could have stamped. */
export const overDates = <T>(dates: string[], message: (date: string) => T): T[] => dates.map(message)

/**
 * Everything stored that an audience call may change: the world's export (RecipientCount and
 * SplitCount included), each deployment's history, and each list's status through both brands'
 * URLs, up to the first ListId no brand knows (a list a refusal stored would show there).
 */
export async function audienceState(app: FastifyInstance, options: OmedaCallOptions = {}): Promise<unknown> {
  const lists: string[] = []
  for (let id = 1000001; ; id++) {
    const answers = await Promise.all(['FOO', 'BAR'].map((brand) => audienceStatus(app, id, { ...options, brand })))
    if (answers.every((a) => a.statusCode === 404)) break
    lists.push(answers.map((a) => {
      const { SubmissionId: _, ...rest } = a.json() as Record<string, unknown>
      return `${a.statusCode} ${JSON.stringify(rest)}`
    }).join(' | '))
  }
  return { world: await worldState(app), lists }
}

/**
 * Sends a call that must be refused with this status and one of these sets of errors (a set per
 * date the call could have stamped), leaves everything stored as it was, and is journaled.
 */
export async function refusedWith(
  t: Test, app: FastifyInstance, send: () => Promise<LightMyRequestResponse>, status: number,
  errors: string[] | string[][], what = JSON.stringify(errors)
): Promise<LightMyRequestResponse> {
  const before = await audienceState(app)
  const res = await send()
  t.equal(res.statusCode, status, `${what}: status`)
  const choices = Array.isArray(errors[0]) ? errors as string[][] : [errors as string[]]
  const got = errorsOf(res)
  t.ok(choices.some((c) => JSON.stringify(c) === JSON.stringify(got)), `${what}: errors`, { got, choices })
  t.same(await audienceState(app), before, `${what}: nothing stored changed`)
  const { SubmissionId } = res.json() as { SubmissionId: string }
  t.equal((await admin(app).submission(SubmissionId))?.StatusCode, status, `${what}: journaled with its status`)
  return res
}

/** Polls until `check` gives a value (not undefined), or fails after `ms`. */
export async function until<T>(
  what: string, check: () => T | undefined | Promise<T | undefined>, ms = 15000
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
