// The vendor's rules a set of fixture deployments must keep beyond their schema: records the real
// service could never hold, duplicates, and brands no app can reach. Fixture files and admin seeds
// are checked alike.
import { isValidVendorDate } from '../clock/vendor-time.js'
import { CATALOGUE, CATALOGUE_SECTIONS, filingOf } from './catalogue-sections.js'
import type { FixtureDeployment, FixtureWorld } from './format.js'
import type { Catalogue } from './catalogue-format.js'

const DATES = [
  'CreatedDate', 'ApprovalDate', 'ScheduledDate', 'SentDate', 'CancelledDate', 'EditedInPortalDate',
] as const

/** Rules the schema cannot say: records the real service could never hold. */
function deploymentProblems(deployment: FixtureDeployment, at: string): string[] {
  const problems: string[] = []
  const { Status, SentDate, ScheduledDate } = deployment
  for (const key of DATES) {
    const value = deployment[key]
    if (typeof value === 'string' && !isValidVendorDate(value)) {
      problems.push(`${at}/${key}: '${value}' is not a real date and time`)
    }
  }
  if (Status === 'Sent' && !SentDate) problems.push(`${at}/SentDate: a deployment with Status 'Sent' needs a SentDate`)
  if (Status === 'Sending' && !SentDate && !ScheduledDate) {
    problems.push(`${at}: a deployment with Status 'Sending' needs a SentDate or a ScheduledDate`)
  }
  // The portal's message names both the account and the date.
  if (!deployment.EditedInPortalBy !== !deployment.EditedInPortalDate) {
    problems.push(`${at}: EditedInPortalBy and EditedInPortalDate go together: give both or neither`)
  }
  if (Status === 'Scheduled' && !ScheduledDate) {
    problems.push(`${at}/ScheduledDate: a deployment with Status 'Scheduled' needs a ScheduledDate`)
  }
  return problems
}

export interface PlacedDeployment {
  deployment: FixtureDeployment
  /** Where it stands, for messages: `file: /deployments/3` or `body/deployments/3`. */
  where: string
}

/**
 * Every problem of a set of schema-valid deployments: records the real service could never hold,
 * duplicates (Brand, TrackId) and brands no app can reach. Used for fixture files and admin seeds.
 */
export function deploymentSetProblems(
  entries: PlacedDeployment[],
  isReachable: (brand: string) => boolean,
  apps = 'the fixtures'
): string[] {
  const problems = entries.flatMap(({ deployment, where }) => deploymentProblems(deployment, where))
  const seen = new Map<string, string>()
  for (const { deployment, where } of entries) {
    const key = `${deployment.Brand.toUpperCase()}\u0000${deployment.TrackId.toUpperCase()}`
    const first = seen.get(key)
    if (first) {
      const duplicate = `Brand '${deployment.Brand}', TrackId '${deployment.TrackId}'`
      problems.push(`${where}: duplicate of ${duplicate} (first at ${first})`)
    } else seen.set(key, where)
    if (!isReachable(deployment.Brand)) {
      problems.push(`${where}/Brand: no app in ${apps} is granted brand '${deployment.Brand}'`)
    }
  }
  return problems
}

/**
 * Every catalogue entry given twice in its section (a type id used twice in a brand, an account
 * listed twice…), and every entry of a brand no app can reach.
 */
export function catalogueProblems(
  catalogue: Partial<Catalogue>, where: (entry: object) => string, isReachable: (brand: string) => boolean,
  apps = 'the fixtures'
): string[] {
  const problems: string[] = []
  for (const section of CATALOGUE_SECTIONS) {
    const seen = new Map<string, string>()
    for (const entry of catalogue[section] ?? []) {
      const { brand, id, brandField } = filingOf(section, entry)
      const key = `${brand.toUpperCase()}\u0000${id.toUpperCase()}`
      const first = seen.get(key)
      if (first === undefined) seen.set(key, where(entry))
      else problems.push(`${where(entry)}: the same ${CATALOGUE[section].key} as ${first}`)
      const own = CATALOGUE[section].problems as ((e: typeof entry) => string[]) | undefined
      for (const problem of own?.(entry) ?? []) problems.push(`${where(entry)}${problem}`)
      if (brandField !== null && !isReachable(brand)) {
        problems.push(`${where(entry)}/${brandField}: no app in ${apps} is granted brand '${brand}'`)
      }
    }
  }
  return problems
}

/**
 * What a valid world holds that is worth a word: a deployment still editable whose owner is listed
 * inactive (it stays usable; an update or clone naming that owner is refused).
 */
export function fixtureNotes(world: Pick<FixtureWorld, 'deployments' | 'accounts'>): string[] {
  const inactive = new Set((world.accounts ?? []).filter((a) => a.Active === false).map((a) => a.UserId.toLowerCase()))
  return world.deployments
    .filter((d) => d.Status === 'New' && inactive.has(d.OwnerUserId.toLowerCase()))
    .map((d) => `${d.Brand} ${d.TrackId} is New and owned by '${d.OwnerUserId}', an inactive account: ` +
      'it stays usable, but an update or clone cannot name that owner')
}
