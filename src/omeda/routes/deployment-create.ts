// POST {brand}/omail/deployment/* — the Email Deployment API's create: a New deployment with a
// TrackId of the brand's day. Rules and their order: docs/deployments.md.
import { CreateBody } from '../../contract/deployment-bodies.js'
import { createDeployment } from '../../world/deployment-edits.js'
import { defineEndpoint } from '../define-endpoint.js'
import { CREATE_WORDING } from '../deployment-fields.js'
import { made, savedSchema } from '../deployment-saved.js'
import { DEPLOYMENT_PATH } from '../urls.js'

export const create = defineEndpoint({
  name: 'create', method: 'POST', path: DEPLOYMENT_PATH, changesDeployment: true, wording: CREATE_WORDING,
  schema: (maxLength) => savedSchema('Create a deployment',
    'Email Deployment API, POST. Rules in order: the body (every problem at once; no TrackId); DeploymentDate ' +
    'in the future; the accounts, type, billing category and behavior named exist and are active (400); ' +
    'the owner may use content recommendations (403). Then a New deployment, TrackId {BRAND}{yyMMdd}{nnn}.',
    CreateBody, maxLength),
  handle: (request, served) =>
    made(request.id, served, createDeployment(served.world, request.params.brand, request.body)),
})
