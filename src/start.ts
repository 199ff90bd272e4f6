// Starting an emulator inside a Node test run, as moto or MSW users do: each call has its own
// in-memory world on a free port, silent logs, and a typed admin client bound to it; close()
// releases the port, the database and the timers, so the test runner exits on its own.
import type { FastifyInstance } from 'fastify'
import { readFile, writeFile } from 'node:fs/promises'
import type { SnapshotDocument, SnapshotInfo } from './contract/snapshot.js'
import { buildApp } from './app.js'
import { AdminClient } from './client.js'
import { checkCombinations, type Config } from './config.js'
import { ConfigError } from './options.js'
import { startConfig } from './start-options.js'
import { loadFixtures, mergeFixtures } from './seed/files.js'
import type { FixtureDocument, FixtureWorld } from './seed/format.js'
import type { RecordOptions } from './parity/record-options.js'

/** The record command's settings, which startEmulator takes as one `record` object. */
type RecordKeys = 'upstream' | 'recordOut' | 'upstreamAllowPrivate' | 'upstreamCa' | 'upstreamTimeout' | 'redact' |
  'recordFailures' | 'recordDrift'

/** The command line's options, named as in `Config`, plus fixtures given as values and a starting clock. */
export interface StartOptions extends Partial<Omit<Config, 'fixtures' | 'maxLength' | RecordKeys>> {
  /** Fixture files or directories (as `--fixtures`), or a fixture document; the built-in default when left out. */
  fixtures?: string | string[] | FixtureDocument
  maxLength?: Partial<Config['maxLength']>
  /** Where the shared world's clock starts: `{ now: 'yyyy-MM-dd HH:mm:ss' }` (vendor zone) or `{ offsetSeconds }`. */
  clock?: Parameters<AdminClient['setClock']>[0]
  /**
   * Record instead of emulating: every request but /__admin/health and /__admin/ready is sent on to
   * `upstream`, its answer returned, and the exchange written, redacted, to `out` (see docs/parity.md).
   */
  record?: RecordOptions
}

export interface Emulator {
  /** Where it listens, e.g. `http://127.0.0.1:53017`: the base URL for the client under test. */
  url: string
  /** The typed admin client, bound to this emulator (and its admin token, if one was set). */
  admin: AdminClient
  /** With `tlsPort` set: where it serves HTTPS, e.g. `https://127.0.0.1:53018`. */
  httpsUrl?: string
  /**
   * With `tlsPort` set and no certificate of your own: the local CA's certificate (PEM), for `ca:`
   * options and NODE_EXTRA_CA_CERTS.
   */
  ca?: string
  /** The Fastify app, for `inject()` or anything else an embedder needs. */
  app: FastifyInstance
  /** Copies the world under a name (`'default'`): take one in `before`, restore it in `beforeEach`. */
  snapshot(name?: string): Promise<SnapshotInfo>
  /** Puts the world back exactly as the snapshot holds it. */
  restoreSnapshot(name?: string): Promise<SnapshotInfo>
  /** Writes a snapshot to a file (JSON), to commit beside the tests or give to `--snapshot`. */
  saveSnapshot(file: string, name?: string): Promise<void>
  /** Reads a saved snapshot file into this emulator (under its own name unless given one), ready to restore. */
  loadSnapshot(file: string, name?: string): Promise<SnapshotInfo>
  close(): Promise<void>
}

/** The handle's snapshot methods, through its admin client. */
const snapshotMethods = (admin: AdminClient): Pick<Emulator,
  'snapshot' | 'restoreSnapshot' | 'saveSnapshot' | 'loadSnapshot'> => ({
  snapshot: (name) => admin.snapshot(name),
  restoreSnapshot: (name) => admin.restoreSnapshot(name),
  saveSnapshot: async (file, name) => writeFile(file, JSON.stringify(await admin.snapshotDocument(name))),
  loadSnapshot: async (file, name) => {
    const document = JSON.parse(await readFile(file, 'utf8')) as SnapshotDocument
    return admin.loadSnapshot(document, name ?? document.name)
  },
})

function world(fixtures: StartOptions['fixtures']): FixtureWorld | undefined {
  if (fixtures === undefined) return undefined
  if (typeof fixtures === 'string' || Array.isArray(fixtures)) {
    return loadFixtures(typeof fixtures === 'string' ? [fixtures] : fixtures)
  }
  return mergeFixtures([{ document: fixtures, where: 'fixtures' }])
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const config = startConfig(options)
  const { fixtures, clock } = options
  if (clock !== undefined && config.isolation === 'app-id') {
    throw new ConfigError("a starting clock is the shared world's; in isolation mode, " +
      "set each world's clock with admin.forTenant(appId).setClock()")
  }
  checkCombinations(config)
  const recording = options.record !== undefined
  if (recording) {
    if (clock !== undefined || (typeof fixtures === 'object' && !Array.isArray(fixtures))) {
      throw new ConfigError('record forwards every request to the upstream: a clock does not apply to it, and its ' +
        'shadow world takes fixture files (as --fixtures), not a document')
    }
    // The shadow world's (see drift-watch.ts).
    if (fixtures !== undefined) config.fixtures = typeof fixtures === 'string' ? [fixtures] : fixtures
  }
  const loaded = world(fixtures)
  // Loaded when HTTPS is asked for; without tlsDir, nothing is written to the user's home (in-process.ts).
  const tls = config.tlsPort === undefined
    ? undefined
    : await (await import('./tls/in-process.js')).inProcessMaterial(config)
  const app = recording
    ? await (await import('./parity/record-app.js')).buildRecorder(config, tls ? { tls } : {})
    : await buildApp(config, { ...(loaded ? { world: loaded } : {}), ...(tls ? { tls } : {}) })
  try {
    const httpsUrl = app.listenHttps && config.tlsPort !== undefined
      ? await app.listenHttps(config.tlsPort, config.host)
      : undefined
    const url = await app.listen({ port: config.port, host: config.host })
    const admin = new AdminClient({
      baseUrl: url, ...(config.adminToken === undefined ? {} : { token: config.adminToken }),
    })
    if (clock !== undefined) await admin.setClock(clock)
    return {
      url, admin, app, ...(httpsUrl ? { httpsUrl } : {}), ...(tls?.ca ? { ca: tls.ca } : {}),
      ...snapshotMethods(admin), close: () => app.close(),
    }
  } catch (error) {
    await app.close()
    throw error
  }
}
