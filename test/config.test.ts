// Configuration: env vars, flags over them, and one clear line for anything wrong.
import t from 'tap'
import { DEFAULT_FIXTURES, helpText, readConfig } from '../src/config.js'
import { ConfigError, OPTIONS } from '../src/options.js'

t.test('defaults', async (t) => {
  const { config, help, version } = readConfig([], {})
  t.match(config, {
    port: 3000, host: '127.0.0.1', db: ':memory:', fixtures: [DEFAULT_FIXTURES], timezone: 'America/Chicago',
    logLevel: 'info', origin: undefined, maxLength: { UserId: 100, TrackId: 50 }, bodyLimit: 1048576, reseed: false,
    isolation: 'shared', maxWorlds: 1000, journalLimit: 10000, journalBodyLimit: 16384, adminToken: undefined,
    tlsPort: undefined, tlsCert: undefined, tlsKey: undefined, tlsDir: undefined, tlsNames: [],
  })
  t.equal(help, false)
  t.equal(version, false)
})

t.test('env vars set each option; flags win over them', async (t) => {
  const env = {
    PORT: '4000', HOST: '0.0.0.0', OMEDA_DB: '/tmp/x.db', OMEDA_FIXTURES: 'a.json, b/ ,',
    OMEDA_TIMEZONE: 'Europe/Paris',
    LOG_LEVEL: 'warn', OMEDA_ORIGIN: 'https://ows.example.test/ignored/path', OMEDA_MAX_USERID_LENGTH: '20',
    OMEDA_MAX_TRACKID_LENGTH: '30', OMEDA_BODY_LIMIT: '2048', OMEDA_RESEED: 'true',
    OMEDA_ISOLATION: 'app-id', OMEDA_JOURNAL_LIMIT: '500', OMEDA_ADMIN_TOKEN: 's3cret', OMEDA_JOURNAL_BODY_LIMIT: '0',
    OMEDA_MAX_WORLDS: '7',
  }
  t.match(readConfig([], env).config, {
    port: 4000, host: '0.0.0.0', db: '/tmp/x.db', fixtures: ['a.json', 'b/'], timezone: 'Europe/Paris',
    logLevel: 'warn',
    origin: 'https://ows.example.test', maxLength: { UserId: 20, TrackId: 30 }, bodyLimit: 2048, reseed: true,
    isolation: 'app-id', journalLimit: 500, journalBodyLimit: 0, maxWorlds: 7, adminToken: 's3cret',
  })
  const flags = ['--port', '5000', '--host', '::1', '--db', 'f.db', '--fixtures', 'c.json', '--timezone', 'UTC',
    '--log-level', 'debug', '--origin', 'http://x.test:1', '--max-userid-length', '7', '--max-trackid-length', '8', '--body-limit', '4096']
  t.match(readConfig(flags, env).config, {
    port: 5000, host: '::1', db: 'f.db', fixtures: ['c.json'], timezone: 'UTC', logLevel: 'debug',
    origin: 'http://x.test:1', maxLength: { UserId: 7, TrackId: 8 }, bodyLimit: 4096,
  })
  t.equal(readConfig(['--reseed'], {}).config.reseed, true)
  t.equal(readConfig(['--help'], {}).help, true)
  t.equal(readConfig(['-v'], {}).version, true)
  t.equal(readConfig(['healthcheck', '--port', '4100'], {}).command, 'healthcheck')
  t.equal(readConfig(['--isolation', 'shared'], { OMEDA_ISOLATION: 'app-id' }).config.isolation, 'shared')
  const tlsEnv = {
    OMEDA_TLS_PORT: '3443',
    OMEDA_TLS_CERT: 'c.pem',
    OMEDA_TLS_KEY: 'k.pem',
    OMEDA_TLS_DIR: '/tmp/tls',
    OMEDA_TLS_NAMES: 'emulator.test, 10.0.0.5,fe80::1'
  }
  t.match(
    readConfig([], tlsEnv).config,
    {
      tlsPort: 3443,
      tlsCert: 'c.pem',
      tlsKey: 'k.pem',
      tlsDir: '/tmp/tls',
      tlsNames: ['emulator.test', '10.0.0.5', 'fe80::1']
    }
  )
  t.match(
    readConfig(['--tls-port', '0', '--tls-dir', 'here', '--tls-names', 'a.test'], tlsEnv).config,
    { tlsPort: 0, tlsDir: 'here', tlsNames: ['a.test'] }
  )
  t.equal(readConfig([], { OMEDA_TLS_PORT: '' }).config.tlsPort, undefined, 'empty leaves TLS off')
  t.equal(readConfig(['ca'], {}).command, 'ca')
  t.equal(readConfig([], {}).config.busyTimeout, 5000)
  t.equal(readConfig(['--busy-timeout', '50'], { OMEDA_BUSY_TIMEOUT: '9000' }).config.busyTimeout, 50)
  t.equal(readConfig(['--help'], { OMEDA_TLS_KEY: 'k.pem' }).help, true, '--help answers even with a half TLS pair')
})

