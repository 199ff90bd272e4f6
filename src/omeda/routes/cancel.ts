// POST {brand}/omail/deployment/cancel/* — the Email Deployment Cancel API.
import { cancelDeployment } from '../../world/rules.js'
import { defineEndpoint } from '../define-endpoint.js'
import { changed, changeSchema, deploymentBody, deploymentCall, deploymentPath, USER, WHO } from '../deployment-change.js'

export const cancel = defineEndpoint({
  name: 'cancel', method: 'POST', path: deploymentPath('cancel'), changesDeployment: true,
  schema: (maxLength) => changeSchema('Cancel a deployment',
    `Email Deployment Cancel API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
    'not Sent/Sending (400), not already Cancelled (400); then the deployment is Cancelled.',
    deploymentBody(maxLength, USER)),
  handle: (request, { world, origin }) =>
    changed(request.id, origin, cancelDeployment(world, deploymentCall(request.params.brand, request.body))),
})
