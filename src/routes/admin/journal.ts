// The journal: what the app under test sent and what it got back, newest first, filterable,
// countable ("did my app cancel FOO123 exactly once as omailAccount1?") and clearable.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import type { Sandbox } from '../../sandbox.js'
import { optionalScope } from './scope.js'

const Iso = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T', description, errorMessage: 'an ISO-8601 time such as 2026-11-28T15:00:00Z' })

export const SubmissionFilter = Type.Object({
  brand: Type.Optional(Type.String()),
  trackId: Type.Optional(Type.String()),
  userId: Type.Optional(Type.String()),
  statusCode: Type.Optional(Type.Integer({ minimum: 0, maximum: 599, description: '0 for a dropped connection' })),
  method: Type.Optional(Type.String({ description: 'POST for cancels, GET for lookups' })),
  since: Type.Optional(Iso('ISO-8601 UTC time; only submissions received at or after it')),
  until: Type.Optional(Iso('ISO-8601 UTC time; only submissions received at or before it')),
}, { additionalProperties: false })
export type SubmissionFilter = Static<typeof SubmissionFilter>

const ListQuery = Type.Composite([SubmissionFilter, Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) })],
  { additionalProperties: false })

export const SubmissionRecord = Type.Object({
  SubmissionId: Type.String(),
  ReceivedAt: Type.String(),
  Brand: Type.Union([Type.String(), Type.Null()]),
  TrackId: Type.Union([Type.String(), Type.Null()]),
  UserId: Type.Union([Type.String(), Type.Null()]),
  Method: Type.String(),
  Path: Type.String(),
  StatusCode: Type.Integer(),
  FaultId: Type.Union([Type.Integer(), Type.Null()]),
  RequestBody: Type.Union([Type.String(), Type.Null()]),
  ResponseBody: Type.String(),
})

export function journalRoutes(app: FastifyInstance, { sandbox }: { sandbox: Sandbox }): void {
  const { store } = sandbox

  app.get('/submissions', {
    schema: {
      summary: 'Journaled submissions, newest first',
      querystring: ListQuery,
      response: { 200: Type.Object({ submissions: Type.Array(SubmissionRecord) }) },
    },
  }, async (request) => {
    const query = request.query as Static<typeof ListQuery>
    return { submissions: store.listSubmissions({ ...query, tenant: optionalScope(sandbox, request) }) }
  })

  app.get('/submissions/:submissionId', {
    schema: { summary: 'One journaled submission', params: Type.Object({ submissionId: Type.String() }), response: { 200: SubmissionRecord } },
  }, async (request) => {
    const { submissionId } = request.params as { submissionId: string }
    const found = store.findSubmission(submissionId.toUpperCase(), optionalScope(sandbox, request))
    if (!found) throw new OmedaError(404, emulator.noSuchSubmission(submissionId))
    return found
  })

  app.post('/submissions/count', {
    schema: { summary: 'Count matching submissions', body: SubmissionFilter, response: { 200: Type.Object({ count: Type.Integer() }) } },
  }, async (request) => ({
    count: store.countSubmissions({ ...(request.body as SubmissionFilter), tenant: optionalScope(sandbox, request) }),
  }))

  app.delete('/submissions', { schema: { summary: 'Clear the journal' } }, async (request) => {
    store.clearSubmissions(optionalScope(sandbox, request))
    return { cleared: true }
  })
}
