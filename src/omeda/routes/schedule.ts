// POST {brand}/omail/deployment/schedule/* — the Email Deployment Schedule API: the others' body,
// plus a ScheduledDate.
import { Type } from '@sinclair/typebox'
import { NOW } from '../../contract/omeda.js'
import { scheduleDeployment } from '../../world/rules.js'
import { defineEndpoint } from '../define-endpoint.js'
import { changed, changeSchema, deploymentBody, deploymentCall, WHO } from '../deployment-change.js'
import { deploymentPath } from '../urls.js'

export const schedule = defineEndpoint({
  name: 'schedule', method: 'POST', path: deploymentPath('schedule'), changesDeployment: true,
  schema: (maxLength) => changeSchema('Schedule a deployment',
    `Email Deployment Schedule API. Rules in order: TrackId found (404); UserId is ${WHO}; not created ` +
    'or edited in the Omail portal; not Sent/Sending, not Cancelled, not already Scheduled; recipients; ' +
    'a test sent; a future minute (400). Then it is Scheduled, approved now, and sent when the sandbox ' +
    'clock reaches ScheduledDate.',
    Type.Composite([deploymentBody(maxLength, 'The OwnerUserId or FinalApproverUserId'), Type.Object({
      ScheduledDate: Type.String({
        format: 'omeda-schedule-date',
        description: `yyyy-MM-dd HH:mm in Omeda's time zone, or ${NOW}`
      }),
    })])),
  handle: (request, { world, origin }) => {
    const { params, body } = request
    const scheduledDate = body.ScheduledDate === NOW ? null : body.ScheduledDate
    const call = { ...deploymentCall(params.brand, body), scheduledDate }
    return changed(request.id, origin, scheduleDeployment(world, call))
  },
})
