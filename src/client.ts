// A typed client for the admin API, for integration tests written against the emulator:
//   import { AdminClient } from 'omeda-emulator/client'
// It needs only `fetch` (built into Node 18+) and, for the event stream, a small SSE parser.
import { emulatorEvents } from './client-stream.js'
import type {
  Clock, EmulatorEvent, EventFilter, Fault, OutboxEvent, FaultSpec, FixtureUpsert,
  StateChange, Submission, SubmissionFilter, SubmissionQuery
} from './contract/admin.js'
import type { DeploymentSends } from './contract/admin-sends.js'
import type { SnapshotDocument, SnapshotInfo } from './contract/snapshot.js'
import type { VendorErrorBody } from './contract/omeda.js'
import type { OutboxEntry, OutboxFilter, OutboxKind } from './contract/outbox.js'
import type { FixtureApp, FixtureDeployment, FixtureDocument } from './seed/format.js'

export type {
  Clock, DeploymentSends, EmulatorEvent, EventFilter, Fault, FaultSpec, StateChange, FixtureApp, FixtureDeployment,
  FixtureDocument, FixtureUpsert, OutboxEntry, OutboxEvent, OutboxFilter, OutboxKind,
  SnapshotDocument, SnapshotInfo, Submission, SubmissionFilter, SubmissionQuery, VendorErrorBody,
}

export interface AdminClientOptions {
  /** Where the emulator listens, e.g. http://127.0.0.1:3000 */
  baseUrl: string
  /** OMEDA_ADMIN_TOKEN, when the emulator has one. */
  token?: string
  /** In isolation mode: the app id whose world the calls act on. */
  appId?: string
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch
}

/** An admin call that did not succeed; carries the emulator's error messages. */
export class AdminError extends Error {
  constructor(readonly status: number, readonly errors: string[]) {
    super(`emulator answered ${status}: ${errors.join(' ')}`)
    this.name = 'AdminError'
  }
}

/** `?a=1&b=2` for the fields that are set; '' for none. */
function queryOf(filter: object): string {
  const set = Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))
  const query = new URLSearchParams(set).toString()
  return query ? `?${query}` : ''
}

const snapshotPath = (name: string, tail = '') => `/snapshots/${encodeURIComponent(name)}${tail}`

export class AdminClient {
  private readonly fetch: typeof fetch

  constructor(private readonly options: AdminClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
  }

  /** The same client, acting on the world of another app id (isolation mode). */
  forTenant(appId: string): AdminClient {
    return new AdminClient({ ...this.options, appId })
  }

