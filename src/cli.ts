// The commands besides serving: each returns the process exit code and writes its own output.
import { buildApp } from './app.js'
import type { Command, Config } from './config.js'
import { splitList } from './options.js'
import { FixtureError, loadFixtures, mergeFixtures } from './seed/files.js'
import { fixturesFromSession } from './parity/session-fixtures.js'
import { readSession, SessionFileError } from './parity/session-file.js'
import { CATALOGUE, CATALOGUE_SECTIONS } from './seed/catalogue-sections.js'
import { fixtureNotes } from './seed/fixture-rules.js'
import type { FixtureWorld } from './seed/format.js'
import { healthcheck } from './healthcheck.js'
import { localAuthority, TlsError, tlsDirectory } from './tls/authority.js'
import { runVerify } from './parity/verify-command.js'

export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/** The OpenAPI document of an emulator built from this configuration. */
export async function openapiDocument(config: Config): Promise<unknown> {
  const app = await buildApp({ ...config, db: ':memory:', reseed: false }, { logger: false })
  try {
    return app.swagger()
  } finally {
    await app.close()
  }
}

/** Each command but `record`, which serves (main.ts). */
export async function runCommand(
  command: Exclude<Command, 'record'>, args: string[], config: Config, io: Output
): Promise<number> {
  switch (command) {
    case 'healthcheck': {
      const health = await healthcheck(config)
      if (!health.healthy) io.err(`unhealthy: ${health.reason}\n`)
      return health.healthy ? 0 : 1
    }
    case 'ca':
      try {
        io.out((await localAuthority(tlsDirectory(config.tlsDir, config.db))).cert)
        return 0
      } catch (error) {
        io.err(`${error instanceof TlsError
? error.message
: `cannot make or read the CA: ${(error as Error).message}`}\n`)
        return 2
      }
    case 'openapi':
      io.out(`${JSON.stringify(await openapiDocument(config), null, 2)}\n`)
      return 0
    case 'verify':
      return runVerify(args, config, io)
    case 'validate-fixtures':
      try {
        const world = loadFixtures(args.flatMap(splitList))
        io.out(`valid: ${world.apps.length} apps, ${world.deployments.length} deployments${catalogueCounts(world)}\n`)
        for (const note of fixtureNotes(world)) io.out(`note: ${note}\n`)
        return 0
      } catch (error) {
        if (!(error instanceof FixtureError)) throw error
        io.err(`invalid fixtures:\n  ${error.problems.join('\n  ')}\n`)
        return 1
      }
    case 'fixtures-from':
      return fixturesFrom(args, io)
  }
}

/** Writes the fixture document a session (or several, in order) saw; notes say what was left out. */
function fixturesFrom(files: string[], io: Output): number {
  let entries
  try {
    entries = files.flatMap((file) => readSession(file).log.entries)
  } catch (error) {
    if (!(error instanceof SessionFileError)) throw error
    io.err(`${error.message}\n`)
    return 2
  }
  const { document, notes } = fixturesFromSession({ log: { entries } })
  try {
    mergeFixtures([{ document, where: 'the session' }])
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error
    io.err(`the session's deployments do not make a valid world:\n  ${error.problems.join('\n  ')}\n`)
    return 1
  }
  io.out(`${JSON.stringify(document, null, 2)}\n`)
  for (const note of notes) io.err(`note: ${note}\n`)
  return 0
}

/** `, 2 brands, 4 accounts…` for the catalogue lists a world has, or nothing. */
function catalogueCounts(world: FixtureWorld): string {
  return CATALOGUE_SECTIONS.map((section) => [world[section]?.length ?? 0, CATALOGUE[section].plural] as const)
    .filter(([count]) => count > 0).map(([count, words]) => `, ${count} ${words}`).join('')
}
