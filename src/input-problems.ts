// Turns TypeBox validation errors into `/json/path: what is wrong` lines that a person can act on:
// what the place must hold and what it held instead. Used for fixture files and admin input alike.
import type { TSchema } from '@sinclair/typebox'
import type { TypeCheck } from '@sinclair/typebox/compiler'
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import { aJsonTypeOf, jsonTypeOf } from './messages.js'

const EXPECTED: Record<string, string> = {
  string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false',
  array: 'an array', object: 'an object', null: 'null',
}

/** What a schema accepts, in words: `a string`, `one of 'a', 'b'`, `a string or null`. */
function expected(schema: TSchema): string {
  const members = schema.anyOf as TSchema[] | undefined
  if (members && isChoice(schema)) return `one of ${members.map((m) => `'${m.const}'`).join(', ')}`
  if (members) return members.map(expected).join(' or ')
  if (schema.const !== undefined) return `'${schema.const}'`
  return EXPECTED[schema.type as string] ?? 'something else'
}

/** The value as a person would name it: `'abc'`, `42`, `true`, `null`, `an object`. */
function given(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return aJsonTypeOf(value)
}

const isChoice = (schema: TSchema) =>
  (schema.anyOf as TSchema[] | undefined)?.every((m) => m.const !== undefined) === true

// A list of choices says enough by itself; other expectations say what came instead.
const mismatch = (schema: TSchema, value: unknown) =>
  isChoice(schema) ? `must be ${expected(schema)}` : `must be ${expected(schema)}, but ${given(value)} was given`

function describe(error: ValueError): string {
  const { type, schema, value } = error
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty: return 'is required'
    case ValueErrorType.ObjectAdditionalProperties: return 'unknown property (check its spelling)'
    case ValueErrorType.StringMinLength: return schema.minLength === 1
      ? 'must not be empty'
      : `must be at least ${schema.minLength} characters`
    case ValueErrorType.StringMaxLength: return `must be at most ${schema.maxLength} characters`
    case ValueErrorType.StringPattern:
      return schema.errorMessage
        ? `must be ${schema.errorMessage}, but ${given(value)} was given`
        : `must match ${schema.pattern}`
    case ValueErrorType.ArrayMinItems: return schema.minItems === 1
      ? 'must not be empty'
      : `must hold at least ${schema.minItems} items`
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum: return `must be at least ${schema.minimum}, but ${given(value)} was given`
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum: return `must be at most ${schema.maximum}, but ${given(value)} was given`
    case ValueErrorType.Union: {
      // A value of the right JSON type for one member breaks that member's rule: name that rule.
      const fitting = (schema.anyOf as TSchema[]).filter((m) => m.type === jsonTypeOf(value) ||
        (m.type === 'integer' && typeof value === 'number'))
      const inner = fitting.length === 1 ? Value.Errors(fitting[0]!, value).First() : undefined
      return inner ? describe(inner) : mismatch(schema, value)
    }
    case ValueErrorType.Array: case ValueErrorType.Boolean: case ValueErrorType.Integer: case ValueErrorType.Literal:
    case ValueErrorType.Null: case ValueErrorType.Number: case ValueErrorType.Object: case ValueErrorType.String:
      return mismatch(schema, value)
    default: return error.message
  }
}

/** One line per failing JSON path (the first problem at each), in document order. */
export function schemaProblems<T extends TSchema>(check: TypeCheck<T>, value: unknown): string[] {
  if (check.Check(value)) return []
  const byPath = new Map<string, string>()
  for (const error of check.Errors(value)) {
    const path = error.path || '/'
    if (!byPath.has(path)) byPath.set(path, describe(error))
  }
  return [...byPath].map(([path, message]) => `${path}: ${message}`)
}
