// Validation for Omeda request bodies. The TypeBox schema decides what is valid; the messages say
// what was wrong in the vendor's words, one per field, every field checked in one pass. String
// fields are trimmed first: whitespace-only counts as missing, so " FOO1 " means FOO1.
import { FormatRegistry, type TObject, type TSchema } from '@sinclair/typebox'
import { isValidVendorDate } from '../clock/vendor-time.js'
import { NOW } from '../contract/omeda.js'
import type { FastifySchemaCompiler } from 'fastify'
import { aJsonTypeOf, documented, emulator, jsonTypeOf, withArticle } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { compiledCheck } from '../schema-check.js'

const isBlank = (value: unknown) => value === undefined || value === null ||
  (typeof value === 'string' && !/\S/.test(value))

/** `yyyy-MM-dd HH:mm`, a real minute: how the vendor takes dates in requests. */
const isVendorMinute = (text: string) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(text) && isValidVendorDate(`${text}:00`)
/** The request formats, and how messages describe them. */
const FORMATS: Record<string, { check: (text: string) => boolean; words: string }> = {
  'omeda-minute': { check: isVendorMinute, words: 'a date and time as yyyy-MM-dd HH:mm' },
  'omeda-schedule-date': {
    check: (text) => text === NOW || isVendorMinute(text),
    words: `a date and time as yyyy-MM-dd HH:mm, or ${NOW}`
  },
}
for (const [name, { check }] of Object.entries(FORMATS)) FormatRegistry.Set(name, check)

/** Whether a value has the JSON type a schema names (a schema naming none takes any). */
const hasType = (value: unknown, expected: unknown): boolean => {
  if (expected === undefined) return true
  return expected === 'integer' ? Number.isInteger(value) : jsonTypeOf(value) === expected
}

function fieldMessage(
  field: string, schema: TSchema, value: unknown, required: ((field: string) => string) | null
): string | undefined {
  if (isBlank(value)) return required?.(field)
  const expected = schema.type as string
  if (!hasType(value, expected)) return emulator.wrongType(field, withArticle(expected), aJsonTypeOf(value))
  if (typeof value === 'string' && typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    return documented.maxLength(value, field, schema.maxLength)
  }
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined
  if (typeof value === 'string' && format && !format.check(value)) {
    return emulator.notADateTime(value, field, format.words)
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) {
    return emulator.tooSmall(field, schema.minimum, value)
  }
  const items = (schema.items as TSchema | undefined)?.type
  const stray = Array.isArray(value) ? value.find((item) => !hasType(item, items)) : undefined
  if (stray !== undefined) return emulator.arrayOf(field, String(items), aJsonTypeOf(stray))
  return undefined
}

/** How an endpoint's page words its body problems, where that is not the default. */
export interface BodyWording {
  /** A missing required field (default: `The field '{fieldName}' is required.`). */
  required?: (fieldName: string) => string
  /**
   * Rules the schema cannot say: across fields, or inside a list's items. Their problems follow the
   * schema's, in the same answer. The body is an object, but its fields may be of any type.
   */
  rules?: (body: Readonly<Record<string, unknown>>) => string[]
}

/** Every problem with a request body, in schema order. */
export function bodyProblems(schema: TObject, body: unknown, wording: BodyWording = {}): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [emulator.bodyNotObject(aJsonTypeOf(body))]
  }
  const required = new Set(schema.required ?? [])
  const wordRequired = wording.required ?? documented.required
  const problems: string[] = []
  for (const [field, fieldSchema] of Object.entries(schema.properties)) {
    const value: unknown = Object.getOwnPropertyDescriptor(body, field)?.value
    const message = fieldMessage(field, fieldSchema, value, required.has(field) ? wordRequired : null)
    if (message) problems.push(message)
  }
  return [...problems, ...wording.rules?.(body as Record<string, unknown>) ?? []]
}

/**
 * The body with its top-level strings trimmed, and optional fields that are null or blank left out
 * (they do not restrict a search); anything else as it came.
 */
function normalized(body: unknown, required: ReadonlySet<string>): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const result: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(body)) {
    const value: unknown = typeof field === 'string' ? field.trim() : field
    if (required.has(key) || !isBlank(value)) result[key] = value
  }
  return result
}

/** Validates a route's parts against its schemas, a body in the words of its endpoint's page. */
export const bodyValidator = (wording: BodyWording = {}): FastifySchemaCompiler<unknown> => (definition) => {
  // The Omeda routes' parts are all objects (omedaParams and the body schemas).
  const schema = definition.schema as TObject
  const { httpPart } = definition
  const check = compiledCheck(schema)
  const required = new Set(schema.required ?? [])
  const { rules } = wording
  // A required field left blank is missing, even where its schema would take an empty string.
  const blankRequired = (value: unknown) => httpPart === 'body' && typeof value === 'object' && value !== null &&
    [...required].some((field) => isBlank(Object.getOwnPropertyDescriptor(value, field)?.value))
  return (input: unknown) => {
    const value = httpPart === 'body' ? normalized(input, required) : input
    if (check.Check(value) && !blankRequired(value)) {
      const problems = httpPart === 'body' && rules ? rules(value as Record<string, unknown>) : []
      if (problems.length === 0) return { value }
      return { error: new OmedaError(400, problems) }
    }
    const problems = httpPart === 'body' ? bodyProblems(schema, value, wording) : bodyProblems(schema, value)
    const fallback = [...check.Errors(value)].map((e) => emulator.badRequest(`${e.path || '/'} ${e.message}`))
    return { error: new OmedaError(400, problems.length > 0 ? problems : fallback.slice(0, 1)) }
  }
}

export const bodyValidatorCompiler = bodyValidator()
