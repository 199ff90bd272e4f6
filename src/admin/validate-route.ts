// Validation for admin input: TypeBox decides, and every problem is named by its place
// (`body/deployments/0/Status: must be one of …`). Query strings are converted to their types first.
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifySchemaCompiler } from 'fastify'
import { compiledCheck } from '../schema-check.js'
import { OmedaError } from '../omeda-error.js'
import { schemaProblems } from '../input-problems.js'

export const adminValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = compiledCheck(schema)
  const part = httpPart ?? 'input'
  return (input: unknown) => {
    const value = part === 'body' ? input : Value.Convert(schema, input)
    if (check.Check(value)) return { value }
    const problems = schemaProblems(check, value).map((p) => `${part}${p.startsWith('/:') ? p.slice(1) : p}`)
    return { error: new OmedaError(400, problems) }
  }
}
