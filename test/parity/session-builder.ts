// Recorded sessions for verify's tests, made by the recorder itself: each request goes through a
// recorder (in this process) to the fake upstream over HTTPS, and the recorder's session file is
// what verify reads.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Test } from 'tap'
import { readSession, type Session } from '../../src/parity/session-file.js'
import { APP_ID } from '../helpers.js'
import { folder, type FakeUpstream } from './fake-upstream.js'
import { recordThrough, send, type Recording } from './recording.js'

export const VENDOR = '/webservices/rest/brand/FOO'

export { folder }
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

let recordings = 0

export class SessionBuilder {
  private recording: Promise<Recording> | undefined

  constructor(private readonly t: Test, private readonly upstream: FakeUpstream) {}

  /** Sends one call through the recorder, which writes it to its session file. */
  async call({ method = 'POST', path, body, contentType, appId = APP_ID }: Call): Promise<Recorded> {
    this.recording ??= recordThrough(this.t, this.upstream,
      { out: join(folder(this.t), `recording-${++recordings}.har`) })
    const { recorder } = await this.recording
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    const answer = await send(recorder.url, `${VENDOR}${path}`, {
      method,
      headers: {
        'x-omeda-appid': appId, 'user-agent': 'parity-tests/1.0', accept: 'application/json',
        ...(text === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
      },
      ...(text === undefined ? {} : { body: text }),
    })
    return {
      status: answer.status, headers: Object.fromEntries(answer.headers), body: answer.body,
      json: () => JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>,
    }
  }

  /** Copies the recorder's session file into the test's folder and reads it back as verify does. */
  async write(t: Test, name = 'session.har'): Promise<{ file: string; session: Session }> {
    if (this.recording === undefined) throw new Error('nothing was recorded')
    const file = join(folder(t), name)
    copyFileSync((await this.recording).out, file)
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
