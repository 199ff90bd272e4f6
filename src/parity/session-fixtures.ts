// `fixtures-from`: a fixture document made from what a recorded session saw, so that a team can
// seed the sandbox with a copy of its staging world. Deployments come from lookups (every field)
// and searches (what a search shows, where no lookup saw the deployment); brands and their types
// from the deployment types endpoint, or else from the deployments; accounts from the deployments'
// owners, approvers and creators; apps from the (redacted) app ids the session used, with the
// brands each one called. Nothing a session did not show is made up, and what cannot be a fixture
// is left out with a note saying why.
import { DEPLOYMENT_STATUSES, FixtureDeployment, type FixtureDocument } from '../seed/format.js'
import { DEPLOYMENT_DESIGNATIONS } from '../seed/fixture-fields.js'
import type { FixtureAccount, FixtureBrand, FixtureDeploymentType } from '../seed/catalogue-format.js'
import { compiledCheck } from '../schema-check.js'
import { endpointOf } from './endpoint-of.js'
import { entryBody, headerOf, type Session } from './session-file.js'

export interface SessionFixtures {
  document: FixtureDocument
  /** What was left out, and why. */
  notes: string[]
}

type Fields = Record<string, unknown>

const VENDOR_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
/** A date as fixtures take it: `yyyy-MM-dd HH:mm:ss`; the service's `…T…` form too. */
function date(value: unknown): string | null | undefined {
  if (value === null) return null
  const given = text(value)?.replace('T', ' ').replace(/\.\d+$/, '')
  return given !== undefined && VENDOR_DATE.test(given) ? given : undefined
}
const flag = (value: unknown): boolean | undefined => (value === 'true' || value === true
  ? true
  : value === 'false' || value === false ? false : undefined)
const defined = <T extends object>(fields: T): T =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T

/** A deployment as lookup (or, with fewer fields, search) showed it. */
function deploymentFrom(brand: string, seen: Fields, search: boolean): Fields {
  const designation = text(seen.DeploymentDesignation)
  return defined({
    Brand: brand,
    TrackId: seen.TrackId,
    DeploymentName: seen.DeploymentName,
    OwnerUserId: search ? seen.Owner : seen.OwnerUserId,
    FinalApproverUserId: search ? seen.FinalApprover : seen.FinalApproverUserId,
    CreatedBy: seen.CreatedBy,
    Status: seen.Status,
    CreatedDate: date(seen.CreatedDate),
    ApprovalDate: date(seen.ApprovalDate),
    ScheduledDate: date(seen.ScheduledDate),
    SentDate: date(seen.SentDate),
    RequestedDate: date(seen.RequestedDate),
    DeploymentDesignation: (DEPLOYMENT_DESIGNATIONS as readonly string[]).includes(designation ?? '')
      ? designation
      : undefined,
    DeploymentTypeId: typeof seen.DeploymentTypeId === 'number' ? seen.DeploymentTypeId : undefined,
    DeploymentTypeDescription: text(seen.DeploymentTypeDescription),
    CampaignId: text(seen.CampaignId) || undefined,
    Notes: text(seen.Notes),
    BillingCategoryCode: text(seen.BillingCategoryCode),
    TrackLinks: flag(seen.TrackLinks),
    TrackOpens: flag(seen.TrackOpens),
    ReloadOnqQueryBeforeFinalDeployment: flag(seen.ReloadOnqQueryBeforeFinalDeployment),
    RecipientCount: typeof seen.RecipientCount === 'number' ? seen.RecipientCount : undefined,
    SplitCount: typeof seen.SplitCount === 'number' ? seen.SplitCount : undefined,
    Testers: Array.isArray(seen.Testers) ? seen.Testers : undefined,
    ModificationHistory: Array.isArray(seen.ModificationHistory) ? seen.ModificationHistory : undefined,
  })
}

const json = (bytes: Buffer): Fields | undefined => {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'))
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Fields : undefined
  } catch {
    return undefined
  }
}

