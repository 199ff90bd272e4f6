// Starting an emulator inside a Node test run, as moto or MSW users do: each call has its own
// in-memory world on a free port, silent logs, and a typed admin client bound to it; close()
// releases the port, the database and the timers, so the test runner exits on its own.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { AdminClient } from './client.js'
import { checkCombinations, type Config } from './config.js'
import { ConfigError } from './options.js'
import { startConfig } from './start-options.js'
import { tlsMaterial } from './tls/authority.js'
import { loadFixtures, mergeFixtures } from './seed/files.js'
import type { FixtureDocument, FixtureWorld } from './seed/format.js'

/** The command line's options, named as in `Config`, plus fixtures given as values and a starting clock. */
export interface StartOptions extends Partial<Omit<Config, 'fixtures' | 'maxLength'>> {
  /** Fixture files or directories (as `--fixtures`), or a fixture document; the built-in default when left out. */
  fixtures?: string | string[] | FixtureDocument
  maxLength?: Partial<Config['maxLength']>
  /** Where the shared world's clock starts: `{ now: 'yyyy-MM-dd HH:mm:ss' }` (vendor zone) or `{ offsetSeconds }`. */
  clock?: Parameters<AdminClient['setClock']>[0]
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
  close(): Promise<void>
}

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
  const loaded = world(fixtures)
  const tls = await tlsMaterial(config)
  const app = await buildApp(config, { ...(loaded ? { world: loaded } : {}), ...(tls ? { tls } : {}) })
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
      url, admin, app, ...(httpsUrl ? { httpsUrl } : {}), ...(tls?.ca ? { ca: tls.ca } : {}), close: () => app.close(),
    }
  } catch (error) {
    await app.close()
    throw error
  }
}
