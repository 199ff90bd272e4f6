// POST {brand}/omail/deployment/cancel/* — the Email Deployment Cancel API.
import { cancelDeployment } from '../../world/rules.js'
import { changeEndpoint, WHO } from '../deployment-change.js'

export const cancel = changeEndpoint('cancel', 'Cancel a deployment',
  `Email Deployment Cancel API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
  'not Sent/Sending (400), not already Cancelled (400); then the deployment is Cancelled.',
  cancelDeployment)
