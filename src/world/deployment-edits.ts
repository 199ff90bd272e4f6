// The deployment page's and the clone page's rules that need the world: the date against the
// sandbox clock, then the accounts, type, billing category and behavior the body names, then who
// may act, then the deployment's state (docs/deployments.md gives the order). Each check-and-change
// runs atomically, as the lifecycle's rules do.
import { historyDateText } from '../clock/vendor-time.js'
import type { CloneBody, CreateBody, DeploymentInput, TesterInput, UpdateBody } from '../contract/deployment-bodies.js'
import type { ModificationEntry } from '../contract/omeda.js'
import { documented } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { FixtureDeployment, Tester } from '../seed/format.js'
import type { Deployment } from './deployment-record.js'
import { isPastMinute, mayAct, NOT_EDITABLE, portalProblem } from './rules.js'
import type { World } from './world.js'

/** A DeploymentDate must be in the future, as a schedule's date must. */
function datePast(world: World, date: string | undefined): void {
  if (date !== undefined && isPastMinute(date, world.now)) throw new OmedaError(400, documented.dateNotInFuture(date))
}

/** The accounts, type, billing category and behavior named: every problem, in the page's order. */
function referenceProblems(world: World, brand: string, input: DeploymentInput): string[] {
  const { catalogue } = world
  const named = (['OwnerUserId', 'FinalApproverUserId'] as const).flatMap((field) => {
    const id = input[field]
    return id === undefined ? [] : [{ field, id, account: catalogue.account(id) }]
  })
  const problems = [
    ...named.filter((n) => !n.account).map((n) => documented.accountNotFound(n.field, n.id)),
    ...named.filter((n) => n.account && !n.account.Active).map((n) => documented.accountNotActive(n.field, n.id)),
  ]
  const typeId = input.DeploymentTypeId
  if (typeId !== undefined) {
    const type = catalogue.deploymentType(brand, typeId)
    if (!type) problems.push(documented.deploymentTypeNotFound(String(typeId)))
    else if (type.StatusCode !== 1) problems.push(documented.deploymentTypeNotActive(String(typeId)))
  }
  const code = input.BillingCategoryCode
  if (code !== undefined && !catalogue.hasBillingCategory(brand, code)) {
    problems.push(documented.unknownBillingCategory(code))
  }
  const behavior = input.ContentRecommendationBehaviorId
  if (behavior !== undefined && !catalogue.hasRecommendationBehavior(brand, behavior)) {
    problems.push(documented.notARecommendationBehavior(String(behavior)))
  }
  return problems
}

const RECOMMENDATION_GROUP = [
  'ContentRecommendationBehaviorId', 'UseImagesInRecommendation', 'NumberOfRecommendations',
] as const

/** An update turning recommendations on for a deployment without them gives the group, as a create must. */
const groupProblems = (d: Deployment, input: DeploymentInput): string[] =>
  input.UseContentRecommendation === 1 && !d.UseContentRecommendation
    ? RECOMMENDATION_GROUP.filter((field) => input[field] === undefined).map(documented.requiredForRecommendations)
    : []

/** Everything the body names exists and is active: every problem at once (400). */
function checkReferences(world: World, brand: string, input: DeploymentInput, after: string[] = []): void {
  const problems = [...referenceProblems(world, brand, input), ...after]
  if (problems.length > 0) throw new OmedaError(400, problems)
}

/**
 * Only an account allowed to may set content recommendations (403): turn them on, or change the
 * group of a deployment that uses them.
 */
function checkRecommendationRight(world: World, input: DeploymentInput, acting: string, alreadyUses = false): void {
  const uses = input.UseContentRecommendation === 1 || (alreadyUses && input.UseContentRecommendation === undefined)
  const touches = input.UseContentRecommendation === 1 || RECOMMENDATION_GROUP.some((f) => input[f] !== undefined)
  if (uses && touches && world.catalogue.account(acting)?.ContentRecommendations !== true) {
    throw new OmedaError(403, documented.contentRecommendationsNotAuthorized(acting))
  }
}

const testers = (list: TesterInput[] = []): Tester[] => list.map(({
  FirstName, LastName, EmailAddress, ReportRecipient,
}) => ({
  FirstName: FirstName.trim(), LastName: LastName.trim(), EmailAddress: EmailAddress.trim(),
  ...(ReportRecipient === undefined ? {} : { ReportRecipient }),
}))

/** The account's own spelling of a UserId the body gave. */
const accountId = (world: World, userId: string): string => world.catalogue.account(userId)?.UserId ?? userId

