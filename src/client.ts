// A typed client for the admin API, for integration tests written against the emulator:
//   import { AdminClient } from 'omeda-cancel-emulator/client'
// It needs only `fetch` (built into Node 18+), so it adds nothing to a test project's dependencies.
import type { Clock, Fault, FaultSpec, Submission, SubmissionFilter, SubmissionQuery } from './contract/admin.js'
import type { VendorErrorBody } from './contract/omeda.js'
import type { FixtureApp, FixtureDeployment, FixtureDocument } from './seed/format.js'

export type { Clock, Fault, FaultSpec, FixtureApp, FixtureDeployment, FixtureDocument, Submission, SubmissionFilter, SubmissionQuery, VendorErrorBody }

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

export class AdminClient {
  private readonly fetch: typeof fetch

  constructor(private readonly options: AdminClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
  }

  /** The same client, acting on the world of another app id (isolation mode). */
  forTenant(appId: string): AdminClient {
    return new AdminClient({ ...this.options, appId })
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`
    if (this.options.appId !== undefined) headers['x-omeda-appid'] = this.options.appId
    const res = await this.fetch(`${this.options.baseUrl.replace(/\/$/, '')}/__admin${path}`, {
      method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const parsed = (await res.json()) as T & Partial<VendorErrorBody>
    if (!res.ok) throw new AdminError(res.status, (parsed.Errors ?? []).map((e) => e.Error))
    return parsed
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

  /** True once the fixtures are loaded (the emulator listens only then). */
  async ready(): Promise<boolean> {
    return (await this.call<{ status: string }>('GET', '/ready')).status === 'ready'
  }

  /** Back to the boot fixtures: deployments, journal and clock (the whole emulator without a tenant). */
  async reset(): Promise<void> {
    await this.call('POST', '/reset')
  }

  /** Upserts apps and deployments. */
  seed(document: { apps?: FixtureApp[]; deployments?: FixtureDeployment[] }): Promise<{ apps: number; deployments: number }> {
    return this.call('POST', '/fixtures', document)
  }

  /** The current state as a fixture document that `seed` or a fixture file accepts. */
  fixtures(): Promise<FixtureDocument> {
    return this.call('GET', '/fixtures')
  }

  /** The stored deployment, with its cancel time and user; undefined if there is none. */
  deployment(brand: string, trackId: string): Promise<FixtureDeployment | undefined> {
    return this.orUndefined(this.call('GET', `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}`))
  }

  /** Journaled submissions, newest first. */
  async submissions(filter: SubmissionQuery = {}): Promise<Submission[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString()
    return (await this.call<{ submissions: Submission[] }>('GET', `/submissions${query ? `?${query}` : ''}`)).submissions
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
}