t.test('bad values are one-line ConfigErrors that say what was wrong', async (t) => {
  const bad: [string[], Record<string, string>, RegExp][] = [
    [[], { PORT: 'abc' }, /^port must be a whole number from 0 to 65535, not 'abc'$/],
    [['--port', '70000'], {}, /^port must be a whole number/],
    [['--port=-1'], {}, /^port must be a whole number/],
    [[], { OMEDA_TIMEZONE: 'Mars/Olympus' }, /^timezone 'Mars\/Olympus' is not an IANA time zone/],
    [[], { LOG_LEVEL: 'loud' }, /^log-level must be one of fatal, error/],
    [[], { OMEDA_ORIGIN: 'not a url' }, /^origin 'not a url' is not a URL/],
    [[], { OMEDA_FIXTURES: ' , ' }, /^fixtures must name at least one file or directory$/],
    [[], { HOST: '  ' }, /^host must not be empty$/],
    [[], { OMEDA_MAX_USERID_LENGTH: '0' }, /^max-userid-length must be a whole number from 1/],
    [['--bogus'], {}, /^unknown option '--bogus' \(see --help\)$/],
    // Node finds these ambiguous and explains so over three lines: the value is checked as a value, in one.
    [['--port', '-1'], {}, /^port must be a whole number from 0 to 65535, not '-1'$/],
    [['--journal-limit', '-5'], {}, /^journal-limit must be a whole number from 1 to 10000000, not '-5'$/],
    [['--tls-port', '-443'], {}, /^tls-port must be a whole number from 0 to 65535, not '-443'$/],
    [
      ['--log-level', '-debug'],
      {},
      /^log-level must be one of fatal, error, warn, info, debug, trace, silent, not '-debug'$/
    ],
    [['--log-level', '--port', '3001'], {}, /^--log-level needs a value, but '--port' follows it \(see --help\)$/],
    [['--host', '-h'], {}, /^--host needs a value, but '-h' follows it \(see --help\)$/],
    [['--port'], {}, /^Option '--port <value>' argument missing \(see --help\)$/],
    [[], { OMEDA_REQUEST_TIMEOUT: '5' }, /^request-timeout must be a whole number from 100 to 3600000, not '5'$/],
    [[], { OMEDA_BUSY_TIMEOUT: '-1' }, /^busy-timeout must be a whole number from 0 to 600000, not '-1'$/],
    [[], { OMEDA_MAX_CONNECTIONS: 'lots' }, /^max-connections must be a whole number from 1 to 1000000, not 'lots'$/],
    [[], { OMEDA_MAX_EVENT_STREAMS: '0' }, /^max-event-streams must be a whole number from 1 to 100000, not '0'$/],
    [[], { OMEDA_ALLOWED_HOSTS: 'a b' }, /^allowed-hosts: 'a b' is not a host name/],
    [[], { OMEDA_TLS_PORT: 'https' }, /^tls-port must be a whole number from 0 to 65535, not 'https'$/],
    [['--tls-port', '3000'], {}, /^tls-port must differ from port \(both are 3000\)$/],
    [
      ['--tls-cert', 'c.pem'],
      {},
      /^tls-cert and tls-key go together: give both files, or neither to use the local CA$/
    ],
    [[], { OMEDA_TLS_KEY: 'k.pem' }, /^tls-cert and tls-key go together/],
    [[], { OMEDA_TLS_NAMES: 'ok.test, not a name' }, /^tls-names: 'not a name' is not a host name or an IP address$/],
    [['--tls-names', 'emulator.local,-bad.test'], {}, /^tls-names: '-bad.test' is not/],
    [['stray'], {},
      new RegExp("^unknown command 'stray' \\(commands: healthcheck, validate-fixtures, openapi, ca, " +
        'fixtures-from, verify, record\\)$')],
    [['healthcheck', 'extra'], {}, /^unexpected argument 'extra'$/],
    [[], { OMEDA_ISOLATION: 'per-test' }, /^isolation must be 'shared' or 'app-id', not 'per-test'$/],
    [[], { OMEDA_JOURNAL_LIMIT: '0' }, /^journal-limit must be a whole number from 1/],
    [[], { OMEDA_MAX_WORLDS: '0' }, /^max-worlds must be a whole number from 1 to 1000000, not '0'$/],
    [['--journal-body-limit', '16k'], {}, /^journal-body-limit must be a whole number from 0 to 104857600, not '16k'$/],
    [[], { OMEDA_RESEED: 'garbage' }, /^reseed must be true or false \(or 1\/0, yes\/no\), not 'garbage'$/],
    [[], { OMEDA_RESEED: 'on' }, /^reseed must be true or false/],
    [['--reseed=yes'], {}, /^Option '--reseed' does not take an argument/],
  ]
  for (const [argv, env, message] of bad) {
    t.throws(() => readConfig(argv, env), ConfigError)
    try {
      readConfig(argv, env)
    } catch (error) {
      t.match((error as Error).message, message, `${argv.join(' ')} ${JSON.stringify(env)}`)
      t.notMatch((error as Error).message, /\n/, 'one line')
    }
  }
})

t.test('boolean env vars take true/false, 1/0 and yes/no in any case; empty means unset', async (t) => {
  for (const on of ['true', 'TRUE', 'True', '1', 'yes', 'YES', ' yes ']) {
    t.equal(readConfig([], { OMEDA_RESEED: on }).config.reseed, true, on)
  }
  for (const off of ['false', 'FALSE', '0', 'no', 'No', '']) {
    t.equal(readConfig([], { OMEDA_RESEED: off }).config.reseed, false, JSON.stringify(off))
  }
  t.equal(readConfig(['--reseed'], { OMEDA_RESEED: 'no' }).config.reseed, true, 'the flag wins')
})

t.test('--help lists every option with its env var and default', async (t) => {
  const help = helpText()
  for (const option of OPTIONS) {
    t.match(help, `--${option.flag}`)
    t.match(help, option.env)
  }
  t.match(help, '(default: 3000)')
  t.match(help, '--reseed')
  t.match(help, '\nDashboard: http://<host>:<port>/__admin/ui/ (http://127.0.0.1:3000/__admin/ui/ by default; opening / in a browser leads there)\n', 'it says where the dashboard is')
})
