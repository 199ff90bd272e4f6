// Turns TypeBox validation errors into `/json/path: what is wrong` lines that a person can act on.
// Used for fixture files and for admin API input alike.
import type { TSchema } from '@sinclair/typebox'
import type { TypeCheck } from '@sinclair/typebox/compiler'
import { ValueErrorType } from '@sinclair/typebox/errors'

function describe(type: ValueErrorType, schema: TSchema, fallback: string): string {
  const choices = (schema.anyOf as TSchema[] | undefined)?.map((s) => s.const).filter((c) => c !== undefined)
  if (type === ValueErrorType.Union && choices?.length) return `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`
  if (type === ValueErrorType.Union) return `must be ${(schema.anyOf as TSchema[]).map((s) => s.description ?? s.type).join(', or ')}`
  if (type === ValueErrorType.ObjectAdditionalProperties) return 'unknown property (check its spelling)'
  if (type === ValueErrorType.StringPattern && schema.description) return `${fallback} (${schema.description})`
  return fallback
}

/** One line per failing JSON path (the first problem at each), in document order. */
export function schemaProblems<T extends TSchema>(check: TypeCheck<T>, value: unknown): string[] {
  if (check.Check(value)) return []
  const byPath = new Map<string, string>()
  for (const error of check.Errors(value)) {
    const path = error.path || '/'
    if (!byPath.has(path)) byPath.set(path, describe(error.type, error.schema, error.message))
  }
  return [...byPath].map(([path, message]) => `${path}: ${message}`)
}
