// The table of Omeda endpoints the emulator serves: the one list that the routes (both URL forms,
// the `/*` tail, the 405s), the OpenAPI document, the journal's and the metrics' names, the fault
// scopes and the dashboard all come from. A new endpoint is a route file and one line here.
import { audienceAdd } from './routes/audience-add.js'
import { audienceRemove } from './routes/audience-remove.js'
import { audienceStatus } from './routes/audience-status.js'
import { cancel } from './routes/cancel.js'
import { content } from './routes/content.js'
import { contentLookup } from './routes/content-lookup.js'
import { clone } from './routes/deployment-clone.js'
import { create } from './routes/deployment-create.js'
import { deploymentTypes } from './routes/deployment-types.js'
import { update } from './routes/deployment-update.js'
import { lookup } from './routes/lookup.js'
import { onDemandSend } from './routes/on-demand-send.js'
import { schedule } from './routes/schedule.js'
import { search } from './routes/search.js'
import { sendTest } from './routes/send-test.js'
import { unschedule } from './routes/unschedule.js'

export const OMEDA_ENDPOINTS = [
  cancel, unschedule, schedule, sendTest, search, lookup, deploymentTypes, create, update, clone,
  audienceAdd, audienceStatus, audienceRemove, content, contentLookup, onDemandSend,
] as const

/** An endpoint's name, as fault scopes, the journal and the metrics give it. */
export type OmedaEndpoint = (typeof OMEDA_ENDPOINTS)[number]['name']

export const ENDPOINT_NAMES: readonly OmedaEndpoint[] = OMEDA_ENDPOINTS.map((e) => e.name)
