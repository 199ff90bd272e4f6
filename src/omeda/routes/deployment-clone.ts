// POST {brand}/omail/deployment/clone/* — the Email Deployment Clone API: a New copy of a deployment.
import { CloneBody } from '../../contract/deployment-bodies.js'
import { cloneDeployment } from '../../world/deployment-edits.js'
import { defineEndpoint } from '../define-endpoint.js'
import { CLONE_WORDING } from '../deployment-fields.js'
import { made, savedSchema } from '../deployment-saved.js'
import { deploymentPath } from '../urls.js'

export const clone = defineEndpoint({
  name: 'clone', method: 'POST', path: deploymentPath('clone'), changesDeployment: true, wording: CLONE_WORDING,
  schema: (maxLength) => savedSchema('Clone a deployment',
    'Email Deployment Clone API. Rules in order: the body (every problem at once); DeploymentDate in the ' +
    'future; CloneTrackId found (404); the accounts named exist and are active (400); OwnerUserId, when given, ' +
    'may act on the source (403); the source was not made or edited in the Omail portal (400). Then a New ' +
    'copy: fields left out keep the source\'s, DeploymentName defaults to "Copy of " + its name, testers merge.',
    CloneBody, maxLength),
  handle: (request, served) =>
    made(request.id, served, cloneDeployment(served.world, request.params.brand, request.body)),
})
