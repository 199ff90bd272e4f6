// The faults a fixture file declares: checked as the admin API checks a fault (its schema, its
// rules, an endpoint the table serves), each problem named by its file and place.
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { FixtureFault } from '../contract/faults.js'
import { ENDPOINT_NAMES } from '../omeda/endpoints.js'
import { faultProblems, problemText } from '../sandbox/fault-rules.js'

const checkFault = TypeCompiler.Compile(FixtureFault)

/** The faults of one document's `faults` list that pass every check, and the problems of those that do not. */
export function fixtureFaults(list: unknown, where: string): { faults: FixtureFault[]; problems: string[] } {
  const faults: FixtureFault[] = []
  const problems: string[] = []
  if (!Array.isArray(list)) return { faults, problems }
  list.forEach((item: unknown, i) => {
    const place = `${where}: /faults/${i}`
    // The document's own check reports a fault its schema refuses, with every other schema problem.
    if (!checkFault.Check(item)) return
    const found = faultProblems(item).map((problem) => problemText(place, problem))
    if (item.endpoint !== undefined && !ENDPOINT_NAMES.some((name) => name === item.endpoint)) {
      found.push(`${place}/endpoint: must be one of ${ENDPOINT_NAMES.map((name) => `'${name}'`).join(', ')}`)
    }
    if (found.length === 0) faults.push(item)
    problems.push(...found)
  })
  return { faults, problems }
}
