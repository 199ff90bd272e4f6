// The options table: each option's flag, environment variable, default, help and setter, which
// checks the raw text and says in one line what is wrong. config.ts reads env and flags through it.
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { isValidTimeZone } from './clock/vendor-time.js'
import type { Config } from './config.js'
import { ANY_HOST } from './http/browser-guard.js'
import { recordOptions } from './parity/record-options.js'
import { verifyOptions } from './parity/verify-options.js'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Setter = (config: Config, raw: string) => void

export interface Option {
  flag: string
  env: string
  default: string
  /** How --help shows the default, where the raw default says nothing. */
  shown?: string
  help: string
  set: Setter
  /** A switch: the flag takes no value; the env var takes true/false, 1/0 or yes/no. */
  switch?: true
  /** The command it belongs to: given to any other (by flag or environment), it is refused. */
  command?: 'record' | 'verify'
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const TRUE = /^(true|1|yes)$/i
const FALSE = /^(false|0|no)$/i

function boolean(name: string, apply: (c: Config, on: boolean) => void): Setter {
  return (config, raw) => {
    if (!TRUE.test(raw.trim()) && !FALSE.test(raw.trim())) {
      throw new ConfigError(`${name} must be true or false (or 1/0, yes/no), not '${raw}'`)
    }
    apply(config, TRUE.test(raw.trim()))
  }
}

/** A comma-separated list of files or directories, as --fixtures and validate-fixtures take them. */
export const splitList = (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter(Boolean)

function integer(name: string, min: number, max: number, apply: (c: Config, n: number) => void): Setter {
  return (config, raw) => {
    const n = Number(raw)
    if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not '${raw}'`)
    }
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
      if (!isValidTimeZone(raw)) {
        throw new ConfigError(`timezone '${raw}' is not an IANA time zone (e.g. America/Chicago)`)
      }
      c.timezone = raw
    } },
  { flag: 'log-level', env: 'LOG_LEVEL', default: 'info', help: LOG_LEVELS.join(', '),
    set: (c, raw) => {
      if (!LOG_LEVELS.includes(raw)) {
        throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}, not '${raw}'`)
      }
      c.logLevel = raw
    } },
  { flag: 'origin', env: 'OMEDA_ORIGIN', default: '', shown: "the request's",
    help: 'origin of the lookup Url in replies',
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
  { flag: 'isolation', env: 'OMEDA_ISOLATION', default: 'shared',
    help: "'shared' (one world) or 'app-id' (a world per app id)",
    set: (c, raw) => {
      if (raw !== 'shared' && raw !== 'app-id') {
        throw new ConfigError(`isolation must be 'shared' or 'app-id', not '${raw}'`)
      }
      c.isolation = raw
    } },
  { flag: 'max-worlds', env: 'OMEDA_MAX_WORLDS', default: '1000',
    help: 'in isolation mode, most worlds (app ids) at once; a new one past it is refused until a reset of every world',
    set: integer('max-worlds', 1, 1_000_000, (c, n) => { c.maxWorlds = n }) },
  { flag: 'journal-limit', env: 'OMEDA_JOURNAL_LIMIT', default: '10000', help: 'most submissions kept in the journal',
    set: integer('journal-limit', 1, 10_000_000, (c, n) => { c.journalLimit = n }) },
  { flag: 'journal-body-limit', env: 'OMEDA_JOURNAL_BODY_LIMIT', default: '16384',
    help: 'characters of each request and response body the journal keeps (the rest is cut, with a marker)',
    set: integer('journal-body-limit', 0, 100 * 1024 * 1024, (c, n) => { c.journalBodyLimit = n }) },
  { flag: 'audience-load-seconds', env: 'OMEDA_AUDIENCE_LOAD_SECONDS', default: '5',
    help: 'seconds of the sandbox clock an added audience takes to load (0: at once); QUEUED the first fifth of them',
    set: integer('audience-load-seconds', 0, 86_400, (c, n) => { c.audienceLoadSeconds = n }) },
  { flag: 'callback-timeout', env: 'OMEDA_CALLBACK_TIMEOUT', default: '10000',
    help: "milliseconds an audience's callback URL has to answer before the attempt counts as failed",
    set: integer('callback-timeout', 1, 600_000, (c, n) => { c.callbackTimeout = n }) },
  { flag: 'admin-token', env: 'OMEDA_ADMIN_TOKEN', default: '',
    help: 'bearer token required by the admin API (prefer the env var)',
    set: (c, raw) => { c.adminToken = raw === '' ? undefined : raw } },
  { flag: 'tls-port', env: 'OMEDA_TLS_PORT', default: '', shown: 'off',
    help: 'also serve HTTPS on this port (0 picks a free one)',
    set: (c, raw) => {
      c.tlsPort = undefined
      if (raw !== '') integer('tls-port', 0, 65535, (c, n) => { c.tlsPort = n })(c, raw)
    } },
  { flag: 'tls-cert', env: 'OMEDA_TLS_CERT', default: '', shown: 'one signed by the local CA',
    help: 'certificate file (PEM) for HTTPS',
    set: (c, raw) => { c.tlsCert = raw === '' ? undefined : raw } },
  { flag: 'tls-key', env: 'OMEDA_TLS_KEY', default: '', help: 'private key file (PEM) for --tls-cert',
    set: (c, raw) => { c.tlsKey = raw === '' ? undefined : raw } },
  { flag: 'tls-dir', env: 'OMEDA_TLS_DIR', default: '',
    shown: 'tls/ beside --db, or ~/.local/share/omeda-cancel-emulator/tls',
    help: 'folder of the local CA and server certificate',
    set: (c, raw) => { c.tlsDir = raw === '' ? undefined : raw } },
  { flag: 'tls-names', env: 'OMEDA_TLS_NAMES', default: '',
    help: 'comma-separated extra host names or IPs for the server certificate',
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
  { flag: 'max-connections', env: 'OMEDA_MAX_CONNECTIONS', default: '',
    shown: '1000, or fewer under a low open-file limit',
    help: 'connections each port holds at once; beyond it new ones are closed at once',
    set: (c, raw) => {
      c.maxConnections = defaultMaxConnections()
      if (raw !== '') integer('max-connections', 1, 1_000_000, (c, n) => { c.maxConnections = n })(c, raw)
    } },
  { flag: 'shutdown-timeout', env: 'OMEDA_SHUTDOWN_TIMEOUT', default: '1000',
    help: 'milliseconds requests in flight get to finish on SIGTERM before their connections are cut',
    set: integer('shutdown-timeout', 0, 600_000, (c, n) => { c.shutdownTimeout = n }) },
  { flag: 'busy-timeout', env: 'OMEDA_BUSY_TIMEOUT', default: '5000',
    help: 'milliseconds a write waits while another process sharing ' +
      '--db holds its lock; then the request fails with a 500',
    set: integer('busy-timeout', 0, 600_000, (c, n) => { c.busyTimeout = n }) },
  { flag: 'max-event-streams', env: 'OMEDA_MAX_EVENT_STREAMS', default: '100',
    help: 'event streams (/__admin/events) open at once; one more is refused with 503',
    set: integer('max-event-streams', 1, 100_000, (c, n) => { c.maxEventStreams = n }) },
  { flag: 'allowed-hosts', env: 'OMEDA_ALLOWED_HOSTS', default: '', shown: 'none',
    help: 'comma-separated host names the emulator answers at besides localhost, IPs, single-label and reserved ' +
      "names ('.example.test' covers its subdomains; 'all' turns the check off)",
    set: (c, raw) => {
      c.allowedHosts = splitList(raw)
      const isHost = (name: string) => name === ANY_HOST || isIP(name) !== 0 || HOST_NAME.test(name.replace(/^\./, ''))
      const bad = c.allowedHosts.find((name) => !isHost(name))
      if (bad !== undefined) {
        throw new ConfigError(`allowed-hosts: '${bad}' is not a host name ` +
        "(or '.domain' for a domain and its subdomains)")
      }
    } },
  { flag: 'metrics', env: 'OMEDA_METRICS', default: 'true',
    help: 'Prometheus metrics at /__admin/metrics; false turns them off, with their per-request cost',
    set: boolean('metrics', (c, on) => { c.metrics = on }) },
  { flag: 'reseed', env: 'OMEDA_RESEED', default: 'false', switch: true,
    help: 'replace the stored world with the fixtures at start (journal, clock and faults too)',
    set: boolean('reseed', (c, on) => { c.reseed = on }) },
  { flag: 'snapshot', env: 'OMEDA_SNAPSHOT', default: '', shown: 'none',
    help: 'a saved snapshot file (GET /__admin/snapshots/{name}/document): kept under its name and restored at start',
    set: (c, raw) => { c.snapshot = raw === '' ? undefined : raw } },
  { flag: 'content-fetch', env: 'OMEDA_CONTENT_FETCH', default: 'true',
    help: "fetch the content page's HtmlContentUrl/TextContentUrl over http(s) when the fixtures' contentUrls lack " +
      'them; false: no network (such a URL is then refused)',
    set: boolean('content-fetch', (c, on) => { c.contentFetch = on }) },
  { flag: 'content-fetch-timeout', env: 'OMEDA_CONTENT_FETCH_TIMEOUT', default: '5000',
    help: 'milliseconds a content URL has to answer in full',
    set: integer('content-fetch-timeout', 100, 600_000, (c, n) => { c.contentFetchTimeout = n }) },
  { flag: 'content-fetch-limit', env: 'OMEDA_CONTENT_FETCH_LIMIT', default: '1048576',
    help: 'largest content in bytes a content URL may give',
    set: integer('content-fetch-limit', 1, 100 * 1024 * 1024, (c, n) => { c.contentFetchLimit = n }) },
  // record (the record command; its rows are in parity/record-options.ts)
  ...recordOptions({ ConfigError, integer, boolean, splitList }),
  // verify (its rows are in parity/verify-options.ts)
  ...verifyOptions(splitList),
]

function nonEmpty(name: string, raw: string): string {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`)
  return raw
}
