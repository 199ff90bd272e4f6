// The vendor's rules for one deployment. A cancel's check-and-change is atomic (see
// Store.atomically), so concurrent calls, in this process or another on the same file, see each other.
import { documented, OmedaError } from './messages.js'
import type { Sandbox } from './sandbox.js'
import type { Deployment } from './store.js'

export interface CancelRequest {
  tenant: string
  brand: string
  trackId: string
  userId: string
}

const mayCancel = (deployment: Deployment, userId: string): boolean => {
  const user = userId.toLowerCase()
  return [deployment.OwnerUserId, ...deployment.AuthorizedUserIds].some((id) => id.toLowerCase() === user)
}

/**
 * Reads a deployment as of the sandbox's now: a Scheduled one whose time has passed is Sent.
 * Needs no transaction: sending a due deployment is idempotent and guarded by its status.
 */
export function readDeployment(
  sandbox: Sandbox, tenant: string, brand: string, trackId: string, now = sandbox.nowText(tenant),
): Deployment | undefined {
  const deployment = sandbox.store.findDeployment(tenant, brand, trackId)
  return deployment && sandbox.store.sendIfDue(tenant, deployment, now)
}

/** Cancels the deployment or throws the OmedaError the vendor would answer with. */
export function cancelDeployment(sandbox: Sandbox, request: CancelRequest): Deployment {
  const { store } = sandbox
  return store.atomically(() => {
    const now = sandbox.nowText(request.tenant)
    const deployment = readDeployment(sandbox, request.tenant, request.brand, request.trackId, now)
    if (!deployment) throw new OmedaError(404, documented.deploymentNotFound(request.trackId))
    if (!mayCancel(deployment, request.userId)) throw new OmedaError(403, documented.notAuthorized(request.userId))
    if (deployment.Status === 'Sent' || deployment.Status === 'Sending') {
      const sendDate = deployment.SentDate ?? deployment.ScheduledDate ?? ''
      throw new OmedaError(400, documented.wasSent(deployment.TrackId, sendDate))
    }
    if (deployment.Status === 'Cancelled') throw new OmedaError(400, documented.previouslyCancelled(deployment.TrackId))
    const cancelled: Deployment = { ...deployment, Status: 'Cancelled', CancelledDate: now, CancelledBy: request.userId }
    store.markCancelled(request.tenant, cancelled, now, request.userId)
    return cancelled
  })
}

export interface ModificationEntry {
  ChangeDescription: string
  ChangedBy: string
  ChangedDate: string
}

/** The lookup's history, derived from the record's dates, oldest first. */
export function modificationHistory(d: Deployment): ModificationEntry[] {
  const entries: (ModificationEntry | null)[] = [
    d.CreatedDate ? { ChangeDescription: 'Deployment created', ChangedBy: d.CreatedBy ?? d.OwnerUserId, ChangedDate: d.CreatedDate } : null,
    d.SentDate ? { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: d.SentDate } : null,
    d.CancelledDate ? { ChangeDescription: 'Deployment cancelled', ChangedBy: d.CancelledBy ?? '', ChangedDate: d.CancelledDate } : null,
  ]
  return entries.filter((e): e is ModificationEntry => e !== null).sort((a, b) => a.ChangedDate.localeCompare(b.ChangedDate))
}
