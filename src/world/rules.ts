// The vendor's rules for one deployment: who may act on it, what each call needs, in the order the
// docs list (docs/lifecycle.md). Every check-and-change runs atomically (see Database.atomically),
// so concurrent calls, in this process or another on the same file, see each other.
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Change, Deployment, DeploymentKey } from './deployment-record.js'
import { sendTestCopies } from './outbox-sends.js'
import type { World } from './world.js'

/** A call on one deployment of a world: the URL's brand, and the body's TrackId and UserId. */
export interface DeploymentCall {
  brand: string
  trackId: string
  userId: string
}

/** A schedule: the wall-clock minute `yyyy-MM-dd HH:mm`, or null for `[NOW]`. */
export interface ScheduleCall extends DeploymentCall {
  scheduledDate: string | null
}

/** Its owner, its final approver and the accounts the fixtures authorize, ignoring case. */
export const mayAct = (d: Deployment, userId: string): boolean => {
  const user = userId.toLowerCase()
  const approver = d.FinalApproverUserId === null ? [] : [d.FinalApproverUserId]
  const accounts = [d.OwnerUserId, ...approver, ...d.AuthorizedUserIds]
  return accounts.some((id) => id.toLowerCase() === user)
}

const sentOrCancelled = (d: Deployment): string | undefined => {
  if (d.Status === 'Sent' || d.Status === 'Sending') {
    return documented.wasSent(d.TrackId, d.SentDate ?? d.ScheduledDate ?? '')
  }
  if (d.Status === 'Cancelled') return documented.previouslyCancelled(d.TrackId)
  return undefined
}

/** The schedule and test pages refuse deployments made or changed in the Omail portal. */
export const portalProblem = (d: Deployment): string | undefined => {
  if (d.CreatedInPortal) return documented.createdInPortal(d.TrackId)
  if (d.EditedInPortalBy !== null) {
    return documented.editedInPortal(d.TrackId, d.EditedInPortalBy, d.EditedInPortalDate ?? '')
  }
  return undefined
}

/** The name of the deployment's first list still loading: test and schedule refuse it until it has loaded. */
function stillLoading(world: World, d: Deployment): string | undefined {
  return world.audiences.ofDeployment(world.key(d.Brand, d.TrackId))
    .find((l) => l.RemovedAt === null && world.now < l.ReadyAt)?.Name
}

const loadingProblem = (world: World, d: Deployment): string | undefined => {
  const name = stillLoading(world, d)
  return name === undefined ? undefined : documented.audienceNotLoaded(name)
}

/** At or before the current minute (`yyyy-MM-dd HH:mm` against the world's now) is past. */
export const isPastMinute = (minute: string, now: string): boolean => minute <= now.slice(0, 16)

/** Statuses the test and deployment pages refuse to edit (the message names four; Sending is sent). */
export const NOT_EDITABLE: ReadonlySet<string> = new Set(['Sent', 'Sending', 'Scheduled', 'Approved', 'Cancelled'])

interface Rules {
  /** The 403 text for a user who may not act. */
  forbidden: (d: Deployment) => string
  /** The first 400 text that applies, in the vendor's order; none if the change may happen. */
  refusal: (d: Deployment) => string | undefined
  change: (key: DeploymentKey, change: Change) => void
}

/** Not found, then not authorized, then the call's own refusals; then the change. Returns the deployment after it. */
function act(world: World, call: DeploymentCall, rules: Rules): Deployment {
  return world.atomically(() => {
    const d = world.find(call.brand, call.trackId)
    if (!d) throw new OmedaError(404, documented.deploymentNotFound(call.trackId))
    if (!mayAct(d, call.userId)) throw new OmedaError(403, rules.forbidden(d))
    const refusal = rules.refusal(d)
    if (refusal !== undefined) throw new OmedaError(400, refusal)
    // The stored key, as the lookup Url names it, whatever case the call used.
    const key = world.key(d.Brand, d.TrackId)
    rules.change(key, { by: call.userId, date: world.now })
    return world.changes.find(key, world.now) ?? d
  })
}

export function cancelDeployment(world: World, call: DeploymentCall): Deployment {
  return act(world, call, {
    forbidden: () => documented.notAuthorized(call.userId),
    refusal: sentOrCancelled,
    change: (key, change) => world.changes.markCancelled(key, change),
  })
}

