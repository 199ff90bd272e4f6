// startEmulator's options, read as strictly as the command line's: a name no option has (a typo
// would otherwise be ignored) or a value of the wrong type is one ConfigError naming the option,
// before anything is opened. Each value is then set by the options table's own setter, so it is
// checked and normalised as the command line's is.
import { defaultConfig, type Config } from './config.js'
import { ConfigError, OPTIONS, type Option } from './options.js'
import { RECORD_FLAGS, recordingProblem, type RecordOptions } from './parity/record-options.js'

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
const LENGTH_FLAGS: Record<string, string> = { UserId: 'max-userid-length', TrackId: 'max-trackid-length' }
// A command's options are not startEmulator's; the record command's are given as one object,
// `record: { upstream, out, … }`.
const commandFlags = OPTIONS.filter((o) => o.command !== undefined).map((o) => o.flag)
const flagged = new Set(['fixtures', ...Object.values(LENGTH_FLAGS), ...commandFlags])
/** Each option by its name in `Config`. */
const BY_KEY = new Map(OPTIONS.filter((o) => !flagged.has(o.flag)).map((o) => [camel(o.flag), o]))
const FLAG_OF = (flag: string): Option => OPTIONS.find((o) => o.flag === flag)!
/** Checked where they are used: fixture problems are a FixtureError, a clock's value the admin API's answer. */
const OWN = ['fixtures', 'clock', 'maxLength', 'record']
const RECORD_KINDS: Record<keyof RecordOptions, Kind> = {
  upstream: 'string', out: 'string', allowPrivate: 'boolean', ca: 'string', timeout: 'number', redact: 'array',
  recordFailures: 'boolean', drift: 'boolean',
}

type Kind = 'number' | 'string' | 'boolean' | 'array'
const defaults = defaultConfig() as unknown as Record<string, unknown>
function kindOf(key: string): Kind {
  if (key === 'tlsPort') return 'number' // off by default
  const value = defaults[key]
  return value === undefined ? 'string' : Array.isArray(value) ? 'array' : (typeof value as Kind)
}
const WORDS: Record<Kind, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array of strings'
}
const FITS: Record<Kind, (value: unknown) => boolean> = {
  number: (value) => typeof value === 'number',
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value) && value.every((v) => typeof v === 'string'),
}

/** A value as a person would name it: `'abc'`, `42`, `null`, `an object`. */
function given(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`.replace('a object', 'an object')
}

/** Checks one value by its kind, then sets it with the option's setter, whose message is reworded to name `key`. */
function setValue(config: Config, key: string, option: Option, kind: Kind, value: unknown): void {
  if (!FITS[kind](value)) throw new ConfigError(`${key} must be ${WORDS[kind]}, not ${given(value)}`)
  try {
    option.set(config, Array.isArray(value) ? value.join(',') : String(value))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    throw new ConfigError(error.message.startsWith(option.flag)
      ? `${key}${error.message.slice(option.flag.length)}`
      : `${key}: ${error.message}`)
  }
}

/** Letters to change, add or remove to turn one name into the other. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    row = next
  }
  return row[b.length]!
}

function unknown(key: string): ConfigError {
  const near = [...BY_KEY.keys(), ...OWN]
    .find((name) => name.toLowerCase() === key.toLowerCase() || distance(name, key) <= 2)
  return new ConfigError(`unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}`)
}

/**
 * The configuration of an in-process start: its own defaults (a free port, silent, in memory), then
 * each option given. Throws a one-line ConfigError for the first option that is unknown or of the
 * wrong type or value. `fixtures` and `clock` are the caller's to use.
 */
export function startConfig(options: unknown): Config {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(`startEmulator takes an object of options, not ${given(options)}`)
  }
  const config: Config = { ...defaultConfig(), port: 0, logLevel: 'silent', db: ':memory:' }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if (key === 'maxLength') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError(`maxLength must be an object, not ${given(value)}`)
      }
      for (const [name, length] of Object.entries(value)) {
        if (length === undefined) continue
        if (!Object.hasOwn(LENGTH_FLAGS, name)) {
          throw new ConfigError(`unknown option 'maxLength.${name}' (maxLength takes UserId and TrackId)`)
        }
        setValue(config, `maxLength.${name}`, FLAG_OF(LENGTH_FLAGS[name]!), 'number', length)
      }
    } else if (key === 'clock') {
      if (typeof value !== 'object' || value === null) {
        throw new ConfigError(`clock must be { now: 'yyyy-MM-dd HH:mm:ss' } or { offsetSeconds }, not ${given(value)}`)
      }
    } else if (key === 'record') {
      setRecord(config, value)
    } else if (key !== 'fixtures') {
      const option = BY_KEY.get(key)
      if (option === undefined) throw unknown(key)
      setValue(config, key, option, kindOf(key), value)
    }
  }
  if ('record' in options && options.record !== undefined) {
    // The command line's words name its flags; here the keys are record's.
    if (config.upstream === undefined) throw new ConfigError("record needs 'upstream', e.g. https://ows.omedastaging.com")
    if (config.recordOut === undefined) throw new ConfigError("record needs 'out', the session file to write")
    const problem = recordingProblem(config)
    if (problem !== undefined) throw new ConfigError(problem.replace('--upstream-allow-private', 'record.allowPrivate'))
  }
  return config
}

/** `record: { upstream, out, … }`, each value set by its option's own setter. */
function setRecord(config: Config, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`record must be an object such as { upstream, out }, not ${given(value)}`)
  }
  for (const [name, setting] of Object.entries(value)) {
    if (setting === undefined) continue
    if (!Object.hasOwn(RECORD_FLAGS, name)) {
      throw new ConfigError(`unknown option 'record.${name}' (record takes ${Object.keys(RECORD_FLAGS).join(', ')})`)
    }
    const key = name as keyof RecordOptions
    setValue(config, `record.${name}`, FLAG_OF(RECORD_FLAGS[key]), RECORD_KINDS[key], setting)
  }
}
