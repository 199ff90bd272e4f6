// How a deployment is stored: its columns, a row as SQLite gives it back, and a fixture deployment
// with every default applied, as it is written. What a create gives beyond the columns is one JSON
// object, its settings.
import type { ModificationEntry } from '../contract/omeda.js'
import type { DeploymentSettings, DeploymentStatus, FixtureDeployment } from '../seed/format.js'
import type { Deployment } from './deployment-record.js'

/**
 * The columns a deployment is read with, as of `@now`: an audience whose lists are still loading
 * is no audience yet (RecipientCount stays out of lookup until the last has loaded).
 */
export const DEPLOYMENT_COLUMNS = `
  brand AS Brand, track_id AS TrackId, deployment_name AS DeploymentName, owner_user_id AS OwnerUserId,
  authorized_user_ids AS AuthorizedUserIds, final_approver_user_id AS FinalApproverUserId,
  created_by AS CreatedBy, created_date AS CreatedDate, status AS Status, approval_date AS ApprovalDate,
  scheduled_date AS ScheduledDate, sent_date AS SentDate, cancelled_date AS CancelledDate, cancelled_by AS CancelledBy,
  deployment_designation AS DeploymentDesignation, deployment_type_id AS DeploymentTypeId,
  deployment_type_description AS DeploymentTypeDescription, recipient_count AS RecipientCount, test_sent AS TestSent,
  created_in_portal AS CreatedInPortal, edited_in_portal_by AS EditedInPortalBy,
  edited_in_portal_date AS EditedInPortalDate, history AS ModificationHistory, settings AS Settings,
  CASE WHEN audience_ready_at > @now THEN 0 ELSE has_audience END AS HasAudience`
export const STORED_VALUES = `(@tenant, @Brand, @TrackId, @DeploymentName, @OwnerUserId, @AuthorizedUserIds,
  @FinalApproverUserId, @CreatedBy, @CreatedDate, @Status, @ApprovalDate, @ScheduledDate, @SentDate,
  @CancelledDate, @CancelledBy,
  @DeploymentDesignation, @DeploymentTypeId, @DeploymentTypeDescription, @RecipientCount, @TestSent,
  @CreatedInPortal, @EditedInPortalBy, @EditedInPortalDate, @ModificationHistory, @Settings, @HasAudience)`
export const STORED_COLUMNS = `brand, track_id, deployment_name, owner_user_id, authorized_user_ids,
  final_approver_user_id, created_by, created_date, status, approval_date, scheduled_date, sent_date, cancelled_date,
  cancelled_by, deployment_designation, deployment_type_id, deployment_type_description, recipient_count, test_sent,
  created_in_portal, edited_in_portal_by, edited_in_portal_date, history, settings, has_audience`

/**
 * A row as SQLite gives it in raw mode, in DEPLOYMENT_COLUMNS order: lists as JSON text, booleans
 * as 0 or 1. Raw rows are arrays: better-sqlite3 builds no object with 25 keys per read.
 */
export type DeploymentRow = [
  Brand: string, TrackId: string, DeploymentName: string | null, OwnerUserId: string, AuthorizedUserIds: string,
  FinalApproverUserId: string | null, CreatedBy: string, CreatedDate: string | null, Status: DeploymentStatus,
  ApprovalDate: string | null, ScheduledDate: string | null, SentDate: string | null, CancelledDate: string | null,
  CancelledBy: string | null, DeploymentDesignation: Deployment['DeploymentDesignation'],
  DeploymentTypeId: number | null,
  DeploymentTypeDescription: string | null, RecipientCount: number, TestSent: number, CreatedInPortal: number,
  EditedInPortalBy: string | null, EditedInPortalDate: string | null, ModificationHistory: string, Settings: string,
  HasAudience: number
]
export const toDeployment = ([
  Brand, TrackId, DeploymentName, OwnerUserId, AuthorizedUserIds, FinalApproverUserId, CreatedBy, CreatedDate, Status,
  ApprovalDate, ScheduledDate, SentDate, CancelledDate, CancelledBy, DeploymentDesignation, DeploymentTypeId,
  DeploymentTypeDescription, RecipientCount, TestSent, CreatedInPortal, EditedInPortalBy, EditedInPortalDate,
  ModificationHistory, Settings, HasAudience,
]: DeploymentRow): Deployment => ({
  Brand, TrackId, DeploymentName, OwnerUserId, AuthorizedUserIds: JSON.parse(AuthorizedUserIds) as string[],
  FinalApproverUserId, CreatedBy, CreatedDate, Status, ApprovalDate, ScheduledDate, SentDate, CancelledDate,
  CancelledBy, DeploymentDesignation, DeploymentTypeId, DeploymentTypeDescription,
  RecipientCount: HasAudience === 1 ? RecipientCount : null,
  TestSent: TestSent === 1, CreatedInPortal: CreatedInPortal === 1, EditedInPortalBy, EditedInPortalDate,
  ModificationHistory: JSON.parse(ModificationHistory) as ModificationEntry[],
  ...withDefaults(JSON.parse(Settings) as Partial<DeploymentSettings>),
})

