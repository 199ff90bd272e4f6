// A list's assignment status as of a world's now, and the status page's body for it: what the status
// endpoint answers and what a callback POSTs. The status follows from the list's times alone, so the
// admin clock moves it on and every process sharing a file agrees on it.
import type { AssignmentStatus, AudienceStatus } from '../contract/audience-bodies.js'
import { documented, emulator } from '../messages.js'
import type { AudienceList } from './audience-record.js'

export function assignmentStatus(list: AudienceList, now: string): AssignmentStatus {
  if (list.RemovedAt !== null) return 'LIST_REMOVED'
  if (now < list.LoadingAt) return 'QUEUED'
  if (now < list.ReadyAt) return 'IN_PROCESS'
  if (list.ValidRows === 0) return 'ERROR'
  return list.InvalidRows > 0 ? 'WARNING' : 'DONE'
}

/** Loading has ended, well or not: DONE, WARNING and ERROR. */
export const hasLoaded = (status: AssignmentStatus): boolean =>
  status === 'DONE' || status === 'WARNING' || status === 'ERROR'

function messageOf(list: AudienceList, status: AssignmentStatus): string | undefined {
  if (status === 'WARNING') return emulator.warningRows(list.InvalidRows)
  if (status === 'ERROR') return documented.noValidRecipients()
  if (status === 'LIST_REMOVED') return documented.listRemoved(list.Name, list.RemovedBy ?? '', list.RemovedAt ?? '')
  return undefined
}

/** The status body of a list as of `now`; the page names the status both ways, so both keys are sent. */
export function statusView(list: AudienceList, now: string, submissionId: string): AudienceStatus {
  const status = assignmentStatus(list, now)
  const message = messageOf(list, status)
  return {
    SubmissionId: submissionId, ListId: list.ListId, TrackId: list.TrackId,
    AssignmentStatusCode: status, AssignmentStatus: status, SplitNumber: list.SplitNumber,
    [list.Kind]: list.Name,
    ...(status === 'DONE' || status === 'WARNING' ? { RecipientCount: list.ValidRows } : {}),
    ...(message === undefined ? {} : { Message: message }),
  }
}
