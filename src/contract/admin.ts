// What the admin API takes and answers, declared once for the routes, the client and the tests.
// The admin API sits above the Omeda surface: the endpoints it names come from that surface's table.
import { Type, type Static } from '@sinclair/typebox'
import { ENDPOINT_NAMES } from '../omeda/endpoints.js'
import { FixtureApp, FixtureDeployment } from '../seed/format.js'
import { FixtureCatalogue } from '../seed/catalogue-format.js'
import { FaultEffectFields, faultSpecOf } from './faults.js'
import type { OutboxEntry } from './outbox.js'

const Endpoint = (description: string) => Type.Union(ENDPOINT_NAMES.map((e) => Type.Literal(e)), { description })

const Iso = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}T',
    description,
    errorMessage: 'an ISO-8601 time such as 2026-11-28T15:00:00Z'
  })
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) =>
  Type.Union([schema, Type.Null()])

/** What the admin API upserts into a world: any of a fixture document's lists. */
export const FixtureUpsert = Type.Object({
  apps: Type.Optional(Type.Array(FixtureApp)),
  deployments: Type.Optional(Type.Array(FixtureDeployment)),
  ...FixtureCatalogue.properties,
}, { additionalProperties: false })
export type FixtureUpsert = Static<typeof FixtureUpsert>

/** A journaled submission: what the app under test sent and what it got back. */
export const Submission = Type.Object({
  SubmissionId: Type.String(),
  ReceivedAt: Type.String(),
  Brand: Nullable(Type.String()),
  TrackId: Nullable(Type.String()),
  UserId: Nullable(Type.String()),
  Method: Type.String(),
  Path: Type.String(),
  Endpoint: Type.Union([Endpoint('the Omeda endpoint served; null for a URL nothing serves'), Type.Null()]),
  StatusCode: Type.Integer(),
  FaultId: Type.Union([Type.Integer(), Type.Null()], { description: 'the fault that shaped this answer' }),
  SkippedFaultId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'a fault that matched this call but, by its probability, did not fire',
  }),
  RequestBody: Type.Union([Type.String(), Type.Null()], {
    description: 'the request body as sent; null when none was read. Past ' +
      'OMEDA_JOURNAL_BODY_LIMIT characters (16384 by default) ' +
      "only that many are kept, followed by '…[truncated by the emulator: N characters in all]'",
  }),
  ResponseBody: Type.String({
    description: 'the response body as sent; empty for a dropped connection. ' +
      'Past OMEDA_JOURNAL_BODY_LIMIT characters (16384 by default) ' +
      "only that many are kept, followed by '…[truncated by the emulator: N characters in all]'",
  }),
})
export type Submission = Static<typeof Submission>

/** Which submissions to read or count; every field optional. */
export const SubmissionFilter = Type.Object({
  brand: Type.Optional(Type.String()),
  trackId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  statusCode: Type.Optional(Type.Integer({ minimum: 0, maximum: 599, description: '0 for a dropped connection' })),
  method: Type.Optional(Type.String({ description: 'GET for lookups, POST for the others' })),
  endpoint: Type.Optional(Endpoint('only submissions to this endpoint')),
  since: Type.Optional(Iso('ISO-8601 UTC time; only submissions received at or after it')),
  until: Type.Optional(Iso('ISO-8601 UTC time; only submissions received at or before it')),
}, { additionalProperties: false })
export type SubmissionFilter = Static<typeof SubmissionFilter>

export const SubmissionQuery = Type.Composite(
  [SubmissionFilter, Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) })],
  { additionalProperties: false })
export type SubmissionQuery = Static<typeof SubmissionQuery>

export { FAULT_ACTIONS, type FaultAction, type FaultEffect } from './faults.js'

/** A fault to register through the admin API: its endpoint scope is one the table serves. */
export const FaultSpec = faultSpecOf(Endpoint('only calls to this endpoint'))
export type FaultSpec = Static<typeof FaultSpec>

/** A registered fault, as the admin API shows it (the app id of a scope is never shown). */
export const Fault = Type.Object({
  id: Type.Integer(),
  brand: Nullable(Type.String()),
  trackId: Nullable(Type.String()),
  endpoint: Type.Union([Endpoint('only calls to this endpoint'), Type.Null()]),
  appScoped: Type.Boolean(),
  remaining: Nullable(Type.Integer()),
  ...FaultEffectFields,
  action: Type.String(),
  createdAt: Type.String(),
})
export type Fault = Static<typeof Fault>

export const ClockInput = Type.Object({
  now: Type.Optional(Type.String({ description: "yyyy-MM-dd HH:mm:ss in the vendor's zone" })),
  offsetSeconds: Type.Optional(Type.Number({ description: 'seconds ahead of (or, negative, behind) real time' })),
}, { additionalProperties: false, description: 'exactly one of now and offsetSeconds' })
export type ClockInput = Static<typeof ClockInput>

export const Clock = Type.Object({ now: Type.String(), offsetSeconds: Type.Number(), timeZone: Type.String() })
export type Clock = Static<typeof Clock>

/** What the event stream carries: a journaled submission, or a change made through the admin API. */
export const EVENT_TYPES = [
  'submission', 'reset', 'fixtures', 'fault-added', 'fault-removed', 'clock', 'outbox', 'restored',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** Which events a stream sends; every field optional. */
export const EventFilter = Type.Object({
  trackId: Type.Optional(Type.String({ description: 'only submissions and outbox entries about this TrackId' })),
  brand: Type.Optional(Type.String({ description: 'only submissions and outbox entries of this brand' })),
  statusCode: Type.Optional(Type.Integer({
    minimum: 0,
    maximum: 599,
    description: 'only submissions answered with this status'
  })),
  type: Type.Optional(Type.Union(EVENT_TYPES.map((e) => Type.Literal(e)), { description: 'only events of this type' })),
}, { additionalProperties: false })
export type EventFilter = Static<typeof EventFilter>

/** A change made through the admin API, as the event stream sends it. */
export type StateChange =
  | { type: 'reset'; reset: 'all' | 'tenant' }
  | { type: 'fixtures'; apps: number; deployments: number; catalogue: number }
  | { type: 'fault-added'; fault: Fault }
  | { type: 'fault-removed'; id: number | null }
  | { type: 'clock'; clock: Clock }
  | { type: 'restored'; snapshot: string }

/** An email the sandbox outbox received, as the event stream sends it. */
export interface OutboxEvent { type: 'outbox'; entry: OutboxEntry }

/** One event of the stream. A submission's id is its place in the journal (what Last-Event-ID resumes after). */
export type EmulatorEvent = { type: 'submission'; id: number; submission: Submission } | StateChange | OutboxEvent

/** The Omeda endpoints the emulator serves, for the dashboard's lists: fault scopes and the journal name them. */
export const EndpointList = Type.Object({
  endpoints: Type.Array(Type.Object({
    name: Type.String({ description: 'the name the journal and fault scopes use' }),
    method: Type.String({ description: 'the method it answers' }),
    path: Type.String({ description: 'its URL as the vendor writes it, e.g. ' +
      '/webservices/rest/brand/{brand}/omail/deployment/cancel/*' }),
    changesDeployment: Type.Boolean({ description: 'whether a success changes a deployment' }),
  })),
})
export type EndpointList = Static<typeof EndpointList>
export type EndpointInfo = EndpointList['endpoints'][number]
