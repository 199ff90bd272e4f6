// TypeBox checks compiled once per schema in a process: every app it builds (each test's
// startEmulator()) validates its routes with the same schema objects, and compiling is most of the cost.
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'

const checks = new WeakMap<TSchema, TypeCheck<TSchema>>()

export function compiledCheck<T extends TSchema>(schema: T): TypeCheck<T> {
  const known = checks.get(schema)
  if (known !== undefined) return known as TypeCheck<T>
  const check = TypeCompiler.Compile(schema)
  checks.set(schema, check)
  return check
}
