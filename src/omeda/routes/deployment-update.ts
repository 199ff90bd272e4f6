// PUT {brand}/omail/deployment/* — the Email Deployment API's update: the fields sent change.
import { UpdateBody } from '../../contract/deployment-bodies.js'
import { updateDeployment } from '../../world/deployment-edits.js'
import { defineEndpoint } from '../define-endpoint.js'
import { UPDATE_WORDING } from '../deployment-fields.js'
import { saved, savedSchema } from '../deployment-saved.js'
import { DEPLOYMENT_PATH } from '../urls.js'

export const update = defineEndpoint({
  name: 'update', method: 'PUT', path: DEPLOYMENT_PATH, changesDeployment: true, wording: UPDATE_WORDING,
  schema: (maxLength) => savedSchema('Update a deployment',
    'Email Deployment API, PUT. Rules in order: the body (every problem at once; TrackId and OwnerUserId ' +
    'required); DeploymentDate in the future; TrackId found (404); what the body names exists and is active ' +
    '(400); OwnerUserId is its owner, final approver or an authorized account (403), and may use content ' +
    'recommendations (403); not created or edited in the Omail portal, not Sent/Sending/Scheduled/Approved/' +
    'Cancelled (400). Then the fields sent change, each change in ModificationHistory.',
    UpdateBody, maxLength),
  handle: (request, { world, origin }) =>
    saved(request.id, origin, updateDeployment(world, request.params.brand, request.body)),
})
