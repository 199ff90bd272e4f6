// Calls to the content page (XML) as clients make them, and reading its XML answers.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { appIdHeader, omedaUrl, type OmedaCallOptions } from './helpers.js'

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
