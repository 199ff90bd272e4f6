// The journal, read from outside: what the app under test sent and what it got back, newest first,
// filterable, countable ("did my app cancel FOO123 exactly once as omailAccount1?") and clearable.
import { Type } from '@sinclair/typebox'
import { Submission, SubmissionFilter, SubmissionQuery } from '../contract/admin.js'
import type { TypedApp } from '../http/typed-app.js'
import type { Journal } from '../sandbox/journal.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Tenancy } from '../world/tenancy.js'
import { optionalScope } from './scope.js'

export function submissionRoutes(app: TypedApp, { journal, tenancy }: { journal: Journal; tenancy: Tenancy }): void {
  app.get('/submissions', {
    schema: {
      summary: 'Journaled submissions, newest first',
      querystring: SubmissionQuery,
      response: { 200: Type.Object({ submissions: Type.Array(Submission) }) },
    },
  }, async (request) => ({ submissions: journal.list({ ...request.query, tenant: optionalScope(tenancy, request) }) }))

  app.get('/submissions/:submissionId', {
    schema: {
      summary: 'One journaled submission',
      params: Type.Object({ submissionId: Type.String() }),
      response: { 200: Submission }
    },
  }, async (request) => {
    const { submissionId } = request.params
    const found = journal.find(submissionId.toUpperCase(), optionalScope(tenancy, request))
    if (!found) throw new OmedaError(404, emulator.noSuchSubmission(submissionId))
    return found
  })

  app.post('/submissions/count', {
    schema: {
      summary: 'Count matching submissions',
      body: SubmissionFilter,
      response: { 200: Type.Object({ count: Type.Integer() }) }
    },
  }, async (request) => ({ count: journal.count({ ...request.body, tenant: optionalScope(tenancy, request) }) }))

  app.delete('/submissions', { schema: { summary: 'Clear the journal' } }, async (request) => {
    journal.clear(optionalScope(tenancy, request))
    return { cleared: true }
  })
}
