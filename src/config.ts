// Configuration: what the emulator is told, read from environment variables and then command-line
// flags (flags win), through one table of options (options.ts) that also drives `--help`.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { ConfigError, OPTIONS } from './options.js'
import { DASHBOARD_URL } from './http/front-door.js'
import { recordingProblem } from './parity/record-options.js'

export interface Config {
  port: number
  host: string
  /** SQLite file; ':memory:' keeps state in the process only. */
  db: string
  /** Fixture files or directories, loaded at start. */
  fixtures: string[]
  timezone: string
  logLevel: string
  /** Origin for the lookup `Url` in successful cancels; undefined means the request's own. */
  origin: string | undefined
  maxLength: { UserId: number; TrackId: number }
  bodyLimit: number
  /** Apply the fixtures even to a database that already holds data. */
  reseed: boolean
  metrics: boolean
  /** 'shared': one world; 'app-id': each app id gets its own copy of the boot world. */
  isolation: 'shared' | 'app-id'
  /** In isolation mode, most worlds (app ids) at once; a new one past it is refused until a reset. */
  maxWorlds: number
  /** Most submissions the journal keeps; the oldest are dropped. */
  journalLimit: number
  /** Seconds of the sandbox clock an added audience takes to load; 0 loads it at once. */
  audienceLoadSeconds: number
  /** Milliseconds a callback URL has to answer; then the attempt has failed. */
  callbackTimeout: number
  /** Characters of each request and response body the journal keeps; the rest is cut, with a marker. */
  journalBodyLimit: number
  /** When set, every admin call but health and ready needs `Authorization: Bearer <token>`. */
  adminToken: string | undefined
  /** Also serve HTTPS on this port (same process, same state); undefined leaves TLS off. */
  tlsPort: number | undefined
  /** The user's own certificate and key (PEM files); without them the emulator's local CA signs one. */
  tlsCert: string | undefined
  tlsKey: string | undefined
  /**
   * Where the local CA and server certificate live; undefined means beside the database file (or
   * the user's data folder).
   */
  tlsDir: string | undefined
  /** Names the server certificate covers besides Omeda's hosts, localhost, 127.0.0.1 and ::1. */
  tlsNames: string[]
  /** Milliseconds a client has to send a whole request, headers and body; then 408 and the connection is closed. */
  requestTimeout: number
  /** Milliseconds a client has to finish the TLS handshake on the HTTPS port. */
  tlsHandshakeTimeout: number
  /** Connections each port holds at once; beyond it new ones are closed at once. */
  maxConnections: number
  /** Milliseconds requests in flight get to finish when the emulator closes; then their connections are cut. */
  shutdownTimeout: number
  /** Milliseconds a write waits for another process holding the database file's lock; then a 500. */
  busyTimeout: number
  /** Event streams (/__admin/events) open at once; one more gets 503. */
  maxEventStreams: number
  /**
   * Host names browsers may reach the emulator at, besides loopback names, IP literals and Omeda's
   * hosts ('.x' covers subdomains).
   */
  allowedHosts: string[]
  /** Whether the content page's …ContentUrl fields not in the fixtures' contentUrls are fetched over the network. */
  contentFetch: boolean
  /** Milliseconds such a fetch may take, its whole body included. */
  contentFetchTimeout: number
  /** Largest content such a fetch may bring, in bytes. */
  contentFetchLimit: number
  /** A snapshot file, stored under its name and restored into the shared world at start. */
  snapshot: string | undefined
  // verify
  /** Differences verify does not report: endpoint names, JSON path patterns, status, content-type, header:<name>. */
  verifyIgnore: string[]
  /** A known-gaps file: differences accepted, each with its reason. */
  knownGaps: string | undefined
  /** Where verify also writes its report as JSON, and as JUnit XML. */
  verifyJson: string | undefined
  verifyJunit: string | undefined
  /** The app id a session's first app id placeholder stands for; the fixtures' first app's by default. */
  verifyAppId: string | undefined
  // record (the record command; each key's meaning is its option's help in parity/record-options.ts)
  upstream: string | undefined
  recordOut: string | undefined
  upstreamAllowPrivate: boolean
  upstreamCa: string | undefined
  upstreamTimeout: number
  redact: string[]
  recordFailures: boolean; recordDrift: boolean
}

export const DEFAULT_FIXTURES = fileURLToPath(new URL('../fixtures/default.json', import.meta.url))
export const PACKAGE_VERSION = (JSON.parse(readFileSync(
  new URL('../package.json', import.meta.url),
  'utf8'
)) as { version: string }).version

/** The configuration with every default, as tests and the entry point start from. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const config = {
    fixtures: [DEFAULT_FIXTURES], maxLength: { UserId: 0, TrackId: 0 }, reseed: false,
    origin: undefined, adminToken: undefined,
    tlsPort: undefined, tlsCert: undefined, tlsKey: undefined, tlsDir: undefined, tlsNames: [], allowedHosts: [],
  } as unknown as Config
  for (const option of OPTIONS) if (option.flag !== 'fixtures') option.set(config, option.default)
  return { ...config, ...overrides, maxLength: { ...config.maxLength, ...overrides.maxLength } }
}

/** Rules between options, which no single option can check. */
export function checkCombinations(config: Config): void {
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError('tls-cert and tls-key go together: give both files, or neither to use the local CA')
  }
  if (config.tlsPort !== undefined && config.tlsPort !== 0 && config.tlsPort === config.port) {
    throw new ConfigError(`tls-port must differ from port (both are ${config.port})`)
  }
  if (config.snapshot !== undefined && config.isolation === 'app-id') {
    throw new ConfigError('snapshot restores the shared world at start; in isolation mode, load it into ' +
      "each app id's world with admin.forTenant(appId).loadSnapshot() and restoreSnapshot()")
  }
}

