// Configuration: one table of options, each with an environment variable and a command-line flag
// (flags win). The same table drives parsing, validation and `--help`.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { isIP } from 'node:net'
import { isValidTimeZone } from './clock/vendor-time.js'

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
  /** Characters of each request and response body the journal keeps; the rest is cut, with a marker. */
  journalBodyLimit: number
  /** When set, every admin call but health and ready needs `Authorization: Bearer <token>`. */
  adminToken: string | undefined
  /** Also serve HTTPS on this port (same process, same state); undefined leaves TLS off. */
  tlsPort: number | undefined
  /** The user's own certificate and key (PEM files); without them the emulator's local CA signs one. */
  tlsCert: string | undefined
  tlsKey: string | undefined
  /** Where the local CA and server certificate live; undefined means beside the database file (or the user's data folder). */
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
  /** Event streams (/__admin/events) open at once; one more gets 503. */
  maxEventStreams: number
  /** Host names browsers may reach the emulator at, besides loopback names, IP literals and Omeda's hosts ('.x' covers subdomains). */
  allowedHosts: string[]
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export const DEFAULT_FIXTURES = fileURLToPath(new URL('../fixtures/default.json', import.meta.url))
export const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Setter = (config: Config, raw: string) => void

interface Option {
  flag: string
  env: string
  default: string
  /** How --help shows the default, where the raw default says nothing. */
  shown?: string
  help: string
  set: Setter
  /** A switch: the flag takes no value; the env var takes true/false, 1/0 or yes/no. */
  switch?: true
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const TRUE = /^(true|1|yes)$/i
const FALSE = /^(false|0|no)$/i

function boolean(name: string, apply: (c: Config, on: boolean) => void): Setter {
  return (config, raw) => {
    if (!TRUE.test(raw.trim()) && !FALSE.test(raw.trim()))
      throw new ConfigError(`${name} must be true or false (or 1/0, yes/no), not '${raw}'`)
    apply(config, TRUE.test(raw.trim()))
  }
}

/** A comma-separated list of files or directories, as --fixtures and validate-fixtures take them. */
export const splitList = (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter(Boolean)

function integer(name: string, min: number, max: number, apply: (c: Config, n: number) => void): Setter {
  return (config, raw) => {
    const n = Number(raw)
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${raw}'`)
    apply(config, n)
  }
}

const DEFAULT_MAX_CONNECTIONS = 1000
/** File descriptors kept for the database, the log and the process itself. */
const RESERVED_DESCRIPTORS = 64

/**
 * The connection cap when none is configured: 1000 per port, or fewer when the process may open
 * fewer files, so that two full ports still leave descriptors for the database and the health check.
 */
export function defaultMaxConnections(limits = '/proc/self/limits'): number {
  let soft = Number.POSITIVE_INFINITY
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(limits, 'utf8'))?.[1]
    if (line !== undefined && line !== 'unlimited') soft = Number(line)
  } catch {
    // Not Linux: no limit to read.
  }
  return Math.max(16, Math.min(DEFAULT_MAX_CONNECTIONS, Math.floor((soft - RESERVED_DESCRIPTORS) / 2)))
}