/** The stored fields a body sets (only those it gives). */
function settingsOf(world: World, brand: string, input: DeploymentInput): Partial<FixtureDeployment> {
  const set: Partial<FixtureDeployment> = {}
  const byte = (value: number | undefined) => (value === undefined ? undefined : value === 1)
  const typeId = input.DeploymentTypeId
  const type = typeId === undefined ? undefined : world.catalogue.deploymentType(brand, typeId)
  const values: Partial<FixtureDeployment> = {
    DeploymentName: input.DeploymentName,
    RequestedDate: input.DeploymentDate === undefined ? undefined : `${input.DeploymentDate}:00`,
    DeploymentTypeId: input.DeploymentTypeId,
    DeploymentTypeDescription: type?.Description,
    DeploymentDesignation: type && (type.DeploymentDesignation ?? null),
    CampaignId: input.CampaignId,
    OwnerUserId: input.OwnerUserId && accountId(world, input.OwnerUserId),
    FinalApproverUserId: input.FinalApproverUserId && accountId(world, input.FinalApproverUserId),
    SplitCount: input.Splits,
    TrackLinks: byte(input.TrackLinks),
    TrackOpens: byte(input.TrackOpens),
    Testers: input.Testers && testers(input.Testers),
    Notes: input.Notes,
    ReloadOnqQueryBeforeFinalDeployment: byte(input.ReloadOnqQueryBeforeFinalDeployment),
    BillingCategoryCode: input.BillingCategoryCode,
    UseContentRecommendation: byte(input.UseContentRecommendation),
    ContentRecommendationBehaviorId: input.ContentRecommendationBehaviorId,
    UseImagesInRecommendation: byte(input.UseImagesInRecommendation),
    NumberOfRecommendations: input.NumberOfRecommendations,
  }
  for (const [key, value] of Object.entries(values)) if (value !== undefined) Object.assign(set, { [key]: value })
  return set
}

/** A new shell: New, no audience, not tested, requested for its date; history starts with the vendor's line. */
function created(world: World, fields: Omit<FixtureDeployment, 'TrackId' | 'Status'>, by: string) {
  const requested = fields.RequestedDate ?? world.now
  const deployment: Omit<FixtureDeployment, 'TrackId'> = {
    ...fields, Status: 'New', CreatedBy: by, CreatedDate: world.now, RecipientCount: null, TestSent: false,
    ApprovalDate: null, ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null,
    EditedInPortalBy: null, EditedInPortalDate: null, CreatedInPortal: false,
  }
  const history: ModificationEntry[] = [{
    ChangeDescription: `Deployment created (new). Requested date/time is ${historyDateText(requested, world.timeZone)}`,
    ChangedBy: by, ChangedDate: world.now,
  }]
  return { deployment, history }
}

/** Which deployment a change saved: what its answer names. */
export type Saved = Pick<Deployment, 'Brand' | 'TrackId'>

export function createDeployment(world: World, brand: string, body: CreateBody): Saved {
  datePast(world, body.DeploymentDate)
  return world.atomically(() => {
    checkReferences(world, brand, body)
    checkRecommendationRight(world, body, body.OwnerUserId)
    const owner = accountId(world, body.OwnerUserId)
    const given = settingsOf(world, brand, body)
    const fields = { FinalApproverUserId: owner, ...given, Brand: brand.toUpperCase(), OwnerUserId: owner }
    const { deployment, history } = created(world, fields, owner)
    return { Brand: deployment.Brand, TrackId: world.createNumbered(deployment, history) }
  })
}

/** How a history entry shows a value: as the body gave it (bytes 0/1, testers by email). */
function historyValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (Array.isArray(value)) return value.map((t: Tester) => t.EmailAddress).join(', ')
  return String(value)
}

/** Which body field a stored field's change is named by in the history. */
const HISTORY_NAMES: Partial<Record<keyof FixtureDeployment, string>> = {
  RequestedDate: 'DeploymentDate', SplitCount: 'Splits',
  // The lookup page's own example: "FinalApproverEmail changed from: '' to: 'omailAccount1'".
  FinalApproverUserId: 'FinalApproverEmail',
}

