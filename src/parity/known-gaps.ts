// What a verify run leaves aside: the user's ignores (JSON path patterns, endpoint names, headers) and
// a known-gaps file, the differences a team has accepted, each with its reason, while the gap is open.
import { readFileSync } from 'node:fs'
import { Type, type Static } from '@sinclair/typebox'
import { compiledCheck } from '../schema-check.js'
import { ENDPOINT_NAMES } from '../omeda/endpoints.js'
import { pathPattern } from './json-paths.js'
import { DIFFERENCE_KINDS, type Finding } from './answer-diff.js'

/** A session file, a known-gaps file or an option verify cannot use: one line, exit 2. */
export class VerifyInputError extends Error {
  override name = 'VerifyInputError'
}

/** The endpoint an entry whose URL matches none of the table's is counted under. */
export const OTHER_ENDPOINT = 'other'

const GapSchema = Type.Object({
  /** One exchange, by its index in the session: for what that recording alone did (a fault it met). */
  entry: Type.Optional(Type.Integer({ minimum: 0 })),
  endpoint: Type.Optional(Type.String({ minLength: 1 })),
  kind: Type.Optional(Type.Union(DIFFERENCE_KINDS.map((kind) => Type.Literal(kind)))),
  path: Type.Optional(Type.String({ minLength: 1 })),
  reason: Type.String({ minLength: 1 }),
}, { additionalProperties: false })
const GapsSchema = Type.Object({ gaps: Type.Array(GapSchema) }, { additionalProperties: false })
export type KnownGap = Static<typeof GapSchema>

/** A path and the paths above it: `$.A[0].B`, `$.A[0]`, `$.A`, `$`. */
function * pathAndParents(path: string): Generator<string> {
  let at = path
  while (at.startsWith('$')) {
    yield at
    at = at.replace(/(?:\.[^.[]+|\[[^\]]+\]|\$)$/, '')
  }
}

/**
 * A path as a test: a JSON path pattern (`$…`), which covers the field and everything beneath it, or
 * `status`, `content-type`, `header:<name>` as written.
 */
function pathTest(path: string): (path: string) => boolean {
  if (path.startsWith('$')) {
    const test = pathPattern(path)
    return (at) => [...pathAndParents(at)].some(test)
  }
  const wanted = path.toLowerCase()
  return (at) => at.toLowerCase() === wanted
}

function checkEndpoint(name: string, where: string): void {
  if (name !== OTHER_ENDPOINT && !(ENDPOINT_NAMES as readonly string[]).includes(name)) {
    throw new VerifyInputError(`${where}: '${name}' is not an endpoint (endpoints: ${ENDPOINT_NAMES.join(', ')})`)
  }
}

/** Reads and checks a known-gaps file; anything wrong is one VerifyInputError line. */
export function readKnownGaps(file: string): KnownGap[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new VerifyInputError(`cannot read the known-gaps file ${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  const check = compiledCheck(GapsSchema)
  if (!check.Check(parsed)) {
    const [first] = check.Errors(parsed)
    throw new VerifyInputError(`the known-gaps file ${file} is not { "gaps": [{ "entry"?, "endpoint"?, "kind"?, ` +
      `"path"?, "reason" }] }: ${first?.path || '/'} ${first?.message ?? 'is wrong'}`)
  }
  parsed.gaps.forEach((gap, i) => {
    const where = `the known-gaps file ${file}, gap ${i}`
    if (gap.endpoint !== undefined) checkEndpoint(gap.endpoint, where)
    if (gap.path !== undefined && gap.path.startsWith('$')) {
      try {
        pathPattern(gap.path)
      } catch (error) {
        throw new VerifyInputError(`${where}: ${(error as Error).message}`)
      }
    }
  })
  return parsed.gaps
}

/** The known gap a finding falls under, if any. */
export function gapFor(gaps: KnownGap[], index: number, endpoint: string, finding: Finding): KnownGap | undefined {
  return gaps.find((gap) => (gap.entry === undefined || gap.entry === index) &&
    (gap.endpoint === undefined || gap.endpoint === endpoint) &&
    (gap.kind === undefined || gap.kind === finding.kind) &&
    (gap.path === undefined || pathTest(gap.path)(finding.path)))
}

export interface Ignores {
  endpoints: Set<string>
  paths: ((path: string) => boolean)[]
}

/**
 * Reads `--ignore` entries: an endpoint's name (its answers are not compared), a JSON path pattern,
 * `status`, `content-type` or `header:<name>`.
 */
export function readIgnores(entries: string[]): Ignores {
  const ignores: Ignores = { endpoints: new Set(), paths: [] }
  for (const entry of entries) {
    if (entry.startsWith('$')) {
      try {
        pathPattern(entry) // a path that cannot be one is refused here
        ignores.paths.push(pathTest(entry))
      } catch (error) {
        throw new VerifyInputError(`ignore: ${(error as Error).message}`)
      }
    } else if (/^(status|content-type|header:[!#$%&'*+.^_`|~0-9a-z-]+)$/i.test(entry)) {
      ignores.paths.push(pathTest(entry))
    } else {
      checkEndpoint(entry, 'ignore')
      ignores.endpoints.add(entry)
    }
  }
  return ignores
}

export const ignored = (ignores: Ignores, endpoint: string, finding: Finding): boolean =>
  ignores.endpoints.has(endpoint) || ignores.paths.some((test) => test(finding.path))
