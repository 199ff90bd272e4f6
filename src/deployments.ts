// The vendor's cancel rules, applied in the documented order inside one write transaction, so that
// concurrent cancels of one deployment (in this process or another on the same file) see each other.
import { documented, OmedaError } from './messages.js'
import type { Deployment, Store } from './store.js'

export interface CancelRequest {
  brand: string
  trackId: string
  userId: string
}

const mayCancel = (deployment: Deployment, userId: string): boolean => {
  const user = userId.toLowerCase()
  return [deployment.OwnerUserId, ...deployment.AuthorizedUserIds].some((id) => id.toLowerCase() === user)
}

/** Cancels the deployment or throws the OmedaError the vendor would answer with. */
export function cancelDeployment(store: Store, request: CancelRequest, now: () => string): Deployment {
  return store.immediate(() => {
    const deployment = store.findDeployment(request.brand, request.trackId)
    if (!deployment) throw new OmedaError(404, documented.deploymentNotFound(request.trackId))
    if (!mayCancel(deployment, request.userId)) throw new OmedaError(403, documented.notAuthorized(request.userId))
    if (deployment.Status === 'Sent' || deployment.Status === 'Sending') {
      const sendDate = deployment.SentDate ?? deployment.ScheduledDate ?? ''
      throw new OmedaError(400, documented.wasSent(deployment.TrackId, sendDate))
    }
    if (deployment.Status === 'Cancelled') throw new OmedaError(400, documented.previouslyCancelled(deployment.TrackId))
    const cancelled: Deployment = { ...deployment, Status: 'Cancelled', CancelledDate: now(), CancelledBy: request.userId }
    store.markCancelled(cancelled, cancelled.CancelledDate as string, request.userId)
    return cancelled
  })
}
