// POST {brand}/omail/deployment/sendtest/* — the Email Deployment Test API.
import { sendTest as sendTestOf } from '../../world/rules.js'
import { changeEndpoint, WHO } from '../deployment-change.js'

export const sendTest = changeEndpoint('sendtest', 'Send a test of a deployment',
  `Email Deployment Test API. Rules in order: TrackId found (404); UserId is ${WHO}; not created or edited in ` +
  'the Omail portal; not Sent/Sending/Scheduled/Approved/Cancelled; a final approver assigned; with content, ' +
  "every split's content, from name, mailbox and subject; no audience list still loading (400). " +
  'Then it counts as tested.',
  sendTestOf)
