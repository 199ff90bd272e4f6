// The vendor's rules for one deployment: who may act on it, what each call needs, in the order the
// docs list (docs/lifecycle.md). Every check-and-change runs atomically (see Database.atomically),
// so concurrent calls, in this process or another on the same file, see each other.
import type { Database } from '../db/database.js'
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Deployment, DeploymentKey, Deployments } from './deployments.js'

/** A call on one deployment as the vendor receives it, with the sandbox's now in the vendor's form. */
export interface DeploymentRequest extends DeploymentKey {
  userId: string
  now: string
}

/** A schedule: the wall-clock minute `yyyy-MM-dd HH:mm`, or null for `[NOW]`. */
export interface ScheduleRequest extends DeploymentRequest {
  scheduledDate: string | null
}

/** A Scheduled deployment whose time has come is Sent, as of its ScheduledDate. */
export const isDue = (d: Deployment, now: string): boolean => d.Status === 'Scheduled' && d.ScheduledDate !== null && d.ScheduledDate <= now

/** Its owner, its final approver and the accounts the fixtures authorize, ignoring case. */
const mayAct = (d: Deployment, userId: string): boolean => {
  const user = userId.toLowerCase()
  const accounts = [d.OwnerUserId, ...(d.FinalApproverUserId === null ? [] : [d.FinalApproverUserId]), ...d.AuthorizedUserIds]
  return accounts.some((id) => id.toLowerCase() === user)
}

/**
 * Reads a deployment as of now: a due one is Sent. Needs no transaction: sending a due deployment
 * is idempotent and guarded by its status.
 */
export function readDeployment(deployments: Deployments, key: DeploymentKey, now: string): Deployment | undefined {
  const deployment = deployments.find(key)
  if (!deployment || !isDue(deployment, now)) return deployment
  deployments.markSent(key)
  return deployments.find(key)
}

const sentOrCancelled = (d: Deployment): string | undefined => {
  if (d.Status === 'Sent' || d.Status === 'Sending') return documented.wasSent(d.TrackId, d.SentDate ?? d.ScheduledDate ?? '')
  if (d.Status === 'Cancelled') return documented.previouslyCancelled(d.TrackId)
  return undefined
}

/** The schedule and test pages refuse deployments made or changed in the Omail portal. */
const portalProblem = (d: Deployment): string | undefined => {
  if (d.CreatedInPortal) return documented.createdInPortal(d.TrackId)
  if (d.EditedInPortalBy !== null) return documented.editedInPortal(d.TrackId, d.EditedInPortalBy, d.EditedInPortalDate ?? '')
  return undefined
}

const NOT_EDITABLE = new Set(['Sent', 'Sending', 'Scheduled', 'Approved', 'Cancelled'])

interface Rules {
  /** The 403 text for a user who may not act. */
  forbidden: (d: Deployment) => string
  /** The first 400 text that applies, in the vendor's order; none if the change may happen. */
  refusal: (d: Deployment) => string | undefined
  change: (d: Deployment) => void
}

/** Not found, then not authorized, then the call's own refusals; then the change. Returns the deployment before it. */
function act(db: Database, deployments: Deployments, request: DeploymentRequest, rules: Rules): Deployment {
  return db.atomically(() => {
    const d = readDeployment(deployments, request, request.now)
    if (!d) throw new OmedaError(404, documented.deploymentNotFound(request.trackId))
    if (!mayAct(d, request.userId)) throw new OmedaError(403, rules.forbidden(d))
    const refusal = rules.refusal(d)
    if (refusal !== undefined) throw new OmedaError(400, refusal)
    rules.change(d)
    return d
  })
}

const changeBy = (request: DeploymentRequest) => ({ by: request.userId, date: request.now })

export function cancelDeployment(db: Database, deployments: Deployments, request: DeploymentRequest): Deployment {
  return act(db, deployments, request, {
    forbidden: () => documented.notAuthorized(request.userId),
    refusal: sentOrCancelled,
    change: () => deployments.markCancelled(request, changeBy(request)),
  })
}

/** Back to New: editable again, still tested, no ScheduledDate or ApprovalDate. */
export function unscheduleDeployment(db: Database, deployments: Deployments, request: DeploymentRequest): Deployment {
  return act(db, deployments, request, {
    forbidden: () => documented.unscheduleNotAuthorized(request.userId),
    refusal: (d) => sentOrCancelled(d) ?? (d.Status === 'Scheduled' ? undefined : documented.notCurrentlyScheduled(d.TrackId)),
    change: () => deployments.markUnscheduled(request, changeBy(request)),
  })
}

/** Scheduled for the minute asked (or now) and approved now; the clock sends it when it is due. */
export function scheduleDeployment(db: Database, deployments: Deployments, request: ScheduleRequest): Deployment {
  const { scheduledDate, now } = request
  return act(db, deployments, request, {
    forbidden: (d) => documented.scheduleNotAuthorized(request.userId, d.TrackId),
    refusal: (d) => portalProblem(d) ?? sentOrCancelled(d)
      ?? (d.Status === 'Scheduled' ? documented.currentlyScheduled(d.TrackId, d.ScheduledDate ?? '') : undefined)
      ?? (d.RecipientCount === 0 ? documented.noRecipients() : undefined)
      ?? (d.TestSent ? undefined : emulator.notTested(d.TrackId))
      // At or before the current minute is past; [NOW] never is.
      ?? (scheduledDate !== null && scheduledDate <= now.slice(0, 16) ? documented.scheduledDateInPast() : undefined),
    change: () => deployments.markScheduled(request, scheduledDate === null ? now : `${scheduledDate}:00`, changeBy(request)),
  })
}

/** Test copies go to the testers; the deployment counts as tested from then on. */
export function sendTest(db: Database, deployments: Deployments, request: DeploymentRequest): Deployment {
  return act(db, deployments, request, {
    forbidden: (d) => documented.editNotAuthorized(request.userId, d.TrackId),
    refusal: (d) => portalProblem(d)
      ?? (NOT_EDITABLE.has(d.Status) ? documented.cannotBeEdited(d.TrackId) : undefined)
      ?? (d.FinalApproverUserId === null ? documented.noFinalApprover() : undefined),
    change: () => deployments.markTested(request, changeBy(request)),
  })
}