/** Back to New: editable again, still tested, no ScheduledDate or ApprovalDate. */
export function unscheduleDeployment(world: World, call: DeploymentCall): Deployment {
  return act(world, call, {
    forbidden: () => documented.unscheduleNotAuthorized(call.userId),
    refusal: (d) => sentOrCancelled(d) ??
      (d.Status === 'Scheduled' ? undefined : documented.notCurrentlyScheduled(d.TrackId)),
    change: (key, change) => world.changes.markUnscheduled(key, change),
  })
}

/** Scheduled for the minute asked (or now) and approved now; the clock sends it when it is due. */
export function scheduleDeployment(world: World, call: ScheduleCall): Deployment {
  const { scheduledDate } = call
  const { now } = world
  return act(world, call, {
    forbidden: (d) => documented.scheduleNotAuthorized(call.userId, d.TrackId),
    refusal: (d) => portalProblem(d) ?? sentOrCancelled(d) ??
      (d.Status === 'Scheduled' ? documented.currentlyScheduled(d.TrackId, d.ScheduledDate ?? '') : undefined) ??
      loadingProblem(world, d) ??
      (d.RecipientCount === 0 || d.RecipientCount === null ? documented.noRecipients() : undefined) ??
      (d.TestSent ? undefined : emulator.notTested(d.TrackId)) ??
      // [NOW] is never past.
      (scheduledDate !== null && isPastMinute(scheduledDate, now) ? documented.scheduledDateInPast() : undefined),
    change: (key, change) => world.changes.markScheduled(
      key,
      scheduledDate === null ? now : `${scheduledDate}:00`,
      change
    ),
  })
}

/** A field given but blank: only a seeded split holds one (the content page stores blank as none). */
const isBlank = (text: string | null) => text !== null && !/\S/.test(text)
const isMissing = (text: string | null) => text === null || isBlank(text)

/**
 * What a deployment with content lacks before a test, split by split (docs/content.md): a split
 * without content; else its from name, mailbox and subject, then a text or HTML body that is there
 * but blank. None when no split has content (no content model): such a deployment tests as before.
 */
function splitProblems(world: World, d: Deployment): string[] {
  const splits = world.contents.list(world.key(d.Brand, d.TrackId))
  if (splits.length === 0) return []
  const count = Math.max(1, d.SplitCount, ...splits.map((s) => s.Sequence))
  const problems = new Set<string>()
  for (let n = 1; n <= count; n++) {
    const s = splits.find((split) => split.Sequence === n)
    if (s === undefined || (s.HtmlContent === null && s.TextContent === null)) problems.add(documented.htmlOrText())
    if (s === undefined) continue
    if (isMissing(s.FromName)) problems.add(documented.fromNameMissing(n))
    if (isMissing(s.Mailbox)) problems.add(documented.mailboxMissing(n))
    if (isMissing(s.Subject)) problems.add(documented.subjectMissing(n))
    if (isBlank(s.TextContent)) problems.add(documented.noMessageBody('Text', n))
    if (isBlank(s.HtmlContent)) problems.add(documented.noMessageBody('HTML', n))
  }
  return [...problems]
}

/** Every split problem at once, as the content page answers its own (inside act: nothing changes). */
function contentRefusal(world: World, d: Deployment): undefined {
  const problems = splitProblems(world, d)
  if (problems.length > 0) throw new OmedaError(400, problems)
  return undefined
}

/** Test copies go to the testers (the outbox); the deployment counts as tested from then on. */
export function sendTest(world: World, call: DeploymentCall): Deployment {
  return act(world, call, {
    forbidden: (d) => documented.editNotAuthorized(call.userId, d.TrackId),
    refusal: (d) => portalProblem(d) ??
      (NOT_EDITABLE.has(d.Status) ? documented.cannotBeEdited(d.TrackId) : undefined) ??
      (d.FinalApproverUserId === null ? documented.noFinalApprover() : undefined) ??
      contentRefusal(world, d) ??
      loadingProblem(world, d),
    change: (key, change) => {
      world.changes.markTested(key, change)
      const tested = world.changes.find(key, world.now)
      if (tested) sendTestCopies(world, tested)
    },
  })
}
