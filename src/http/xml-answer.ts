// Answers in XML, for the route that takes XML (the content page's): its success and every failure
// in the page's <ResponseInfo> shape. Built with fast-xml-parser's builder, which escapes text;
// characters XML 1.0 cannot hold at all (most control characters, lone surrogates) become U+FFFD,
// so that whatever a message quotes, the answer stays a document a client can parse.
import { XMLBuilder } from 'fast-xml-parser'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers in XML, its failures included (the content page's). */
    xmlAnswers?: boolean
  }
}

/** The media type of every XML answer. */
export const XML_ANSWER_TYPE = 'application/xml'

/** Text escaped as XML needs it (&, <, >); quotes are left as they are, easier to read in a message. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
const builder = new XMLBuilder({
  processEntities: false, suppressEmptyNode: false, tagValueProcessor: (_name, value) => escaped(String(value)),
})
const NOT_XML = new RegExp('[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|' +
  '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]', 'g')
const clean = (text: string) => text.replace(NOT_XML, '\uFFFD')

/** `<ResponseInfo><SubmissionId/><Errors><Error/>…</Errors></ResponseInfo>`: the page's failure. */
export const xmlErrorBody = (messages: string[], submissionId: string): string => builder.build({
  ResponseInfo: { SubmissionId: clean(submissionId), Errors: { Error: messages.map(clean) } },
}) as string

/** The page's success: the deployment, a content lookup Url, the SubmissionId and any warnings. */
export function xmlSavedBody(trackId: string, url: string, submissionId: string, warnings: string[]): string {
  return builder.build({
    ResponseInfo: {
      TrackId: clean(trackId), Url: clean(url), SubmissionId: submissionId,
      ...(warnings.length > 0 ? { Warnings: { Warning: warnings.map(clean) } } : {}),
    },
  }) as string
}
