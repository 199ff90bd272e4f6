// A deployment in the Lookup API's shape: what the lookup route answers and the dashboard shows.
import type { LookupSplit, LookupView } from '../contract/omeda.js'
import type { Deployment } from './deployment-record.js'
import type { SplitContent } from './send-record.js'

const trueOrFalse = (value: boolean) => (value ? 'true' : 'false')

/** Where a split's content is looked up (urls.ts). */
export type ContentUrl = (kind: 'html' | 'text', split: number) => string

/** A split with content: nothing is scored for spam, and no audience is modelled per split (0). */
const lookupSplit = (s: SplitContent, url: ContentUrl): LookupSplit => ({
  Sequence: s.Sequence, FromName: s.FromName, FromEmail: s.Mailbox, Subject: s.Subject, EmailSubject: s.Subject,
  ReplyTo: s.ReplyTo, Preheader: s.Preheader,
  ...(s.HtmlContent === null ? {} : { HtmlContentUrl: url('html', s.Sequence) }),
  ...(s.TextContent === null ? {} : { TextContentUrl: url('text', s.Sequence) }),
  TextSpamScore: 0, HtmlSpamScore: 0, SpamScoreText: 0, SpamScoreHtml: 0, RecipientSourceId: 0,
})

/** The deployment; its splits' content and where to look it up, when it has any. */
export function lookupView(d: Deployment, splits: SplitContent[] = [], url: ContentUrl = () => ''): LookupView {
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
    SentCount: 0, RecipientCount: d.RecipientCount ?? undefined, UniqueOpens: 0,
    SplitCount: Math.max(d.SplitCount, ...splits.map((s) => s.Sequence)),
    Splits: splits.map((s) => lookupSplit(s, url)),
    Testers: d.Testers.map(({ FirstName, LastName, EmailAddress }) => ({ FirstName, LastName, EmailAddress })),
    ModificationHistory: d.ModificationHistory,
  }
}
