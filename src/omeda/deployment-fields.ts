// The page's rules on the bodies of create, update and clone that a schema cannot say (across
// fields, inside the Testers list, 0-or-1 values), worded as the page words them, and each page's
// wording of a missing field. Rules that need the world (accounts, types, the clock) are in
// ../world/deployment-edits.ts.
import { isValidVendorDate } from '../clock/vendor-time.js'
import { CLONE_FIELDS } from '../contract/deployment-bodies.js'
import { aJsonTypeOf, documented, emulator } from '../messages.js'
import type { BodyWording } from './body-validation.js'

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

/** The page's 0-or-1 fields. */
const BYTES = ['TrackLinks', 'TrackOpens', 'ReloadOnqQueryBeforeFinalDeployment', 'UseContentRecommendation',
  'UseImagesInRecommendation'] as const

/** Each tester's own fields, then the emails given twice (ignoring case). */
function testerProblems(testers: unknown): string[] {
  if (!Array.isArray(testers)) return []
  const problems: string[] = []
  const seen = new Set<string>()
  for (const tester of testers) {
    if (!isObject(tester)) continue
    for (const [field, max] of [['FirstName', 80], ['LastName', 80], ['EmailAddress', 255]] as const) {
      const value = tester[field]
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        problems.push(documented.requiredField(field))
      } else if (typeof value !== 'string') {
        problems.push(emulator.wrongType(field, 'a string', aJsonTypeOf(value)))
      } else if (value.length > max) problems.push(documented.maxLength(value, field, max))
    }
    const report = tester.ReportRecipient
    if (report !== undefined && !Number.isInteger(report)) {
      problems.push(emulator.wrongType('ReportRecipient', 'an integer', aJsonTypeOf(report)))
    } else if (report !== undefined && report !== 0 && report !== 1) {
      problems.push(documented.zeroOrOne(shown(report), 'ReportRecipient'))
    }
    const email = tester.EmailAddress
    if (typeof email === 'string' && email.trim() !== '') {
      const key = email.trim().toLowerCase()
      if (seen.has(key)) problems.push(documented.duplicateTester(email))
      seen.add(key)
    }
  }
  return problems
}

/** The content-recommendation group: with UseContentRecommendation 1, the three others are required. */
function recommendationProblems(body: Readonly<Record<string, unknown>>, requireGroup: boolean): string[] {
  const problems: string[] = []
  const { NumberOfRecommendations: count } = body
  if (requireGroup && body.UseContentRecommendation === 1) {
    for (const field of ['ContentRecommendationBehaviorId', 'UseImagesInRecommendation', 'NumberOfRecommendations']) {
      if (body[field] === undefined) problems.push(documented.requiredForRecommendations(field))
    }
  }
  if (typeof count === 'number' && (count < 1 || count > 10)) {
    problems.push(documented.recommendationsBetween(String(count)))
  }
  return problems
}

/** The rules every deployment body shares, in the page's order of its messages. */
function fieldRules(body: Readonly<Record<string, unknown>>, requireGroup = true): string[] {
  const problems: string[] = []
  const { Splits, DeploymentDate } = body
  // A blank date is missing (a required-field problem), not a date in the wrong format.
  const dated = typeof DeploymentDate === 'string' && /\S/.test(DeploymentDate)
  if (dated && !(DATE.test(DeploymentDate) && isValidVendorDate(`${DeploymentDate}:00`))) {
    problems.push(documented.dateFormat(DeploymentDate))
  }
  problems.push(...testerProblems(body.Testers))
  if (typeof Splits === 'number' && Splits > 1) problems.push(documented.tooManySplits(Splits))
  if (typeof Splits === 'number' && Splits < 1) problems.push(emulator.atLeastOne(String(Splits), 'Splits'))
  for (const field of BYTES) {
    const value = body[field]
    if (typeof value === 'number' && value !== 0 && value !== 1) {
      problems.push(documented.zeroOrOne(String(value), field))
    }
  }
  problems.push(...recommendationProblems(body, requireGroup))
  return problems
}

export const CREATE_WORDING: BodyWording = {
  required: (field) =>
    (field === 'DeploymentTypeId' ? documented.deploymentTypeRequired() : documented.requiredField(field)),
  rules: (body) => [...(body.TrackId === undefined ? [] : [documented.trackIdOnCreate()]), ...fieldRules(body)],
}

/** An update that turns recommendations on needs the group only if the deployment lacks it (deployment-edits.ts). */
export const UPDATE_WORDING: BodyWording = {
  required: (field) => (field === 'TrackId' ? documented.trackIdRequiredToUpdate() : documented.requiredField(field)),
  rules: (body) => fieldRules(body, false),
}

export const CLONE_WORDING: BodyWording = {
  required: documented.requiredField,
  rules: (body) => fieldRules(Object.fromEntries(Object.entries(body).filter(([field]) => CLONE_FIELDS.has(field)))),
}
