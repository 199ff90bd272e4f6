// POST {brand}/omail/deployment/unschedule/* — the Email Deployment Unschedule API.
import { unscheduleDeployment } from '../../world/rules.js'
import { changeEndpoint, WHO } from '../deployment-change.js'

export const unschedule = changeEndpoint('unschedule', 'Unschedule a deployment',
  `Email Deployment Unschedule API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
  'not Sent/Sending, not Cancelled, and Scheduled (400); then it is New again: editable, still tested.',
  unscheduleDeployment)
