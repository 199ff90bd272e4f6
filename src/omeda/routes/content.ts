// POST {brand}/omail/deployment/content/* — the Email Deployment Content API: XML in, XML out.
// Each split's from, subject and bodies (or URLs to read them from) are stored on the deployment.
import { Type } from '@sinclair/typebox'
import { documented } from '../../messages.js'
import { OmedaError } from '../../omeda-error.js'
import { contentTarget, saveContent, type ContentCall } from '../../world/content-edits.js'
import type { SplitContent } from '../../world/send-record.js'
import { xmlSavedBody } from '../../http/xml-answer.js'
import { readContent, type PostedSplit } from '../content-fields.js'
import type { ContentSource } from '../content-source.js'
import { defineEndpoint, omedaParams } from '../define-endpoint.js'
import { CONTENT_PATH, contentLookupUrls } from '../urls.js'
import { isXmlBody } from '../xml-body.js'

const XML = (description: string) => ({ description, content: { 'application/xml': { schema: Type.String() } } })
const ERROR = 'Errors in the page\'s XML: <ResponseInfo><SubmissionId/><Errors><Error/></Errors></ResponseInfo>'

/** A split as stored: its bodies as given, or read from their URLs when not given. */
async function resolved(split: PostedSplit, source: ContentSource): Promise<SplitContent> {
  const read = async (given: string | null, field: string, url: string | null) =>
    given ?? (url === null ? null : await source.read(field, url))
  const [HtmlContent, TextContent] = await Promise.all([
    read(split.HtmlContent, 'HtmlContentUrl', split.HtmlContentUrl),
    read(split.TextContent, 'TextContentUrl', split.TextContentUrl),
  ])
  const blankToNull = (text: string | null) => (text !== null && /\S/.test(text) ? text : null)
  return {
    Sequence: split.SplitNumber, FromName: split.FromName, Mailbox: split.MailBox, Subject: split.Subject,
    ReplyTo: split.ReplyTo, Preheader: split.Preheader, HtmlContent: blankToNull(HtmlContent),
    TextContent: blankToNull(TextContent),
  }
}

export const content = defineEndpoint({
  name: 'content', method: 'POST', path: CONTENT_PATH, changesDeployment: true, answers: 'xml',
  schema: () => ({
    summary: "Set a deployment's content (XML)",
    description: 'Email Deployment Content API. The body is XML (text/xml, application/xml, or no Content-Type): ' +
      '<Deployment> with UserId, TrackId and one split\'s fields (SplitNumber, HtmlContent/TextContent or their ' +
      '…Url, FromName, MailBox, Subject, ReplyTo, Preheader), or <Splits><Split>…</Split></Splits>. Rules in ' +
      'order: well-formed XML with no DOCTYPE; the body (every problem at once); TrackId found (404); UserId may ' +
      'edit it (403); not created or edited in the Omail portal, not Sent/Sending/Scheduled/Approved/Cancelled, ' +
      'each split exists (400); the URLs read; TextContent without html, HtmlContent with html and body tags ' +
      '(400). Every answer of this route is XML, its failures included.',
    params: omedaParams({}),
    response: {
      200: XML('<ResponseInfo><TrackId/><Url/><SubmissionId/><Warnings><Warning/>…</Warnings></ResponseInfo>'),
      400: XML(ERROR), 403: XML(ERROR), 404: XML(ERROR), 405: XML(ERROR), 413: XML(ERROR), '5XX': XML(ERROR),
    },
  }),
  handle: async (request, { world, origin, content: source, maxLength }): Promise<string> => {
    const { body, params } = request
    if (!isXmlBody(body)) throw new OmedaError(400, documented.invalidXml())
    const defaults = world.catalogue.brand(params.brand)?.DeploymentDefaults
    const { content, problems } = readContent(body, maxLength, defaults)
    if (content === null) throw new OmedaError(400, problems)
    const call: ContentCall = {
      brand: params.brand, trackId: content.TrackId, userId: content.UserId,
      splits: content.splits.map((s) => s.SplitNumber),
    }
    contentTarget(world, call)
    const splits = await Promise.all(content.splits.map((split) => resolved(split, source)))
    const { deployment, warnings } = saveContent(world, call, splits)
    const first = splits[0]
    const url = contentLookupUrls(origin, deployment.Brand, deployment.TrackId)
    const lookupUrl = first ? url(first.HtmlContent === null ? 'text' : 'html', first.Sequence) : ''
    return xmlSavedBody(deployment.TrackId, lookupUrl, request.id, warnings)
  },
})