/** Commands besides serving, with whether they take file arguments. */
export const COMMANDS = {
  healthcheck: false, 'validate-fixtures': true, openapi: false, ca: false, 'fixtures-from': true, verify: true,
  record: false,
} as const
export type Command = keyof typeof COMMANDS

export interface Invocation {
  config: Config
  help: boolean
  version: boolean
  /** A command other than serving, e.g. `healthcheck`, and its arguments. */
  command: Command | undefined
  args: string[]
}

const VALUE_FLAGS = new Set(OPTIONS.filter((o) => !o.switch).map((o) => `--${o.flag}`))
const isOptionName = (arg: string): boolean =>
  arg === '--' || arg === '-h' || arg === '-v' ||
    (arg.startsWith('--') &&
      (arg === '--help' || arg === '--version' || OPTIONS.some((o) => arg.split('=')[0] === `--${o.flag}`)))

/**
 * `--port -1` read as `--port=-1`, so a value that starts with a dash is checked as a value (and
 * refused in the option's own words) rather than taken for an option. An option name after an
 * option that needs a value is a value forgotten.
 */
function joinDashValues(argv: string[]): string[] {
  const joined: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const next = argv[i + 1]
    if (arg === '--') return [...joined, ...argv.slice(i)]
    if (!VALUE_FLAGS.has(arg) || next === undefined || !next.startsWith('-')) joined.push(arg)
    else if (isOptionName(next)) throw new ConfigError(`${arg} needs a value, but '${next}' follows it (see --help)`)
    else {
      joined.push(`${arg}=${next}`)
      i++
    }
  }
  return joined
}

/** Reads env vars, then flags over them. Throws ConfigError with one line on anything wrong. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  const joined = joinDashValues(argv)
  let parsed
  try {
    parsed = parseArgs({
      args: joined,
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(OPTIONS.map((o) => [
          o.flag,
          { type: o.switch ? 'boolean' as const : 'string' as const }
        ])),
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (error) {
    const { code, message } = error as Error & { code?: string }
    const option = /'(-[^']*)'/.exec(message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ConfigError(`unknown option '${option}' (see --help)`)
    // Node's message may run on over several lines ("…ambiguous.\nDid you forget…"): its first
    // sentence is the one line.
    throw new ConfigError(`${message.split(/\.(\s|$)/)[0]} (see --help)`)
  }
  const config = defaultConfig()
  const flags = parsed.values as Record<string, string | boolean | undefined>
  const given: string[] = []
  for (const option of OPTIONS) {
    const fromFlag = flags[option.flag]
    // An empty env var counts as unset, as shells and compose files often leave them.
    const raw = fromFlag === true ? 'true' : typeof fromFlag === 'string' ? fromFlag : env[option.env] || undefined
    if (raw !== undefined) given.push(option.flag)
    if (raw !== undefined) option.set(config, raw)
  }
  // --help and --version answer whatever the rest says.
  if (flags.help !== true && flags.version !== true) checkCombinations(config)
  const [command, ...args] = parsed.positionals
  if (command !== undefined && !Object.hasOwn(COMMANDS, command)) {
    throw new ConfigError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`)
  }
  const takesFiles = command !== undefined && COMMANDS[command as Command]
  if (!takesFiles && args.length > 0) throw new ConfigError(`unexpected argument '${args[0]}'`)
  if (takesFiles && args.length === 0) throw new ConfigError(`${command} needs at least one file or directory`)
  const stray = OPTIONS.find((o) => o.command !== undefined && o.command !== command && given.includes(o.flag))
  const problem = stray === undefined
    ? command === 'record' ? recordingProblem(config) : undefined
    : `--${stray.flag} is an option of the ${stray.command} command (see --help)`
  if (problem !== undefined && flags.help !== true && flags.version !== true) throw new ConfigError(problem)
  return {
    config, help: flags.help === true, version: flags.version === true, command: command as Command | undefined, args,
  }
}

export function helpText(): string {
  const rows = OPTIONS.map((o) => `  --${o.flag.padEnd(22)} ${o.env.padEnd(28)} ${o.help} ` +
    `(default: ${o.shown ?? (o.default || 'none')})`)
  return [
    "omeda-emulator: a local, stateful emulator of Omeda's Email " +
      'Deployment API (also installed as omeda-cancel-emulator)',
    '',
    'Usage: omeda-emulator [options]                     run the emulator',
    '       omeda-emulator healthcheck [options]         exit 0 if the emulator at --host/--port is healthy, else 1',
    '       omeda-emulator validate-fixtures <files or directories…>  check fixture files; exit 0 or 1',
    '       omeda-emulator openapi                       print the OpenAPI document',
    '       omeda-emulator ca                            print the local CA certificate (PEM), making it if needed',
    '       omeda-emulator verify <session.har> [options]  replay a recorded session against a fresh emulator ' +
      'and report each difference; exit 0, 1 or 2',
    '       omeda-emulator fixtures-from <session.har…>  print a fixture document of what a recorded session saw',
    '       omeda-emulator record --upstream <origin> --out <file>  forward to the upstream, write a redacted HAR file',
    '',
    `Dashboard: http://<host>:<port>${DASHBOARD_URL} (http://127.0.0.1:3000${DASHBOARD_URL} by default; opening / in a browser leads there)`,
    '',
    '  option                   environment variable         meaning',
    ...rows,
    `  --${'help'.padEnd(22)} ${''.padEnd(28)} print this help`,
    `  --${'version'.padEnd(22)} ${''.padEnd(28)} print the version`,
  ].join('\n')
}
