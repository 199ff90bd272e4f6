// A deployment in the Lookup API's shape: what the lookup route answers and the dashboard shows.
import type { LookupView } from '../contract/omeda.js'
import type { Deployment } from './deployment-record.js'

export function lookupView(d: Deployment): LookupView {
  return {
    TrackId: d.TrackId, DeploymentName: d.DeploymentName, Status: d.Status, OwnerUserId: d.OwnerUserId,
    FinalApproverUserId: d.FinalApproverUserId, CreatedBy: d.CreatedBy, CreatedDate: d.CreatedDate,
    ApprovalDate: d.ApprovalDate, ScheduledDate: d.ScheduledDate, SentDate: d.SentDate,
    DeploymentDesignation: d.DeploymentDesignation, DeploymentTypeId: d.DeploymentTypeId,
    DeploymentTypeDescription: d.DeploymentTypeDescription,
    // Nothing is really sent: the counters stay 0.
    SentCount: 0, RecipientCount: d.RecipientCount, UniqueOpens: 0, SplitCount: 0, Splits: [],
    ModificationHistory: d.ModificationHistory,
  }
}
