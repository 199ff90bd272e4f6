// Validation for Omeda request bodies. The TypeBox schema decides what is valid; the messages say
// what was wrong in the vendor's words, one per field, every field checked in one pass. String
// fields are trimmed first: whitespace-only counts as missing, so " FOO1 " means FOO1.
import type { TObject, TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { FastifySchemaCompiler } from 'fastify'
import { aJsonTypeOf, documented, emulator, jsonTypeOf, withArticle } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && !/\S/.test(value))

function fieldMessage(field: string, schema: TSchema, value: unknown, required: boolean): string | undefined {
  if (isBlank(value)) return required ? documented.required(field) : undefined
  const expected = schema.type as string
  if (jsonTypeOf(value) !== expected) return emulator.wrongType(field, withArticle(expected), aJsonTypeOf(value))
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && value.length > schema.maxLength)
    return documented.maxLength(value, field, schema.maxLength)
  return undefined
}

/** Every problem with a request body, in schema order. */
export function bodyProblems(schema: TObject, body: unknown): string[] {
  if (jsonTypeOf(body) !== 'object') return [emulator.bodyNotObject(aJsonTypeOf(body))]
  const required = new Set(schema.required ?? [])
  const problems: string[] = []
  for (const [field, fieldSchema] of Object.entries(schema.properties)) {
    const value: unknown = Object.getOwnPropertyDescriptor(body, field)?.value
    const message = fieldMessage(field, fieldSchema, value, required.has(field))
    if (message) problems.push(message)
  }
  return problems
}

/** The body with its top-level strings trimmed; anything else as it came. */
function trimmed(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  return Object.fromEntries(Object.entries(body).map(([key, field]: [string, unknown]) => [key, typeof field === 'string' ? field.trim() : field]))
}

export const vendorValidatorCompiler: FastifySchemaCompiler<TObject> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema)
  return (input: unknown) => {
    const value = httpPart === 'body' ? trimmed(input) : input
    if (check.Check(value)) return { value }
    const problems = bodyProblems(schema, value)
    const fallback = [...check.Errors(value)].map((e) => emulator.badRequest(`${e.path || '/'} ${e.message}`))
    return { error: new OmedaError(400, problems.length > 0 ? problems : fallback.slice(0, 1)) }
  }
}
