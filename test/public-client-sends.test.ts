// The sends the public clients make, byte for byte, over a real socket: jtstogner's WordPress
// connector (create, audience, its readiness check, content, test, schedule) and the cygnus Symfony
// bundle (audience add, its status, content, content lookup), each answer read the way that client reads it.
import t from 'tap'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import { GUID, listening } from './helpers.js'
import { curlExchange, headerBag } from './raw-http.js'

const APP_ID = 'sandbox-app-id'
const USER = 'omailAccount1'
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Error' || name === 'Warning' })

/** PHP's json_encode with default flags: `/` escaped as `\/`, every non-ASCII character as `\uXXXX`. */
const phpJsonEncode = (value: unknown): string => JSON.stringify(value)
  .replace(/\//g, '\\/')
  .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** PHP's gmdate('Y-m-d H:i', seconds). */
const gmdate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')

/** The sandbox's now, moved or read through the admin API; `now` is Central time, CST (-06:00) in December. */
async function clock(url: string, to?: { now: string } | { offsetSeconds: number }): Promise<{
  now: string; offsetSeconds: number; seconds: number
}> {
  const res = await fetch(`${url}/__admin/clock`, to === undefined
    ? {}
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(to) })
  const shown = (await res.json()) as { now: string; offsetSeconds: number }
  return { ...shown, seconds: Date.parse(`${shown.now.replace(' ', 'T')}-06:00`) / 1000 }
}

/**
 * An error as the connector throws it (json_encode($error_details)): its summary adds Errors[0].Error when
 * the answer is JSON; response_body is the decoded answer, or the raw text.
 */
class OmedaApiError extends Error {
  constructor(readonly status: number, readonly summary: string, readonly responseBody: unknown) { super(summary) }
}