  private request(
    method: string, path: string, headers: Record<string, string>, init: RequestInit = {}
  ): Promise<Response> {
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`
    if (this.options.appId !== undefined) headers['x-omeda-appid'] = this.options.appId
    return this.fetch(`${this.options.baseUrl.replace(/\/$/, '')}/__admin${path}`, { ...init, method, headers })
  }

  private static async failure(res: Response): Promise<AdminError> {
    const parsed = (await res.json()) as Partial<VendorErrorBody>
    return new AdminError(res.status, (parsed.Errors ?? []).map((e) => e.Error))
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    const res = await this.request(method, path, headers, body === undefined ? {} : { body: JSON.stringify(body) })
    if (!res.ok) throw await AdminClient.failure(res)
    return (await res.json()) as T
  }

  private async orUndefined<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      return await work
    } catch (error) {
      if (error instanceof AdminError && error.status === 404) return undefined
      throw error
    }
  }

  /** True when the emulator answers its liveness check. */
  async health(): Promise<boolean> {
    return (await this.call<{ status: string }>('GET', '/health')).status === 'ok'
  }

  /**
   * True once the fixtures are loaded (the emulator listens only then). While the database cannot
   * write (a full disk), the emulator answers 503 and this throws an AdminError saying why.
   */
  async ready(): Promise<boolean> {
    return (await this.call<{ status: string }>('GET', '/ready')).status === 'ready'
  }

  /** Back to the boot fixtures: deployments, journal and clock (the whole emulator without a tenant). */
  async reset(): Promise<void> {
    await this.call('POST', '/reset')
  }

  /** Upserts apps, deployments and catalogue entries (accounts, deployment types…). */
  seed(document: FixtureUpsert): Promise<{ apps: number; deployments: number; catalogue: number }> {
    return this.call('POST', '/fixtures', document)
  }

  /** The current state as a fixture document that `seed` or a fixture file accepts. */
  fixtures(): Promise<FixtureDocument> {
    return this.call('GET', '/fixtures')
  }

  /** The stored deployment, with its cancel time and user; undefined if there is none. */
  deployment(brand: string, trackId: string): Promise<FixtureDeployment | undefined> {
    return this.orUndefined(this.call(
      'GET',
      `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}`
    ))
  }

  /** The deployment's audience lists (status as of now) and its splits' content; undefined if there is none. */
  sends(brand: string, trackId: string): Promise<DeploymentSends | undefined> {
    return this.orUndefined(this.call(
      'GET',
      `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}/sends`
    ))
  }

  /** Journaled submissions, newest first. */
  async submissions(filter: SubmissionQuery = {}): Promise<Submission[]> {
    return (await this.call<{ submissions: Submission[] }>('GET', `/submissions${queryOf(filter)}`)).submissions
  }

  submission(submissionId: string): Promise<Submission | undefined> {
    return this.orUndefined(this.call('GET', `/submissions/${encodeURIComponent(submissionId)}`))
  }

  /** How many journaled submissions match, e.g. `{ trackId, userId, statusCode: 200 }`. */
  async count(filter: SubmissionFilter = {}): Promise<number> {
    return (await this.call<{ count: number }>('POST', '/submissions/count', filter)).count
  }

  async clearSubmissions(): Promise<void> {
    await this.call('DELETE', '/submissions')
  }

  /**
   * The sandbox outbox, newest first: every email the real service would have sent (test copies,
   * deployments the clock sent, on-demand sends), e.g. `{ trackId, kind: 'test' }`.
   */
  async outbox(filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
    return (await this.call<{ outbox: OutboxEntry[] }>('GET', `/outbox${queryOf(filter)}`)).outbox
  }

  async clearOutbox(): Promise<void> {
    await this.call('DELETE', '/outbox')
  }

  /** Registers a fault for matching Omeda calls. */
  fault(spec: FaultSpec): Promise<Fault> {
    return this.call('POST', '/faults', spec)
  }

  async faults(): Promise<Fault[]> {
    return (await this.call<{ faults: Fault[] }>('GET', '/faults')).faults
  }

  async removeFault(id: number): Promise<void> {
    await this.call('DELETE', `/faults/${id}`)
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults')
  }

  clock(): Promise<Clock> {
    return this.call('GET', '/clock')
  }

  /** Moves now: `{ now: '2031-01-01 00:00:00' }` (vendor zone) or `{ offsetSeconds: 3600 }`. */
  setClock(to: { now: string } | { offsetSeconds: number }): Promise<Clock> {
    return this.call('POST', '/clock', to)
  }

  resetClock(): Promise<Clock> {
    return this.call('DELETE', '/clock')
  }

  /** Copies the world (deployments, catalogue, audiences, outbox, clock, faults, journal position) under a name. */
  snapshot(name = 'default'): Promise<SnapshotInfo> {
    return this.call('POST', snapshotPath(name))
  }

  /** Puts the world back exactly as the snapshot holds it (its journal cut back to where it stood). */
  restoreSnapshot(name = 'default'): Promise<SnapshotInfo> {
    return this.call('POST', snapshotPath(name, '/restore'))
  }

  async snapshots(): Promise<SnapshotInfo[]> {
    return (await this.call<{ snapshots: SnapshotInfo[] }>('GET', '/snapshots')).snapshots
  }

  async deleteSnapshot(name: string): Promise<void> {
    await this.call('DELETE', snapshotPath(name))
  }

  /** The snapshot as a document: save it as JSON, and load it here or into another emulator. */
  snapshotDocument(name = 'default'): Promise<SnapshotDocument> {
    return this.call('GET', snapshotPath(name, '/document'))
  }

  /** Stores a saved document as a snapshot (its own name unless given one); restoreSnapshot() puts it in place. */
  loadSnapshot(document: SnapshotDocument, name = document.name): Promise<SnapshotInfo> {
    return this.call('PUT', snapshotPath(name, '/document'), document)
  }

  /**
   * Subscribes to the live event stream; resolves once subscribed, so nothing that happens after
   * is missed. Iterate it with `for await`; leaving the loop (or `signal`) closes it. If the
   * emulator ends the stream, the iteration throws.
   *   const events = await client.events({ trackId: 'FOO261124001', type: 'submission' })
   *   await cancelThroughMyApp()
   *   for await (const e of events) if (e.type === 'submission' && e.submission.Endpoint === 'cancel') break
   */
  async events(
    filter: EventFilter = {}, options: { lastEventId?: string; signal?: AbortSignal } = {}
  ): Promise<AsyncIterable<EmulatorEvent>> {
    const headers: Record<string, string> = { accept: 'text/event-stream' }
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId
    const res = await this.request(
      'GET',
      `/events${queryOf(filter)}`,
      headers,
      options.signal ? { signal: options.signal } : {}
    )
    if (!res.ok || res.body === null) throw await AdminClient.failure(res)
    return emulatorEvents(res.body)
  }
}
