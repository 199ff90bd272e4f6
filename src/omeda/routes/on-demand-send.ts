// POST {brand}/omail/deployemails/* — the On Demand Email Send API: one email to one address, from a
// deployment Omeda set up as "API triggered" (fixtures: ApiTriggered). The email goes to the sandbox
// outbox. Rules and choices: docs/on-demand.md.
import { Type } from '@sinclair/typebox'
import { aJsonTypeOf, documented, emulator } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import type { Deployment } from '../../world/deployment-record.js'
import { sendOnDemand } from '../../world/outbox-sends.js'
import type { World } from '../../world/world.js'
import type { BodyWording } from '../body-validation.js'
import { isWebUrl, type ContentSource } from '../content-source.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'

/** The page's one line of success. */
export const ON_DEMAND_STATUS = 'Email Message submitted for delivery'
const PREFERENCES = ['TEXT', 'HTML'] as const
const URL_FIELDS = ['TextContentUrl', 'HtmlContentUrl'] as const
const text = (description: string) => Type.Optional(Type.String({ description }))

const OnDemandBody = (trackIdMax: number) => Type.Object({
  TrackId: Type.String({ maxLength: trackIdMax, description: 'The API triggered deployment ("Track Id")' }),
  EmailAddress: Type.String({ maxLength: 255, description: 'Who receives the email' }),
  FirstName: text("The recipient's first name"),
  LastName: text("The recipient's last name"),
  Subject: text("Overrides the deployment's subject"),
  TextContent: text("Overrides the deployment's text body"),
  HtmlContent: text("Overrides the deployment's HTML body"),
  TextContentUrl: text('Overrides the text body with the content at this URL (read at call time)'),
  HtmlContentUrl: text('Overrides the HTML body with the content at this URL (read at call time)'),
  OmedaCustomerId: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: 'A string or a number' })),
  Preference: text('TEXT or HTML (any case): TEXT sends only the text body, when there is one'),
  FromName: text("Overrides the deployment's from name"),
  MergeVariables: Type.Optional(Type.Unknown({
    description: 'A "name:value,…" list or an array of objects; kept in the journal, not applied',
  })),
})

const isAddress = (value: string) => /^[^\s@]+@[^\s@]+$/.test(value)

/** What the schema cannot say: an address, a preference, URLs, and the fields that take two types. */
const ON_DEMAND_WORDING: BodyWording = {
  rules: (body) => {
    const problems: string[] = []
    const { EmailAddress, Preference, OmedaCustomerId, MergeVariables } = body
    if (typeof EmailAddress === 'string' && /\S/.test(EmailAddress) && !isAddress(EmailAddress.trim())) {
      problems.push(emulator.notAnEmailAddress(EmailAddress, 'EmailAddress'))
    }
    for (const field of URL_FIELDS) {
      const value = body[field]
      if (typeof value === 'string' && !isWebUrl(value)) problems.push(emulator.notAUrl(value, field))
    }
    if (OmedaCustomerId !== undefined && typeof OmedaCustomerId !== 'string' && typeof OmedaCustomerId !== 'number') {
      problems.push(emulator.wrongType('OmedaCustomerId', 'a string or a number', aJsonTypeOf(OmedaCustomerId)))
    }
    if (typeof Preference === 'string' && !PREFERENCES.some((p) => p === Preference.toUpperCase())) {
      problems.push(emulator.notAPreference(Preference))
    }
    if (MergeVariables !== undefined && (typeof MergeVariables !== 'object' && typeof MergeVariables !== 'string')) {
      problems.push(emulator.wrongType('MergeVariables', 'a string or an array', aJsonTypeOf(MergeVariables)))
    }
    return problems
  },
}

/** The deployment named, as an on-demand send may use it: found (404), then API triggered (400). */
function apiTriggered(world: World, brand: string, trackId: string): Deployment {
  const d = world.find(brand, trackId)
  if (!d) throw new OmedaError(404, documented.deploymentNotFound(trackId))
  if (!d.ApiTriggered) throw new OmedaError(400, documented.notApiTriggered())
  return d
}

/** A body given in the call, else read from its URL, else none (the deployment's own). */
async function body(given: string | undefined, field: string, url: string | undefined, source: ContentSource) {
  return given ?? (url === undefined ? null : await source.read(field, url))
}

export const onDemandSend = defineEndpoint({
  name: 'onDemandSend', method: 'POST', path: '/omail/deployemails', changesDeployment: false,
  wording: ON_DEMAND_WORDING,
  schema: (maxLength) => ({
    summary: 'Send one email from an API triggered deployment',
    description: 'On Demand Email Send API. Rules in order: the body (every problem at once); TrackId found ' +
      '(404); the deployment set up as API triggered (400, `Deployment is not an API triggered deployment`); ' +
      'the content URLs read (400). The email (split 1 of the deployment, with the overrides given) goes to ' +
      'the sandbox outbox (GET /__admin/outbox).',
    params: omedaParams({}),
    body: OnDemandBody(maxLength.TrackId),
    response: {
      200: Type.Object({
        SubmissionId: Type.String(),
        Status: Type.Literal(ON_DEMAND_STATUS),
      }, { description: 'Submitted' }),
    },
  }),
  handle: async (request, { world, content: source }) => {
    const { body: sent, params: { brand } } = request
    apiTriggered(world, brand, sent.TrackId)
    const [HtmlContent, TextContent] = await Promise.all([
      body(sent.HtmlContent, 'HtmlContentUrl', sent.HtmlContentUrl, source),
      body(sent.TextContent, 'TextContentUrl', sent.TextContentUrl, source),
    ])
    const preference = sent.Preference?.toUpperCase()
    world.atomically(() => sendOnDemand(world, apiTriggered(world, brand, sent.TrackId), sent.EmailAddress, {
      FromName: sent.FromName ?? null, Subject: sent.Subject ?? null, HtmlContent, TextContent,
      Preference: preference === 'TEXT' || preference === 'HTML' ? preference : null,
    }))
    return { SubmissionId: request.id, Status: ON_DEMAND_STATUS } as const
  },
})
