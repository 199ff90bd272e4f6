// The vendor's rules for one deployment. A cancel's check-and-change runs atomically (see
// Database.atomically), so concurrent calls, in this process or another on the same file, see each other.
import type { Database } from '../db/database.js'
import { documented } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Deployment, DeploymentKey, Deployments } from './deployments.js'

/** A cancel as the vendor receives it, with the sandbox's now in the vendor's form. */
export interface CancelRequest extends DeploymentKey {
  userId: string
  now: string
}

/** A Scheduled deployment whose time has come is Sent, as of its ScheduledDate. */
export const isDue = (d: Deployment, now: string): boolean => d.Status === 'Scheduled' && d.ScheduledDate !== null && d.ScheduledDate <= now

const mayCancel = (deployment: Deployment, userId: string): boolean => {
  const user = userId.toLowerCase()
  return [deployment.OwnerUserId, ...deployment.AuthorizedUserIds].some((id) => id.toLowerCase() === user)
}

/**
 * Reads a deployment as of now: a due one is Sent. Needs no transaction: sending a due deployment
 * is idempotent and guarded by its status.
 */
export function readDeployment(deployments: Deployments, key: DeploymentKey, now: string): Deployment | undefined {
  const deployment = deployments.find(key)
  if (!deployment || !isDue(deployment, now)) return deployment
  deployments.markSent(key)
  return { ...deployment, Status: 'Sent', SentDate: deployment.ScheduledDate }
}

/** Cancels the deployment or throws the OmedaError the vendor would answer with. */
export function cancelDeployment(db: Database, deployments: Deployments, request: CancelRequest): Deployment {
  return db.atomically(() => {
    const deployment = readDeployment(deployments, request, request.now)
    if (!deployment) throw new OmedaError(404, documented.deploymentNotFound(request.trackId))
    if (!mayCancel(deployment, request.userId)) throw new OmedaError(403, documented.notAuthorized(request.userId))
    if (deployment.Status === 'Sent' || deployment.Status === 'Sending') {
      const sendDate = deployment.SentDate ?? deployment.ScheduledDate ?? ''
      throw new OmedaError(400, documented.wasSent(deployment.TrackId, sendDate))
    }
    if (deployment.Status === 'Cancelled') throw new OmedaError(400, documented.previouslyCancelled(deployment.TrackId))
    deployments.markCancelled(request, request.now, request.userId)
    return { ...deployment, Status: 'Cancelled', CancelledDate: request.now, CancelledBy: request.userId }
  })
}
