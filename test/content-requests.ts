// Calls to the content page (XML) as clients make them, and reading its XML answers.
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Test } from 'tap'
import type { Config } from '../src/config.js'
import { lookedUp, worldState } from './deployment-requests.js'
import { appIdHeader, build, omedaUrl, TEST_WORLD, type OmedaCallOptions } from './helpers.js'

export const contentUrl = (options: OmedaCallOptions = {}) => omedaUrl('content', options)

export function postContent(
  app: FastifyInstance, xml: string, options: OmedaCallOptions & { type?: string | null } = {}
): Promise<LightMyRequestResponse> {
  const { appId, headers = {}, type = 'text/xml; charset=utf8' } = options
  return app.inject({
    method: 'POST', url: contentUrl(options), payload: xml,
    headers: { ...(type === null ? {} : { 'content-type': type }), ...appIdHeader(appId), ...headers },
  })
}

const reader = new XMLParser({ isArray: (name) => name === 'Error' || name === 'Warning', parseTagValue: false })

/** The answer's <ResponseInfo>, which must be well-formed XML. */
export function responseInfo(res: LightMyRequestResponse): {
  TrackId?: string; Url?: string; SubmissionId: string; Errors?: { Error: string[] }; Warnings?: { Warning: string[] }
} {
  if (XMLValidator.validate(res.body) !== true) throw new Error(`not XML: ${res.body}`)
  return (reader.parse(res.body) as { ResponseInfo: ReturnType<typeof responseInfo> }).ResponseInfo
}

export const xmlErrors = (res: LightMyRequestResponse): string[] => responseInfo(res).Errors?.Error ?? []

/** The flat form, every value in CDATA, `\n`-joined, no declaration: the Symfony bundle's shape. */
export const flat = (fields: Record<string, string>): string =>
  ['<Deployment>', ...Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`), '</Deployment>']
    .join('\n')

export const HTML = '<html><body><p>Hello</p><a href="https://example.com/unsubscribe">Unsubscribe</a></body></html>'

/** A split whose content passes every rule of the content page and of send test. */
export const fullSplit = (Sequence: number, extra: Record<string, string> = {}) => ({
  Sequence, FromName: 'Qux Desk', Mailbox: 'desk', Subject: `Issue ${Sequence}`, HtmlContent: HTML,
  TextContent: 'Hello', ...extra,
})

/** A New QUX deployment owned by omailAccount1, approved by qaLead, with 10 recipients, seeded as the fixtures say. */
export const quxDeployment = (trackId: string, extra: Record<string, unknown> = {}) => ({
  Brand: 'QUX', TrackId: trackId, DeploymentName: `Seeded ${trackId}`, OwnerUserId: 'omailAccount1',
  FinalApproverUserId: 'qaLead', Status: 'New', RecipientCount: 10, ...extra,
})

/** Brand QUX (deployment defaults, a type, a query), for the tests' app id, beside the tests' world. */
export const QUX = {
  apps: [{ AppId: 'sandbox-app-id', Brands: ['QUX'] }],
  brands: [{
    BrandAbbrev: 'QUX', Id: 3100, Description: 'Qux Quarterly',
    DeploymentDefaults: {
      FromName: 'Qux Desk', Mailbox: 'desk', Subject: 'From the Qux desk', ReplyTo: 'r@qux.example',
    },
  }],
  deploymentTypes: [{ Brand: 'QUX', Id: 12, Name: 'Quarterly', Description: 'Quarterly', StatusCode: 1 }],
  audiences: [{ Brand: 'QUX', QueryName: 'Qux readers', Rows: 10 }],
}

/** The tests' world and a fixture file of QUX with these deployments and contentUrls (in t's folder). */
export function buildWithQux(
  t: Test, document: { deployments?: unknown[]; contentUrls?: Record<string, string> } = {},
  overrides: Partial<Config> = {}
): Promise<FastifyInstance> {
  const dir = t.testdir({ 'qux.json': JSON.stringify({ ...QUX, deployments: [], ...document }) })
  return build(t, { fixtures: [TEST_WORLD, join(dir, 'qux.json')], ...overrides })
}

/** GETs a split's raw content the way a client does (`/*` tail, app id header). */
export const contentLookup = (
  app: FastifyInstance, kind: string, trackId: string, split: number | string, options: OmedaCallOptions = {}
) => app.inject({
  method: 'GET', url: omedaUrl(`content/lookup/${kind}/${trackId}/${split}`, options),
  headers: { ...appIdHeader(options.appId), ...options.headers },
})

/** What a content change could touch: the stored world, the deployments' lookups and their split content. */
export async function contentState(app: FastifyInstance, brand: string, trackIds: string[]): Promise<unknown[]> {
  const state: unknown[] = [await worldState(app)]
  for (const trackId of trackIds) {
    state.push(await lookedUp(app, brand, trackId))
    for (const kind of ['html', 'text']) {
      for (const split of [1, 2, 3]) {
        // A 404's SubmissionId differs each time: its status is what counts.
        const res = await contentLookup(app, kind, trackId, split, { brand })
        state.push(res.statusCode === 200 ? res.body : res.statusCode)
      }
    }
  }
  return state
}