export function fixturesFromSession(session: Session): SessionFixtures {
  const notes: string[] = []
  const deployments = new Map<string, { fields: Fields; fromLookup: boolean }>()
  const brands = new Map<string, FixtureBrand>()
  const types = new Map<string, FixtureDeploymentType>()
  const apps = new Map<string, Set<string>>()
  const keep = (brand: string, fields: Fields, fromLookup: boolean) => {
    const key = `${brand.toUpperCase()} ${String(fields.TrackId).toUpperCase()}`
    if (fromLookup || !deployments.get(key)?.fromLookup) deployments.set(key, { fields, fromLookup })
  }
  for (const entry of session.log.entries) {
    const call = endpointOf(entry.request.method, entry.request.url)
    const brand = call?.params.brand
    if (call === undefined || brand === undefined) continue
    const appId = headerOf(entry.request.headers, 'x-omeda-appid')
    if (appId !== undefined && entry.response.status < 400) apps.set(appId, (apps.get(appId) ?? new Set()).add(brand))
    if (entry._upstreamError !== undefined || entry.response.status !== 200) continue
    const body = json(entryBody(entry.response.content))
    if (body === undefined) continue
    if (call.endpoint === 'lookup' && typeof body.TrackId === 'string') {
      keep(brand, deploymentFrom(brand, body, false), true)
    }
    if (call.endpoint === 'search' && Array.isArray(body.Deployments)) {
      for (const item of body.Deployments as Fields[]) keep(brand, deploymentFrom(brand, item, true), false)
    }
    if (call.endpoint === 'deploymenttypes' && Array.isArray(body.DeploymentTypes)) {
      brands.set(brand.toUpperCase(), defined({
        BrandAbbrev: brand, Id: typeof body.Id === 'number' ? body.Id : 0, Description: text(body.Description) ?? brand,
      }))
      for (const type of body.DeploymentTypes as Fields[]) {
        if (typeof type.Id !== 'number') continue
        types.set(`${brand.toUpperCase()} ${type.Id}`, defined({
          Brand: brand, Id: type.Id, Name: text(type.Name) ?? '', Description: text(type.Description) ?? '',
          LongDescription: text(type.LongDescription), AlternateId: text(type.AlternateId),
          StatusCode: type.StatusCode === 0 ? 0 : 1,
        }) as FixtureDeploymentType)
      }
    }
  }
  const check = compiledCheck(FixtureDeployment)
  const kept: FixtureDocument['deployments'] = []
  for (const { fields } of deployments.values()) {
    if (!(DEPLOYMENT_STATUSES as readonly string[]).includes(String(fields.Status))) {
      const status = String(fields.Status)
      notes.push(`${String(fields.TrackId)}: left out, its status '${status}' is not one the emulator knows`)
    } else if (!check.Check(fields)) {
      const [problem] = check.Errors(fields)
      notes.push(`${String(fields.TrackId)}: left out, ${problem?.path ?? ''} ${problem?.message ?? 'is not valid'}`)
    } else {
      kept.push(fields)
    }
  }
  const accounts = new Map<string, FixtureAccount>()
  for (const d of kept) {
    for (const id of [d.OwnerUserId, d.FinalApproverUserId, d.CreatedBy]) {
      if (typeof id === 'string' && id.trim() !== '') accounts.set(id.toLowerCase(), { UserId: id })
    }
    const known = `${d.Brand.toUpperCase()} ${String(d.DeploymentTypeId)}`
    if (typeof d.DeploymentTypeId === 'number' && !types.has(known)) {
      const name = d.DeploymentTypeDescription ?? `Type ${d.DeploymentTypeId}`
      types.set(known, { Brand: d.Brand, Id: d.DeploymentTypeId, Name: name, Description: name, StatusCode: 1 })
    }
  }
  return {
    document: {
      // By placeholder number: verify sends the first one's app id for REDACTED-X-OMEDA-APPID-1.
      apps: [...apps].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([AppId, called]) => ({ AppId, Brands: [...called].sort() })),
      deployments: kept,
      ...(brands.size > 0 ? { brands: [...brands.values()] } : {}),
      ...(accounts.size > 0 ? { accounts: [...accounts.values()] } : {}),
      ...(types.size > 0 ? { deploymentTypes: [...types.values()] } : {}),
    },
    notes,
  }
}
