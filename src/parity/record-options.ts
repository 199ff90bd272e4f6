// The record command's options: their rows of the options table (options.ts spreads them in at its
// end, handing over its own kinds of setter, so that this module needs nothing of it at run time),
// the rules between them and the command, and startEmulator's `record: { … }` form of them.
import type { Config } from '../config.js'
import type { Option } from '../options.js'
import { redactionRules } from './redaction.js'
import { literalProblem, upstreamProblem } from './upstream-target.js'

type Setter = Option['set']
export interface OptionKinds {
  ConfigError: new (message: string) => Error
  integer: (name: string, min: number, max: number, apply: (c: Config, n: number) => void) => Setter
  boolean: (name: string, apply: (c: Config, on: boolean) => void) => Setter
  splitList: (raw: string) => string[]
}

/** startEmulator's `record` option: the command line's record options, by shorter names. */
export interface RecordOptions {
  /** `https://host[:port]`, e.g. `https://ows.omedastaging.com`. */
  upstream: string
  /** The session file (HAR 1.2), written whole after each exchange. */
  out: string
  /** Allow an upstream on loopback or a private network (as tests need). */
  allowPrivate?: boolean
  /** A PEM file of CAs to trust besides Node's store and NODE_EXTRA_CA_CERTS. */
  ca?: string
  /** Milliseconds the upstream has to answer in full; then the client gets a 502. */
  timeout?: number
  /** More to redact: `header:Name` entries and JSON paths such as `$.Password`. */
  redact?: string[]
  /** Whether failed exchanges (non-2xx answers and upstreams that failed) are written; true by default. */
  recordFailures?: boolean
  /**
   * Whether the emulator also answers each exchange on a shadow world of the fixtures and keeps the
   * differences at /__admin/drift; true by default.
   */
  drift?: boolean
}

/** Each `record` key and the flag it stands for. */
export const RECORD_FLAGS: Record<keyof RecordOptions, string> = {
  upstream: 'upstream', out: 'out', allowPrivate: 'upstream-allow-private', ca: 'upstream-ca',
  timeout: 'upstream-timeout', redact: 'redact', recordFailures: 'record-failures', drift: 'drift',
}

export function recordOptions({ ConfigError, integer, boolean, splitList }: OptionKinds): Option[] {
  return [
    { flag: 'upstream', env: 'OMEDA_UPSTREAM', command: 'record', default: '', shown: 'none',
      help: 'record: the https origin requests are forwarded to, e.g. https://ows.omedastaging.com',
      set: (c, raw) => {
        const problem = raw === '' ? undefined : upstreamProblem(raw)
        if (problem !== undefined) throw new ConfigError(problem)
        c.upstream = raw === '' ? undefined : new URL(raw).origin
      } },
    { flag: 'out', env: 'OMEDA_RECORD_OUT', command: 'record', default: '', shown: 'none',
      help: 'record: the session file (HAR 1.2) written after each exchange',
      set: (c, raw) => { c.recordOut = raw === '' ? undefined : raw } },
    { flag: 'upstream-allow-private', env: 'OMEDA_UPSTREAM_ALLOW_PRIVATE', command: 'record', default: 'false',
      switch: true,
      help: 'record: allow an upstream on loopback, private, link-local or CGNAT addresses',
      set: boolean('upstream-allow-private', (c, on) => { c.upstreamAllowPrivate = on }) },
    { flag: 'upstream-ca', env: 'OMEDA_UPSTREAM_CA', command: 'record', default: '', shown: 'none',
      help: "record: a PEM file of CAs to trust for the upstream's certificate, besides Node's and NODE_EXTRA_CA_CERTS",
      set: (c, raw) => { c.upstreamCa = raw === '' ? undefined : raw } },
    { flag: 'upstream-timeout', env: 'OMEDA_UPSTREAM_TIMEOUT', command: 'record', default: '30000',
      help: 'record: milliseconds the upstream has to answer in full (then the client gets a 502)',
      set: integer('upstream-timeout', 100, 600_000, (c, n) => { c.upstreamTimeout = n }) },
    { flag: 'redact', env: 'OMEDA_REDACT', command: 'record', default: '', shown: 'the app id and input id only',
      help: 'record: comma-separated header:Name entries and JSON paths ($.Password) to redact besides the ids',
      set: (c, raw) => {
        c.redact = splitList(raw)
        try {
          redactionRules(c.redact)
        } catch (error) {
          const message = (error as Error).message
          throw new ConfigError(message.startsWith('redact') ? message : `redact: ${message}`)
        }
      } },
    { flag: 'record-failures', env: 'OMEDA_RECORD_FAILURES', command: 'record', default: 'true',
      help: 'record: also write failed exchanges (non-2xx answers, upstream failures); false leaves them out',
      set: boolean('record-failures', (c, on) => { c.recordFailures = on }) },
    { flag: 'drift', env: 'OMEDA_DRIFT', command: 'record', default: 'true',
      help: 'record: also answer each exchange on a shadow world of --fixtures, differences at /__admin/drift',
      set: boolean('drift', (c, on) => { c.recordDrift = on }) },
  ]
}

/** What the record command lacks, in one line. */
export function recordingProblem(config: Config): string | undefined {
  if (config.upstream === undefined) {
    return 'record needs --upstream (OMEDA_UPSTREAM): the https origin to forward to, e.g. https://ows.omedastaging.com'
  }
  if (config.recordOut === undefined) {
    return 'record needs --out (OMEDA_RECORD_OUT): the session file to write, e.g. session.har'
  }
  return literalProblem(config.upstream, config.upstreamAllowPrivate)
}
