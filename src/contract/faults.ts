// What a fault is, declared once: the admin API, fixture files, the client and the dashboard take
// the same fields. The endpoint scope's schema is given by the caller, so fixture files (which sit
// below the endpoint table) and the admin API (which names its endpoints) share the rest.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

export const FAULT_ACTIONS = [
  'status', 'delay', 'drop', 'apply-then-status', 'apply-then-drop',
  'respond', 'gateway', 'rate-limit', 'truncate', 'slow-body', 'reset',
] as const
export type FaultAction = (typeof FAULT_ACTIONS)[number]

/** The most a user-given answer body may hold, in characters. */
export const FAULT_BODY_LIMIT = 256 * 1024
/** The most headers or error texts a fault may give, and the longest any of them may be. */
export const FAULT_LIST_LIMIT = 32
export const FAULT_TEXT_LIMIT = 4096
/** The longest Retry-After a rate limit may give: a year, in seconds. */
export const RETRY_AFTER_LIMIT = 31_536_000
/** The longest wait any fault may add, in milliseconds. */
export const FAULT_WAIT_LIMIT = 120_000

const Wait = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: FAULT_WAIT_LIMIT, description }))

/** What a fault does: the fields of every action (which ones an action takes: ../sandbox/fault-rules.ts). */
export const FaultEffectFields = {
  action: Type.Union(FAULT_ACTIONS.map((a) => Type.Literal(a))),
  status: Type.Optional(Type.Integer({
    minimum: 200,
    maximum: 599,
    description: 'status, apply-then-status, gateway, and truncate or reset without apply: 400–599; respond: 200–599',
  })),
  errors: Type.Optional(Type.Array(Type.String({ maxLength: FAULT_TEXT_LIMIT }), {
    minItems: 1,
    maxItems: FAULT_LIST_LIMIT,
    description: 'the Error texts of a vendor-shaped answer (status, apply-then-status, rate-limit, truncate, reset)',
  })),
  body: Type.Optional(Type.String({ maxLength: FAULT_BODY_LIMIT, description: 'respond: the body, as sent' })),
  contentType: Type.Optional(Type.String({
    minLength: 1, maxLength: 200, description: 'respond: the Content-Type, sent as given (default application/json)',
  })),
  headers: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: FAULT_TEXT_LIMIT }), {
    maxProperties: FAULT_LIST_LIMIT,
    description: 'respond, gateway and rate-limit: headers added to the answer',
  })),
  retryAfter: Type.Optional(Type.Union([
    Type.Integer({ minimum: 0, maximum: RETRY_AFTER_LIMIT }),
    Type.String({ minLength: 1, maxLength: 64 }),
  ], { description: 'rate-limit: Retry-After, in seconds or as an HTTP date (default 60)' })),
  bytes: Type.Optional(Type.Integer({
    minimum: 0, description: 'truncate and reset: how many bytes of the body are sent (default half)',
  })),
  apply: Type.Optional(Type.Boolean({
    description: 'truncate and reset: whether the call takes effect before its answer is cut (default true)',
  })),
  durationMs: Type.Optional(Type.Integer({
    minimum: 1, maximum: FAULT_WAIT_LIMIT, description: 'slow-body: how long sending the body takes',
  })),
  chunks: Type.Optional(Type.Integer({
    minimum: 2, maximum: 1000, description: 'slow-body: in how many pieces (default 10)',
  })),
  delayMs: Wait('wait before acting; with delayMaxMs the least wait, with delayP99Ms the median'),
  delayMaxMs: Wait('with delayMs: a wait drawn evenly between the two'),
  delayP99Ms: Wait('with delayMs: a wait drawn from a log-normal law with that median and this 99th percentile'),
  probability: Type.Optional(Type.Number({
    minimum: 0, maximum: 1, description: 'the chance that a matching call is faulted (default 1)',
  })),
  seed: Type.Optional(Type.Integer({
    minimum: 0, maximum: 4_294_967_295, description: 'makes the chance and the waits a reproducible sequence',
  })),
}

/** A fault to register: its scope (any of brand, TrackId, endpoint, app id), how often, and what it does. */
export const faultSpecOf = <E extends TSchema>(endpoint: E) => Type.Object({
  brand: Type.Optional(Type.String({ minLength: 1, description: 'only calls to this brand' })),
  trackId: Type.Optional(Type.String({ minLength: 1, description: 'only calls about this TrackId' })),
  appId: Type.Optional(Type.String({ minLength: 1, description: 'only calls with this x-omeda-appid' })),
  endpoint: Type.Optional(endpoint),
  times: Type.Optional(Type.Integer({
    minimum: 1, description: 'how many calls it faults; omit for "until removed"',
  })),
  ...FaultEffectFields,
}, { additionalProperties: false })

/** A fault as a fixture file declares it: the endpoint is checked against the table when the file is loaded. */
export const FixtureFault = faultSpecOf(Type.String({ minLength: 1, description: 'only calls to this endpoint' }))
export type FixtureFault = Static<typeof FixtureFault>

/** What a fault does, without its scope. */
export type FaultEffect = Omit<FixtureFault, 'brand' | 'trackId' | 'appId' | 'endpoint' | 'times'>
