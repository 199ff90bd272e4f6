// The bench's rows for the rest of the API send: audience add and status, content (a 50 KB HTML
// body, as XML) and content lookup, in a world of their own: New deployments in brand N that an
// audience or content may be added to, each once, and a query to add.
import { writeFileSync } from 'node:fs'
import { BENCH_APP, BENCH_USER } from './world.mjs'

const SEND_BRAND = 'N'
const SEND_QUERY = 'Bench query'
const sendTrackId = (i) => `N${String(i).padStart(7, '0')}`

/** `count` New deployments of brand N, with a final approver, and brand N's one query. */
export function writeSendWorld(file, count) {
  const rows = []
  for (let i = 0; i < count; i++) {
    rows.push(`{"Brand":"N","TrackId":"${sendTrackId(i)}","OwnerUserId":"${BENCH_USER}",` +
      `"FinalApproverUserId":"${BENCH_USER}","Status":"New","RecipientCount":null}`)
  }
  const catalogue = {
    brands: [{ BrandAbbrev: SEND_BRAND, Id: 2, Description: 'Bench Sends' }],
    accounts: [{ UserId: BENCH_USER }],
    audiences: [{ Brand: SEND_BRAND, QueryName: SEND_QUERY, Rows: 5000 }],
  }
  writeFileSync(file, `{"apps":[{"AppId":"${BENCH_APP}","Brands":["${SEND_BRAND}"]}],` +
    `${JSON.stringify(catalogue).slice(1, -1)},"deployments":[\n${rows.join(',\n')}\n]}\n`)
}

const path = (resource) => `/webservices/rest/brand/${SEND_BRAND}/omail/deployment/${resource}/*`
const json = { 'content-type': 'application/json', 'x-omeda-appid': BENCH_APP }
const xml = { 'content-type': 'application/xml;charset=utf-8', 'x-omeda-appid': BENCH_APP }

/** About 50 KB of HTML: a newsletter of 460 stories, each with a link, and an unsubscribe link. */
const HTML = `<html><body>${Array.from({ length: 460 }, (_, i) =>
  `<p><a href="https://example.com/story/${i}">Story ${i}</a>: what happened this week, in a few words of text.</p>`)
  .join('')}<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p></body></html>`
const contentBody = (trackId) => '<?xml version="1.0" encoding="UTF-8"?><Deployment>' +
  `<UserId>${BENCH_USER}</UserId><TrackId>${trackId}</TrackId><SplitNumber>1</SplitNumber>` +
  '<FromName><![CDATA[Bench Sends]]></FromName><MailBox>news</MailBox><Subject><![CDATA[This week]]></Subject>' +
  `<HtmlContent><![CDATA[${HTML}]]></HtmlContent></Deployment>`

/**
 * The rows, each a function giving an autocannon request per round. An add and a content post take
 * the next New deployment each; status and lookup read what the first ones made (the first add's
 * ListId is the world's first, 1000001; the first content post is N0000000's).
 */
export function sendRows() {
  let nextAdd = 0
  let nextContent = 0
  return {
    'audience add 200 (a query, a new deployment each)': () => ({
      method: 'POST', path: path('audience/add'), headers: json,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({
        UserId: BENCH_USER, TrackId: sendTrackId(nextAdd++), QueryName: SEND_QUERY, SplitNumber: 1,
      }) }),
    }),
    'audience status 200': () => ({ method: 'GET', path: path('audience/status/1000001'), headers: json }),
    'content 200 (50 KB of HTML as XML)': () => ({
      method: 'POST', path: path('content'), headers: xml,
      setupRequest: (req) => ({ ...req, body: contentBody(sendTrackId(nextContent++)) }),
    }),
    'content lookup 200 (the 50 KB HTML)': () => ({
      method: 'GET', path: path(`content/lookup/html/${sendTrackId(0)}/1`), headers: json,
    }),
  }
}
