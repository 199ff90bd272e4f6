// A deployment in the Lookup API's shape: what the lookup route answers and the dashboard shows.
import type { LookupView } from '../contract/omeda.js'
import type { Deployment } from './deployment-record.js'

const trueOrFalse = (value: boolean) => (value ? 'true' : 'false')

export function lookupView(d: Deployment): LookupView {
  return {
    TrackId: d.TrackId, DeploymentName: d.DeploymentName, Status: d.Status, OwnerUserId: d.OwnerUserId,
    FinalApproverUserId: d.FinalApproverUserId, CreatedBy: d.CreatedBy, CreatedDate: d.CreatedDate,
    ApprovalDate: d.ApprovalDate, ScheduledDate: d.ScheduledDate, SentDate: d.SentDate,
    DeploymentDesignation: d.DeploymentDesignation, DeploymentTypeId: d.DeploymentTypeId,
    DeploymentTypeDescription: d.DeploymentTypeDescription,
    RequestedDate: d.RequestedDate, CampaignId: d.CampaignId ?? '', Notes: d.Notes ?? undefined,
    BillingCategoryCode: d.BillingCategoryCode ?? undefined,
    TrackLinks: trueOrFalse(d.TrackLinks), TrackOpens: trueOrFalse(d.TrackOpens), IsFiltered: 'false',
    ReloadOnqQueryBeforeFinalDeployment: trueOrFalse(d.ReloadOnqQueryBeforeFinalDeployment),
    // Nothing is really sent: the counters stay 0. RecipientCount is left out until there is an audience.
    SentCount: 0, RecipientCount: d.RecipientCount ?? undefined, UniqueOpens: 0, SplitCount: d.SplitCount,
    Splits: [],
    Testers: d.Testers.map(({ FirstName, LastName, EmailAddress }) => ({ FirstName, LastName, EmailAddress })),
    ModificationHistory: d.ModificationHistory,
  }
}
