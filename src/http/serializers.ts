// The answers' serializers (fast-json-stringify), built once per schema in a process. Fastify
// builds one for every status of every route of every app; the emulator's routes share their
// error answers' schemas, and every app in a process (one startEmulator() per test file, or per
// test) declares the same ones, so building each once made most of a start's time go away.
// The builder is Fastify's own default (its dependency, which it would load itself).
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifySerializerCompiler } from 'fastify'

type Compile = ReturnType<ReturnType<typeof SerializerSelector>>
type Serializer = ReturnType<Compile>

/** No app adds shared schemas (`addSchema`), so a schema's text alone decides its serializer. */
let build: Compile | undefined
const byObject = new WeakMap<object, Serializer>()
const byText = new Map<string, Serializer>()

/** Fastify's serializer compiler, remembering what it built by schema (the object, else its JSON text). */
export const cachedSerializer: FastifySerializerCompiler<unknown> = ({ schema, method, url, httpStatus = '' }) => {
  const route = { schema, method, url, httpStatus }
  if (typeof schema !== 'object' || schema === null) return (build ??= SerializerSelector()({}))(route)
  const known = byObject.get(schema)
  if (known) return known
  const text = JSON.stringify(schema)
  let serializer = byText.get(text)
  if (serializer === undefined) {
    serializer = (build ??= SerializerSelector()({}))(route)
    byText.set(text, serializer)
  }
  byObject.set(schema, serializer)
  return serializer
}