export const OPTIONS: Option[] = [
  { flag: 'port', env: 'PORT', default: '3000', help: 'TCP port to listen on (0 picks a free one)',
    set: integer('port', 0, 65535, (c, n) => { c.port = n }) },
  { flag: 'host', env: 'HOST', default: '127.0.0.1', help: 'address to listen on',
    set: (c, raw) => { c.host = nonEmpty('host', raw) } },
  { flag: 'db', env: 'OMEDA_DB', default: ':memory:', help: 'SQLite database file (state survives restarts)',
    set: (c, raw) => { c.db = nonEmpty('db', raw) } },
  { flag: 'fixtures', env: 'OMEDA_FIXTURES', default: 'fixtures/default.json',
    help: 'comma-separated fixture files or directories',
    set: (c, raw) => {
      c.fixtures = splitList(raw)
      if (c.fixtures.length === 0) throw new ConfigError('fixtures must name at least one file or directory')
    } },
  { flag: 'timezone', env: 'OMEDA_TIMEZONE', default: 'America/Chicago', help: "the vendor's time zone (IANA name)",
    set: (c, raw) => {
      if (!isValidTimeZone(raw)) throw new ConfigError(`timezone '${raw}' is not an IANA time zone (e.g. America/Chicago)`)
      c.timezone = raw
    } },
  { flag: 'log-level', env: 'LOG_LEVEL', default: 'info', help: LOG_LEVELS.join(', '),
    set: (c, raw) => {
      if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, not '${raw}'`)
      c.logLevel = raw
    } },
  { flag: 'origin', env: 'OMEDA_ORIGIN', default: '', shown: "the request's", help: 'origin of the lookup Url in replies',
    set: (c, raw) => {
      if (raw === '') return
      let url: URL
      try { url = new URL(raw) } catch { throw new ConfigError(`origin '${raw}' is not a URL such as http://localhost:3000`) }
      c.origin = url.origin
    } },
  { flag: 'max-userid-length', env: 'OMEDA_MAX_USERID_LENGTH', default: '100', help: 'longest UserId accepted',
    set: integer('max-userid-length', 1, 100000, (c, n) => { c.maxLength.UserId = n }) },
  { flag: 'max-trackid-length', env: 'OMEDA_MAX_TRACKID_LENGTH', default: '50', help: 'longest TrackId accepted',
    set: integer('max-trackid-length', 1, 100000, (c, n) => { c.maxLength.TrackId = n }) },
  { flag: 'body-limit', env: 'OMEDA_BODY_LIMIT', default: '1048576', help: 'largest request body in bytes',
    set: integer('body-limit', 64, 100 * 1024 * 1024, (c, n) => { c.bodyLimit = n }) },
  { flag: 'isolation', env: 'OMEDA_ISOLATION', default: 'shared', help: "'shared' (one world) or 'app-id' (a world per app id)",
    set: (c, raw) => {
      if (raw !== 'shared' && raw !== 'app-id') throw new ConfigError(`isolation must be 'shared' or 'app-id', not '${raw}'`)
      c.isolation = raw
    } },
  { flag: 'max-worlds', env: 'OMEDA_MAX_WORLDS', default: '1000',
    help: "in isolation mode, most worlds (app ids) at once; a new one past it is refused until a reset of every world",
    set: integer('max-worlds', 1, 1_000_000, (c, n) => { c.maxWorlds = n }) },
  { flag: 'journal-limit', env: 'OMEDA_JOURNAL_LIMIT', default: '10000', help: 'most submissions kept in the journal',
    set: integer('journal-limit', 1, 10_000_000, (c, n) => { c.journalLimit = n }) },
  { flag: 'journal-body-limit', env: 'OMEDA_JOURNAL_BODY_LIMIT', default: '16384',
    help: 'characters of each request and response body the journal keeps (the rest is cut, with a marker)',
    set: integer('journal-body-limit', 0, 100 * 1024 * 1024, (c, n) => { c.journalBodyLimit = n }) },
  { flag: 'admin-token', env: 'OMEDA_ADMIN_TOKEN', default: '', help: 'bearer token required by the admin API (prefer the env var)',
    set: (c, raw) => { c.adminToken = raw === '' ? undefined : raw } },
  { flag: 'tls-port', env: 'OMEDA_TLS_PORT', default: '', shown: 'off', help: 'also serve HTTPS on this port (0 picks a free one)',
    set: (c, raw) => {
      c.tlsPort = undefined
      if (raw !== '') integer('tls-port', 0, 65535, (c, n) => { c.tlsPort = n })(c, raw)
    } },
  { flag: 'tls-cert', env: 'OMEDA_TLS_CERT', default: '', shown: 'one signed by the local CA', help: 'certificate file (PEM) for HTTPS',
    set: (c, raw) => { c.tlsCert = raw === '' ? undefined : raw } },
  { flag: 'tls-key', env: 'OMEDA_TLS_KEY', default: '', help: 'private key file (PEM) for --tls-cert',
    set: (c, raw) => { c.tlsKey = raw === '' ? undefined : raw } },
  { flag: 'tls-dir', env: 'OMEDA_TLS_DIR', default: '', shown: "tls/ beside --db, or ~/.local/share/omeda-cancel-emulator/tls",
    help: 'folder of the local CA and server certificate',
    set: (c, raw) => { c.tlsDir = raw === '' ? undefined : raw } },
  { flag: 'tls-names', env: 'OMEDA_TLS_NAMES', default: '', help: 'comma-separated extra host names or IPs for the server certificate',
    set: (c, raw) => {
      c.tlsNames = splitList(raw)
      const bad = c.tlsNames.find((name) => !isIP(name) && !HOST_NAME.test(name))
      if (bad !== undefined) throw new ConfigError(`tls-names: '${bad}' is not a host name or an IP address`)
    } },
  { flag: 'request-timeout', env: 'OMEDA_REQUEST_TIMEOUT', default: '30000',
    help: 'milliseconds a client has to send a whole request, headers and body (then 408 and the connection is closed)',
    set: integer('request-timeout', 100, 3_600_000, (c, n) => { c.requestTimeout = n }) },
  { flag: 'tls-handshake-timeout', env: 'OMEDA_TLS_HANDSHAKE_TIMEOUT', default: '10000',
    help: 'milliseconds a client has to finish the TLS handshake on the HTTPS port',
    set: integer('tls-handshake-timeout', 100, 600_000, (c, n) => { c.tlsHandshakeTimeout = n }) },
  { flag: 'max-connections', env: 'OMEDA_MAX_CONNECTIONS', default: '', shown: '1000, or fewer under a low open-file limit',
    help: 'connections each port holds at once; beyond it new ones are closed at once',
    set: (c, raw) => {
      c.maxConnections = defaultMaxConnections()
      if (raw !== '') integer('max-connections', 1, 1_000_000, (c, n) => { c.maxConnections = n })(c, raw)
    } },
  { flag: 'shutdown-timeout', env: 'OMEDA_SHUTDOWN_TIMEOUT', default: '1000',
    help: 'milliseconds requests in flight get to finish on SIGTERM before their connections are cut',
    set: integer('shutdown-timeout', 0, 600_000, (c, n) => { c.shutdownTimeout = n }) },
  { flag: 'max-event-streams', env: 'OMEDA_MAX_EVENT_STREAMS', default: '100',
    help: 'event streams (/__admin/events) open at once; one more is refused with 503',
    set: integer('max-event-streams', 1, 100_000, (c, n) => { c.maxEventStreams = n }) },
  { flag: 'allowed-hosts', env: 'OMEDA_ALLOWED_HOSTS', default: '', shown: 'none',
    help: "comma-separated host names a browser may use to reach the emulator ('.example.test' covers its subdomains)",
    set: (c, raw) => {
      c.allowedHosts = splitList(raw)
      const bad = c.allowedHosts.find((name) => !HOST_NAME.test(name.replace(/^\./, '')))
      if (bad !== undefined) throw new ConfigError(`allowed-hosts: '${bad}' is not a host name (or '.domain' for a domain and its subdomains)`)
    } },
  { flag: 'metrics', env: 'OMEDA_METRICS', default: 'true',
    help: 'Prometheus metrics at /__admin/metrics; false turns them off, with their per-request cost',
    set: boolean('metrics', (c, on) => { c.metrics = on }) },
  { flag: 'reseed', env: 'OMEDA_RESEED', default: 'false', switch: true,
    help: 'replace the stored world with the fixtures at start (journal, clock and faults too)',
    set: boolean('reseed', (c, on) => { c.reseed = on }) },
]