export function updateDeployment(world: World, brand: string, body: UpdateBody): Saved {
  datePast(world, body.DeploymentDate)
  return world.atomically(() => {
    const d = world.find(brand, body.TrackId)
    if (!d) throw new OmedaError(404, documented.deploymentNotFound(body.TrackId))
    checkReferences(world, brand, body, groupProblems(d, body))
    if (!mayAct(d, body.OwnerUserId)) {
      throw new OmedaError(403, documented.ownerNotAuthorizedToEdit(body.OwnerUserId, d.TrackId))
    }
    checkRecommendationRight(world, body, body.OwnerUserId, d.UseContentRecommendation)
    const refusal = portalProblem(d) ?? (NOT_EDITABLE.has(d.Status) ? documented.cannotBeEdited(d.TrackId) : undefined)
    if (refusal !== undefined) throw new OmedaError(400, refusal)
    // OwnerUserId names the account acting (the page has no UserId): an approver's edit keeps the owner.
    const { OwnerUserId: _acting, ...changes } = settingsOf(world, brand, body)
    // The same type again changes nothing: its description and designation stay as stored.
    if (changes.DeploymentTypeId === d.DeploymentTypeId) {
      delete changes.DeploymentTypeDescription
      delete changes.DeploymentDesignation
    }
    const entries: ModificationEntry[] = []
    for (const [key, value] of Object.entries(changes) as [keyof FixtureDeployment, unknown][]) {
      const before = historyValue(d[key as keyof Deployment])
      const after = historyValue(value)
      if (before === after || key === 'DeploymentTypeDescription' || key === 'DeploymentDesignation') continue
      entries.push({
        ChangeDescription: `${HISTORY_NAMES[key] ?? key} changed from: '${before}' to: '${after}'`,
        ChangedBy: accountId(world, body.OwnerUserId), ChangedDate: world.now,
      })
    }
    const { ModificationHistory, ...kept } = d
    world.replace({ ...kept, ...changes }, [...ModificationHistory, ...entries])
    return { Brand: d.Brand, TrackId: d.TrackId }
  })
}

const COPY_PREFIX = 'Copy of '

/**
 * The clone page's fields of a body: a clone neither checks nor copies any other it sends. Typed
 * with every key of CloneBody required, so a field added there must be added here.
 */
function cloneFields({
  CloneTrackId, DeploymentDate, DeploymentName, OwnerUserId, CampaignId, TrackOpens, TrackLinks, Testers,
  FinalApproverUserId, Notes, ReloadOnqQueryBeforeFinalDeployment,
}: CloneBody): CloneBody {
  const fields: { [K in keyof Required<CloneBody>]: CloneBody[K] } = {
    CloneTrackId, DeploymentDate, DeploymentName, OwnerUserId, CampaignId, TrackOpens, TrackLinks, Testers,
    FinalApproverUserId, Notes, ReloadOnqQueryBeforeFinalDeployment,
  }
  return fields
}

export function cloneDeployment(world: World, brand: string, sent: CloneBody): Saved {
  const body = cloneFields(sent)
  datePast(world, body.DeploymentDate)
  return world.atomically(() => {
    const source = world.find(brand, body.CloneTrackId)
    if (!source) throw new OmedaError(404, documented.deploymentNotFound(body.CloneTrackId))
    const acting = body.OwnerUserId ?? source.OwnerUserId
    // The copy's owner and approver, sent or the source's, must be accounts that could create it.
    const approver = body.FinalApproverUserId ?? source.FinalApproverUserId ?? undefined
    checkReferences(world, brand, { ...body, OwnerUserId: acting, FinalApproverUserId: approver })
    if (!mayAct(source, acting)) throw new OmedaError(403, documented.ownerNotAuthorizedToEdit(acting, source.TrackId))
    if (portalProblem(source) !== undefined) throw new OmedaError(400, documented.cannotBeCloned(source.TrackId))
    const given = settingsOf(world, brand, body)
    // Testers are merged: the source's, then those the body adds (an email once, ignoring case).
    const known = new Set(source.Testers.map((t) => t.EmailAddress.toLowerCase()))
    const added = (given.Testers ?? []).filter((t) => !known.has(t.EmailAddress.toLowerCase()))
    const {
      TrackId: _trackId, Status: _status, ModificationHistory: _history, RecipientCount: _recipients, ...copied
    } = source
    const name = `${COPY_PREFIX}${source.DeploymentName ?? ''}`.slice(0, 80)
    const fields = { ...copied, DeploymentName: name, ...given, Testers: [...source.Testers, ...added] }
    const { deployment, history } = created(world, fields, accountId(world, acting))
    return { Brand: deployment.Brand, TrackId: world.createNumbered(deployment, history) }
  })
}
