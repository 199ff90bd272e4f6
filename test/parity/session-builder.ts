// Recorded sessions for verify's tests, made as the recorder makes them: each request goes over HTTPS
// to the fake upstream, and each request and answer becomes an Exchange, redacted (the app id becomes
// REDACTED-X-OMEDA-APPID-1), then a HAR entry. When record mode lands, its own recordings can take
// this helper's place.
import { request } from 'node:https'
import { join } from 'node:path'
import type { Test } from 'tap'
import { Redactor } from '../../src/parity/redaction.js'
import {
  readSession, toEntry, toHar, writeSession, type Exchange, type Session, type SessionEntry,
} from '../../src/parity/session-file.js'
import { APP_ID } from '../helpers.js'
import type { FakeUpstream } from './fake-upstream.js'

export const VENDOR = '/webservices/rest/brand/FOO'

const folders = new WeakMap<Test, string>()
/** The test's own folder, made once: tap empties it on each t.testdir() call. */
export function folder(t: Test): string {
  const known = folders.get(t)
  if (known !== undefined) return known
  const made = t.testdir()
  folders.set(t, made)
  return made
}
export const OWNER = 'omailAccount1'

export interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Under the brand: `/omail/deployment/cancel/*`. */
  path: string
  /** An object is sent as JSON; a string as it is (with `contentType`). */
  body?: unknown
  contentType?: string
  appId?: string
}

export interface Recorded {
  status: number
  headers: Record<string, string>
  body: Buffer
  json: () => Record<string, unknown>
}

export class SessionBuilder {
  readonly entries: SessionEntry[] = []
  private readonly redactor = new Redactor()

  constructor(private readonly upstream: FakeUpstream) {}

  /** Sends one call to the upstream and records it. */
  async call({ method = 'POST', path, body, contentType, appId = APP_ID }: Call): Promise<Recorded> {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
    const payload = Buffer.from(text)
    const requestHeaders: Record<string, string> = {
      'x-omeda-appid': appId, 'user-agent': 'parity-tests/1.0', accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
    }
    const url = `${this.upstream.url}${VENDOR}${path}`
    const startedAt = new Date()
    const started = performance.now()
    const answer = await new Promise<Recorded & { statusText: string }>((resolve, reject) => {
      const req = request(url, { method, headers: requestHeaders, ca: this.upstream.ca }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
          }
          const all = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: all,
            json: () => JSON.parse(all.toString('utf8')) as Record<string, unknown>,
          })
        })
      })
      req.on('error', reject)
      req.end(payload)
    })
    const exchange: Exchange = {
      startedAt, method, url, requestHeaders, requestBody: payload,
      status: answer.status, statusText: answer.statusText, responseHeaders: answer.headers, responseBody: answer.body,
      timings: { send: 0, wait: Math.round(performance.now() - started), receive: 0 },
    }
    this.entries.push(toEntry(this.redactor.redact(exchange)))
    return answer
  }

  /** Writes the session as a HAR file in the test's folder and reads it back as verify does. */
  write(t: Test, name = 'session.har'): { file: string; session: Session } {
    const file = join(folder(t), name)
    writeSession(file, toHar(this.entries))
    return { file, session: readSession(file) }
  }
}

/** A content page body: one split with HTML and text, for a deployment the owner may edit. */
export const contentXml = (trackId: string): string => [
  '<Deployment>', `<TrackId>${trackId}</TrackId>`, `<UserId>${OWNER}</UserId>`, '<SplitNumber>1</SplitNumber>',
  '<FromName>Foo Desk</FromName>', '<MailBox>desk</MailBox>', '<Subject>Hello</Subject>',
  '<HtmlContent><![CDATA[<html><body><p>Hi</p><a href="https://example.com/unsubscribe">Unsubscribe</a>' +
    '</body></html>]]></HtmlContent>',
  '<TextContent>Hi</TextContent>', '</Deployment>',
].join('')

/**
 * The walk every unmutated run records: lookup, search, an error (403, 404), cancel, unschedule and
 * schedule, deployment types, a create and a lookup of its TrackId, the content page (XML). Returns
 * the created TrackId as the upstream answered it.
 */
export async function recordWalk(builder: SessionBuilder): Promise<string> {
  await builder.call({ method: 'GET', path: '/omail/deployment/lookup/FOO261124002/*' })
  await builder.call({ path: '/omail/deployment/search/*', body: { Statuses: ['SCHEDULED'] } })
  await builder.call({
    path: '/omail/deployment/unschedule/*', body: { UserId: 'OmailAccount1', TrackId: 'FOO261124005' },
  })
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO000000000' } })
  await builder.call({ path: '/omail/deployment/cancel/*', body: { UserId: OWNER, TrackId: 'FOO261124001' } })
  await builder.call({ path: '/omail/deployment/unschedule/*', body: { UserId: 'qaLead', TrackId: 'FOO261124002' } })
  await builder.call({
    path: '/omail/deployment/schedule/*',
    body: { UserId: 'qaLead', TrackId: 'FOO261124002', ScheduledDate: '2030-12-20 10:00' },
  })
  await builder.call({ method: 'GET', path: '/deploymenttypes/*' })
  const created = await builder.call({
    path: '/omail/deployment/*',
    body: {
      DeploymentName: 'Spring issue', DeploymentDate: '2030-12-05 10:00', DeploymentTypeId: 12, OwnerUserId: OWNER,
      Splits: 1, TrackLinks: 1, TrackOpens: 1,
    },
  })
  const trackId = created.json().TrackId as string
  await builder.call({ method: 'GET', path: `/omail/deployment/lookup/${trackId}/*` })
  await builder.call({ path: '/omail/deployment/content/*', body: contentXml(trackId), contentType: 'text/xml' })
  await builder.call({ path: '/omail/deployment/content/*', body: '<Deployment><TrackId>x', contentType: 'text/xml' })
  return trackId
}