/** Statuses a deployment reaches only after a test was sent: the default of TestSent. */
const TESTED_STATUSES: ReadonlySet<DeploymentStatus> = new Set(['Approved', 'Scheduled', 'Sending', 'Sent'])

/** What a fixture's dates say happened to it, oldest first. */
function seededHistory(d: FixtureDeployment): ModificationEntry[] {
  const entries: (ModificationEntry | null)[] = [
    d.CreatedDate
      ? {
          ChangeDescription: 'Deployment created',
          ChangedBy: d.CreatedBy ?? d.OwnerUserId,
          ChangedDate: d.CreatedDate
        }
      : null,
    d.SentDate ? { ChangeDescription: 'Deployment sent', ChangedBy: 'system', ChangedDate: d.SentDate } : null,
    d.CancelledDate
      ? {
          ChangeDescription: 'Deployment cancelled',
          ChangedBy: d.CancelledBy ?? '',
          ChangedDate: d.CancelledDate
        }
      : null,
  ]
  return entries.filter((e): e is ModificationEntry => e !== null)
    .sort((a, b) => a.ChangedDate.localeCompare(b.ChangedDate))
}

/** What a seeded deployment has of the settings a create gives. */
const SETTINGS_DEFAULTS: Required<DeploymentSettings> = {
  CampaignId: null, Notes: null, RequestedDate: null, TrackLinks: true, TrackOpens: true,
  ReloadOnqQueryBeforeFinalDeployment: false, BillingCategoryCode: null, SplitCount: 0, Testers: [],
  UseContentRecommendation: false, ContentRecommendationBehaviorId: null, UseImagesInRecommendation: false,
  NumberOfRecommendations: null, ApiTriggered: false,
}
const SETTINGS = Object.keys(SETTINGS_DEFAULTS) as (keyof DeploymentSettings)[]
const withDefaults = (settings: DeploymentSettings): Required<DeploymentSettings> =>
  ({ ...SETTINGS_DEFAULTS, ...settings })

/** A fixture deployment with every default applied, as stored: its settings as one JSON object. */
export function storedRow(tenant: string, deployment: FixtureDeployment, history?: ModificationEntry[]) {
  // Its splits' content is stored apart (split-contents.ts).
  const { Splits: _splits, ...d }: Record<string, unknown> = deployment
  const settings: Record<string, unknown> = {}
  for (const key of SETTINGS) {
    if (d[key] !== undefined) settings[key] = d[key]
    delete d[key]
  }
  return {
    tenant, DeploymentName: null, FinalApproverUserId: null, CreatedDate: null, ApprovalDate: null,
    ScheduledDate: null, SentDate: null, CancelledDate: null, CancelledBy: null, DeploymentDesignation: null,
    DeploymentTypeId: null, DeploymentTypeDescription: null,
    EditedInPortalBy: null, EditedInPortalDate: null,
    ...d,
    RecipientCount: deployment.RecipientCount ?? (deployment.RecipientCount === null ? 0 : 1),
    HasAudience: deployment.RecipientCount === null ? 0 : 1,
    Settings: JSON.stringify(settings),
    CreatedBy: deployment.CreatedBy ?? deployment.OwnerUserId,
    AuthorizedUserIds: JSON.stringify(deployment.AuthorizedUserIds ?? []),
    TestSent: (deployment.TestSent ?? TESTED_STATUSES.has(deployment.Status)) ? 1 : 0,
    CreatedInPortal: deployment.CreatedInPortal === true ? 1 : 0,
    ModificationHistory: JSON.stringify(history ?? deployment.ModificationHistory ?? seededHistory(deployment)),
  }
}