t.test('the WordPress connector: create, audience, readiness polled on the clock, content, test, schedule',
  async (t) => {
    const { url } = await listening(t, { audienceLoadSeconds: 120 })
    const base = `${url}/webservices/rest/brand/FOO/`
    const sent: { method: string; headers: Record<string, string>; body: string | null }[] = []
    // send_request(): arrays json_encode'd with a JSON type, strings starting '<' with the XML type;
    // no type without a body.
    const sendRequest = async (endpoint: string, method = 'POST', payload: unknown = null) => {
      let body: string | null = null
      let type = 'application/json;charset=utf-8'
      if (method !== 'GET' && payload !== null) {
        if (typeof payload === 'string' && payload.trimStart().startsWith('<')) {
          type = 'application/xml;charset=utf-8'
          body = payload
        } else {
          body = phpJsonEncode(payload)
        }
      }
      const headers: Record<string, string> = {
        'x-omeda-appid': APP_ID, 'User-Agent': 'Omeda_WP_Integration/1.13.1',
        ...(body === null ? {} : { 'Content-Type': type }),
      }
      sent.push({ method, headers, body })
      const res = await fetch(base + endpoint.replace(/^\//, ''), {
        method, headers, ...(body === null ? {} : { body: new TextEncoder().encode(body) }),
      })
      const text = await res.text()
      let decoded: unknown
      try { decoded = JSON.parse(text) } catch { decoded = undefined }
      if (res.status >= 200 && res.status < 300) return decoded === undefined ? text : decoded
      const error = (decoded as Partial<VendorErrorBody> | undefined)?.Errors?.[0]?.Error
      const detail = error === undefined ? '' : `: ${error}`
      throw new OmedaApiError(res.status, `Omeda API Error (HTTP ${res.status})${detail}`, decoded ?? text)
    }
    const lookup = async (trackId: string) => {
      try {
        return await sendRequest(`omail/deployment/lookup/${trackId}/*`, 'GET') as Record<string, unknown>
      } catch (error) {
        if (error instanceof OmedaApiError && error.summary.includes('HTTP 404')) return null
        throw error
      }
    }
    // is_audience_ready(): isset($details['RecipientCount']); isset is false for an absent key and for null.
    const isAudienceReady = async (trackId: string) => {
      const details = await lookup(trackId)
      return details !== null && details.RecipientCount !== undefined && details.RecipientCount !== null
    }

    // The draft save: its time() is the sandbox's now, 09:20 Central = 15:20 UTC; the next full hour in UTC.
    const start = await clock(url, { now: '2026-12-01 09:20:00' })
    const draftDate = gmdate(Math.ceil(start.seconds / 3600) * 3600)
    t.equal(draftDate, '2026-12-01 16:00')
    const created = await sendRequest('omail/deployment/*', 'POST', {
      DeploymentName: 'Weekly — issue 12', DeploymentDate: draftDate, DeploymentTypeId: 12,
      CampaignId: 'Weekly — issue 12', OwnerUserId: USER, FinalApproverUserId: USER, Splits: 1, TrackLinks: 1,
      TrackOpens: 1, Notes: 'Deployed via WordPress integration', ReloadOnqQueryBeforeFinalDeployment: 1, Testers: [],
    }) as Record<string, unknown>
    t.type(created.TrackId, 'string', 'step1 reads the top-level TrackId')
    const trackId = String(created.TrackId)
    t.match(sent[0], {
      headers: { 'Content-Type': 'application/json;charset=utf-8' },
      body: /^\{"DeploymentName":"Weekly \\u2014 issue 12",/,
    })
    t.equal(await isAudienceReady(trackId), false, 'created, no audience: not ready')

    // step2_assign_audience(): the query at the top level, its default output criteria; the answer is not read.
    const added = await sendRequest('omail/deployment/audience/add/*', 'POST', {
      UserId: USER, TrackId: trackId, QueryName: 'Active subscribers', OutputCriteria: 'Newsletter_Member_id',
      SplitNumber: 1, RemoveDuplicates: 1,
    })
    t.match(added, { TrackId: trackId, ListId: /^\d+$/, SubmissionId: GUID })
    t.equal(sent[2]?.body, `{"UserId":"${USER}","TrackId":"${trackId}","QueryName":"Active subscribers",` +
      '"OutputCriteria":"Newsletter_Member_id","SplitNumber":1,"RemoveDuplicates":1}')

    // Its poll: every 45 seconds (POLLING_INTERVAL), while the list loads for 120 seconds of the sandbox clock.
    const polls: boolean[] = []
    for (let poll = 0; poll < 5 && polls.at(-1) !== true; poll++) {
      if (poll > 0) await clock(url, { offsetSeconds: (await clock(url)).offsetSeconds + 45 })
      polls.push(await isAudienceReady(trackId))
    }
    t.same(polls, [false, false, false, true], 'not ready at 0, 45 and 90 seconds; ready at 135')
    t.match(await lookup(trackId), { TrackId: trackId, RecipientCount: 1200 })

    // step3_add_content(): its heredoc with every gap between tags taken out (in the HTML too), a declaration,
    // CDATA on FromName, Subject and HtmlContent only; the mailbox is FromEmail's local part.
    const contentXml = (html: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Deployment>
    <TrackId>${trackId}</TrackId>
    <UserId>${USER}</UserId>
    <Splits>
        <Split>
            <SplitNumber>1</SplitNumber>
            <FromName><![CDATA[Foo & Friends]]></FromName>
            <Mailbox>news</Mailbox>
            <Subject><![CDATA[Weekly — issue 12 <draft>]]></Subject>
            <ReplyTo>editor@foo.example</ReplyTo>
            <HtmlContent><![CDATA[${html}]]></HtmlContent>
        </Split>
    </Splits>
</Deployment>`.replace(/>\s+</g, '><').trim()
    // prepare_configuration(): the_content's HTML, with an unsubscribe link added when it has none.
    const fragment = '<p>Hello readers</p>\n\n<p>More</p><p><a href="@{{unsub_url}}@">Unsubscribe</a></p>'
    const refused = await sendRequest('omail/deployment/content/*', 'POST', contentXml(fragment))
      .catch((error: unknown) => error)
    t.ok(refused instanceof OmedaApiError, 'a fragment without html and body tags is refused')
    t.equal((refused as OmedaApiError).summary, 'Omeda API Error (HTTP 400)',
      'the answer is XML, so the connector has no Errors[0].Error to add')
    t.match(xml.parse(String((refused as OmedaApiError).responseBody)), { ResponseInfo: {
      Errors: { Error: ['HtmlContent must have open and closed html and body tags.'] }, SubmissionId: GUID,
    } }, 'its response_body keeps the XML with the reason')
    const html = '<html><body>\n  <p>Hello readers</p>\n' +
      '  <p><a href="@{{unsub_url}}@">Unsubscribe</a></p>\n</body></html>'
    const body = contentXml(html)
    t.ok(body.startsWith(`<?xml version="1.0" encoding="UTF-8"?><Deployment><TrackId>${trackId}</TrackId><UserId>`),
      body)
    t.notMatch(body, />\s+</, 'no whitespace between tags')
    const answer = await sendRequest('omail/deployment/content/*', 'POST', body)
    t.equal(sent.at(-1)?.headers['Content-Type'], 'application/xml;charset=utf-8')
    t.type(answer, 'string', 'not JSON: the connector keeps the raw text')
    t.equal(XMLValidator.validate(String(answer)), true)
    t.match(xml.parse(String(answer)), { ResponseInfo: { TrackId: trackId, SubmissionId: GUID } })
    const details = await lookup(trackId)
    t.match(details?.Splits, [{ Sequence: 1, FromName: 'Foo & Friends', FromEmail: 'news',
      Subject: 'Weekly — issue 12 <draft>', ReplyTo: 'editor@foo.example' }])
    const stored = await fetch(`${base}omail/deployment/content/lookup/html/${trackId}/1/*`,
      { headers: { 'x-omeda-appid': APP_ID } })
    t.equal(await stored.text(), html.replace(/>\s+</g, '><'), 'the HTML as the connector sent it, gaps gone')

    // step4_send_test(), then step5_schedule_deployment(): a publish, 30 minutes ahead, as a UTC string.
    // The connector reads neither answer; a 2xx is its success.
    t.match(await sendRequest('omail/deployment/sendtest/*', 'POST', { UserId: USER, TrackId: trackId }),
      { ResponseInfo: [{ TrackId: trackId, SubmissionId: GUID }] })
    const scheduleDate = gmdate((await clock(url)).seconds + 30 * 60)
    t.equal(scheduleDate, '2026-12-01 15:52')
    t.match(await sendRequest('omail/deployment/schedule/*', 'POST',
      { UserId: USER, TrackId: trackId, ScheduledDate: scheduleDate }), { ResponseInfo: [{ TrackId: trackId }] })
    t.match(await lookup(trackId), { Status: 'Scheduled', ScheduledDate: `${scheduleDate}:00` },
      'the UTC string is taken as Central time, as the vendor reads every date')
    await t.rejects(sendRequest('omail/deployment/schedule/*', 'POST',
      { UserId: USER, TrackId: trackId, ScheduledDate: scheduleDate }),
    {
      message: `Omeda API Error (HTTP 400): Deployment '${trackId}' is currently scheduled for ${scheduleDate}:00. ` +
        'You must first unschedule the deployment if you wish to re-schedule.',
    }, 'a refusal reaches it as Errors[0].Error')
    t.ok(sent.every((s) => (s.body === null) === !('Content-Type' in s.headers)), 'a type only with a body')
  })

t.test('the Symfony bundle: audience add passed through, its status, content in its flat CDATA form ' +
  '(Expect: 100-continue), content lookup; padded headers, no user agent', async (t) => {
  const { url, port } = await listening(t, { audienceLoadSeconds: 30 })
  await clock(url, { now: '2026-12-01 09:00:00' })
  const host = `127.0.0.1:${port}`
  // ApiClientOmeda::createRequest(): Host kept, X-Omeda-Appid always; X-Omeda-Inputid and the type on POST.
  // libcurl adds Accept and Content-Length, and (before 8.0) Expect: 100-continue past 1024 bytes of body.
  const post = (path: string, body: string, type = 'application/json') => {
    const expectContinue = Buffer.byteLength(body) > 1024
    return curlExchange(port, [
      `POST /webservices/rest/brand/FOO${path} HTTP/1.1`, 'Accept: */*',
      ...headerBag({ host, 'x-omeda-appid': APP_ID, 'x-omeda-inputid': 'INPUT123', 'content-type': type }),
      `Content-Length: ${Buffer.byteLength(body)}`, ...(expectContinue ? ['Expect: 100-continue'] : []),
    ], body, expectContinue)
  }
  const get = (path: string) => curlExchange(port, [
    `GET /webservices/rest/brand/FOO${path} HTTP/1.1`, 'Accept: */*', ...headerBag({ host, 'x-omeda-appid': APP_ID }),
  ], '')
  t.same(headerBag({ host, 'x-omeda-appid': APP_ID, 'x-omeda-inputid': 'I', 'content-type': 'text/xml' }), [
    'Content-Type:    text/xml', `Host:            ${host}`, `X-Omeda-Appid:   ${APP_ID}`, 'X-Omeda-Inputid: I',
  ], "Symfony's header bag, as curl gets it")

  const made = await post('/omail/deployment/*', phpJsonEncode({
    DeploymentName: 'Bundle send', DeploymentDate: '2026-12-02 08:00', DeploymentTypeId: 12, OwnerUserId: USER,
    Splits: 1, TrackLinks: 1, TrackOpens: 1,
    Testers: [{ FirstName: 'Qa', LastName: 'Lead', EmailAddress: 'qa@foo.example' }],
  }))
  t.equal(made.status, 200, made.body)
  const trackId = String((JSON.parse(made.body) as { TrackId: string }).TrackId)

  // omailDeploymentAddAudience(): the caller's array as it is, ints staying ints.
  const addBody = phpJsonEncode({ UserId: USER, TrackId: trackId, RecipientList: 'subscribers_20261201_090000.csv',
    SplitNumber: 1, SuppressHardBounces: 1 })
  t.match(addBody, /"RecipientList":"subscribers_20261201_090000\.csv","SplitNumber":1,/)
  const added = await post('/omail/deployment/audience/add/*', addBody)
  t.equal(added.status, 200, added.body)
  t.match(added.head, /\r\ncontent-type: application\/json/i)
  const { ListId, Url } = JSON.parse(added.body) as { ListId: string; Url: string }
  t.match(JSON.parse(added.body), { TrackId: trackId, ListId: /^\d+$/, SubmissionId: GUID })
  t.equal(Url, `${url}/webservices/rest/brand/FOO/omail/deployment/audience/status/${ListId}/*`)

  // omailAudienceAssignmentStatus(): a GET with no body and no type; the raw answer, read by the caller.
  const statusPath = `/omail/deployment/audience/status/${ListId}/*`
  const loading = await get(statusPath)
  t.equal(loading.status, 200, loading.body)
  t.match(JSON.parse(loading.body), {
    ListId: Number(ListId), TrackId: trackId, AssignmentStatusCode: 'QUEUED', AssignmentStatus: 'QUEUED',
    SplitNumber: 1, RecipientList: 'subscribers_20261201_090000.csv', SubmissionId: GUID,
  })
  t.notOk('RecipientCount' in JSON.parse(loading.body), 'no count while it loads')
  await clock(url, { now: '2026-12-01 09:00:31' })
  const done = await get(statusPath)
  t.match(JSON.parse(done.body), { AssignmentStatusCode: 'DONE', AssignmentStatus: 'DONE', RecipientCount: 250 })

  // omailDeploymentContent(): strings in CDATA (`]]>` made `]]&gt;`), an int bare, `\n` between elements,
  // no declaration, `text/xml; charset=utf8`.
  const html = `<html><body><p>${'Long read. '.repeat(100)}</p><p>a]]>b</p>` +
    '<a href="https://foo.example/unsubscribe">Unsubscribe</a></body></html>'
  // A PHP null is sprintf'd as nothing: an empty element.
  const fields: Record<string, string | number | null> = {
    UserId: USER, TrackId: trackId, SplitNumber: 1, FromName: 'Foo Weekly', MailBox: 'news',
    Subject: 'Bundle send', ReplyTo: null, HtmlContent: html, TextContent: 'Long read.',
  }
  const elements = Object.entries(fields).map(([key, value]) => `<${key}>${typeof value === 'string'
    ? `<![CDATA[${value.replaceAll(']]>', ']]&gt;')}]]>`
    : value ?? ''}</${key}>`)
  const content = `<Deployment>${elements.join('\n')}</Deployment>`
  t.ok(content.startsWith(`<Deployment><UserId><![CDATA[${USER}]]></UserId>\n<TrackId><![CDATA[${trackId}]]>` +
    '</TrackId>\n<SplitNumber>1</SplitNumber>\n'), content.slice(0, 120))
  t.match(content, '\n<ReplyTo></ReplyTo>\n')
  const posted = await post('/omail/deployment/content/*', content, 'text/xml; charset=utf8')
  t.match(posted.interim, /^HTTP\/1\.1 100 Continue/, 'over 1024 bytes: the body waits for 100 Continue')
  t.equal(posted.status, 200, posted.body)
  t.match(posted.head, /\r\ncontent-type: (application|text)\/xml/i)
  t.equal(XMLValidator.validate(posted.body), true)
  const lookupPath = `/omail/deployment/content/lookup/html/${trackId}/1/*`
  t.match(xml.parse(posted.body), { ResponseInfo: {
    TrackId: trackId, SubmissionId: GUID, Url: `${url}/webservices/rest/brand/FOO${lookupPath}`,
  } }, "its Url is the split's content lookup")

  // omailDeploymentContentLookup(): GET, no type; the raw content, with the bundle's escape kept as sent.
  const looked = await get(lookupPath)
  t.equal(looked.status, 200)
  t.match(looked.head, /\r\ncontent-type: text\/html/i)
  t.equal(looked.body, html.replace(']]>', ']]&gt;'), 'CDATA is not unescaped: `]]&gt;` stays as the bundle sent it')
  const text = await get(`/omail/deployment/content/lookup/text/${trackId}/1/*`)
  t.equal(text.body, 'Long read.')
  // omailDeploymentLookup(): the split as posted, the empty ReplyTo as none.
  const view = await get(`/omail/deployment/lookup/${trackId}/*`)
  t.match(JSON.parse(view.body), { TrackId: trackId, RecipientCount: 250, Splits: [{
    Sequence: 1, FromName: 'Foo Weekly', FromEmail: 'news', Subject: 'Bundle send', ReplyTo: null,
    HtmlContentUrl: `${url}/webservices/rest/brand/FOO${lookupPath}`,
  }] })
  const none = await get(`/omail/deployment/content/lookup/html/${trackId}/2/*`)
  t.equal(none.status, 404)
  t.match(JSON.parse(none.body), { Errors: [{ Error: String }], SubmissionId: GUID })
  for (const answer of [made, added, loading, done, posted, looked, view]) {
    t.notMatch(answer.head, /^HTTP\/1\.1 5/, 'never a 5xx')
  }
})
