// POST {brand}/omail/deployment/unschedule/* — the Email Deployment Unschedule API.
import { unscheduleDeployment } from '../../world/rules.js'
import { defineEndpoint } from '../define-endpoint.js'
import { changed, changeSchema, deploymentBody, deploymentCall, deploymentPath, USER, WHO } from '../deployment-change.js'

export const unschedule = defineEndpoint({
  name: 'unschedule', method: 'POST', path: deploymentPath('unschedule'), changesDeployment: true,
  schema: (maxLength) => changeSchema('Unschedule a deployment',
    `Email Deployment Unschedule API. Rules in order: TrackId found (404); UserId is ${WHO}; ` +
    'not Sent/Sending, not Cancelled, and Scheduled (400); then it is New again: editable, still tested.',
    deploymentBody(maxLength, USER)),
  handle: (request, { world, origin }) =>
    changed(request.id, origin, unscheduleDeployment(world, deploymentCall(request.params.brand, request.body))),
})