function nonEmpty(name: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`)
  return raw
}

/** The configuration with every default, as tests and the entry point start from. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const config = {
    fixtures: [DEFAULT_FIXTURES], maxLength: { UserId: 0, TrackId: 0 }, reseed: false, origin: undefined, adminToken: undefined,
    tlsPort: undefined, tlsCert: undefined, tlsKey: undefined, tlsDir: undefined, tlsNames: [], allowedHosts: [],
  } as unknown as Config
  for (const option of OPTIONS) if (option.flag !== 'fixtures') option.set(config, option.default)
  return { ...config, ...overrides, maxLength: { ...config.maxLength, ...overrides.maxLength } }
}

/** Rules between options, which no single option can check. */
export function checkCombinations(config: Config): void {
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined))
    throw new ConfigError('tls-cert and tls-key go together: give both files, or neither to use the local CA')
  if (config.tlsPort !== undefined && config.tlsPort !== 0 && config.tlsPort === config.port)
    throw new ConfigError(`tls-port must differ from port (both are ${config.port})`)
}

/** Commands besides serving, with whether they take file arguments. */
export const COMMANDS = { healthcheck: false, 'validate-fixtures': true, openapi: false, ca: false } as const
export type Command = keyof typeof COMMANDS

export interface Invocation {
  config: Config
  help: boolean
  version: boolean
  /** A command other than serving, e.g. `healthcheck`, and its arguments. */
  command: Command | undefined
  args: string[]
}

/** Reads env vars, then flags over them. Throws ConfigError with one line on anything wrong. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Invocation {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(OPTIONS.map((o) => [o.flag, { type: o.switch ? 'boolean' as const : 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (error) {
    const { code, message } = error as Error & { code?: string }
    const option = /'(-[^']*)'/.exec(message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ConfigError(`unknown option '${option}' (see --help)`)
    throw new ConfigError(`${message.split('. ')[0]} (see --help)`)
  }
  const config = defaultConfig()
  const flags = parsed.values as Record<string, string | boolean | undefined>
  for (const option of OPTIONS) {
    const fromFlag = flags[option.flag]
    // An empty env var counts as unset, as shells and compose files often leave them.
    const raw = fromFlag === true ? 'true' : typeof fromFlag === 'string' ? fromFlag : env[option.env] || undefined
    if (raw !== undefined) option.set(config, raw)
  }
  // --help and --version answer whatever the rest says.
  if (flags.help !== true && flags.version !== true) checkCombinations(config)
  const [command, ...args] = parsed.positionals
  if (command !== undefined && !Object.hasOwn(COMMANDS, command))
    throw new ConfigError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`)
  const takesFiles = command !== undefined && COMMANDS[command as Command]
  if (!takesFiles && args.length > 0) throw new ConfigError(`unexpected argument '${args[0]}'`)
  if (takesFiles && args.length === 0) throw new ConfigError(`${command} needs at least one file or directory`)
  return { config, help: flags.help === true, version: flags.version === true, command: command as Command | undefined, args }
}

export function helpText(): string {
  const rows = OPTIONS.map((o) => `  --${o.flag.padEnd(20)} ${o.env.padEnd(26)} ${o.help} (default: ${o.shown ?? (o.default || 'none')})`)
  return [
    'Usage: omeda-cancel-emulator [options]              run the emulator',
    '       omeda-cancel-emulator healthcheck [options]  exit 0 if the emulator at --host/--port is healthy, else 1',
    '       omeda-cancel-emulator validate-fixtures <files or directories…>  check fixture files; exit 0 or 1',
    '       omeda-cancel-emulator openapi                print the OpenAPI document',
    '       omeda-cancel-emulator ca                     print the local CA certificate (PEM), making it if needed',
    '',
    '  option                 environment variable       meaning',
    ...rows,
    `  --${'help'.padEnd(20)} ${''.padEnd(26)} print this help`,
    `  --${'version'.padEnd(20)} ${''.padEnd(26)} print the version`,
  ].join('\n')
}
