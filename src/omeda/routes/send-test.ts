// POST {brand}/omail/deployment/sendtest/* — the Email Deployment Test API.
import { sendTest as sendTestOf } from '../../world/rules.js'
import { defineEndpoint } from '../define-endpoint.js'
import { changed, changeSchema, deploymentBody, deploymentCall, deploymentPath, USER, WHO } from '../deployment-change.js'

export const sendTest = defineEndpoint({
  name: 'sendtest', method: 'POST', path: deploymentPath('sendtest'), changesDeployment: true,
  schema: (maxLength) => changeSchema('Send a test of a deployment',
    `Email Deployment Test API. Rules in order: TrackId found (404); UserId is ${WHO}; not created or edited in ` +
    'the Omail portal; not Sent/Sending/Scheduled/Approved/Cancelled; a final approver assigned (400). Then it counts as tested.',
    deploymentBody(maxLength, USER)),
  handle: (request, { world, origin }) =>
    changed(request.id, origin, sendTestOf(world, deploymentCall(request.params.brand, request.body))),
})
