// The record command's options: what it needs, the upstreams it refuses before it starts, and the
// same rules for startEmulator's `record` object. Each refusal is one ConfigError line.
import t, { type Test } from 'tap'
import { chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { helpText, readConfig } from '../../src/config.js'
import { ConfigError } from '../../src/options.js'
import { startEmulator } from '../../src/start.js'
import { privateKind } from '../../src/parity/upstream-target.js'

const RECORD = ['record', '--upstream', 'https://ows.omedastaging.com', '--out', 'session.har']

function refused(t: Test, argv: string[], message: RegExp, env: NodeJS.ProcessEnv = {}): void {
  try {
    readConfig(argv, env)
    t.fail(`${argv.join(' ')} was accepted`)
  } catch (error) {
    t.type(error, ConfigError)
    t.match((error as Error).message, message, argv.join(' '))
    t.notMatch((error as Error).message, /\n/, 'one line')
  }
}

t.test('record reads its options; without --upstream or --out it does not start', async (t) => {
  const { config, command } = readConfig([...RECORD, '--upstream-timeout', '2500', '--redact',
    'header:X-Token,$.Password', '--record-failures', 'false', '--upstream-ca', 'ca.pem'], {})
  t.equal(command, 'record')
  t.match(config, {
    upstream: 'https://ows.omedastaging.com', recordOut: 'session.har', upstreamTimeout: 2500,
    redact: ['header:X-Token', '$.Password'], recordFailures: false, upstreamCa: 'ca.pem', upstreamAllowPrivate: false,
  })
  t.match(readConfig(RECORD, {}).config, { upstreamTimeout: 30000, recordFailures: true, redact: [] }, 'defaults')
  t.equal(readConfig(['record'], { OMEDA_UPSTREAM: 'https://ows.omedastaging.com/', OMEDA_RECORD_OUT: 'a.har' })
    .config.upstream, 'https://ows.omedastaging.com', 'from the environment, as an origin')
  refused(t, ['record', '--out', 'a.har'], /^record needs --upstream \(OMEDA_UPSTREAM\)/)
  refused(t, ['record', '--upstream', 'https://ows.omedastaging.com'], /^record needs --out \(OMEDA_RECORD_OUT\)/)
  refused(t, ['record', 'extra.har', '--out', 'a.har'], /^unexpected argument 'extra.har'/)
})

t.test('record options without the record command are refused', async (t) => {
  refused(t, ['--upstream', 'https://ows.omedastaging.com'], /^--upstream is an option of the record command/)
  refused(t, ['--upstream-allow-private'], /^--upstream-allow-private is an option of the record command/)
  refused(t, [], /^--out is an option of the record command/, { OMEDA_RECORD_OUT: 'a.har' })
  refused(t, ['healthcheck', '--redact', '$.Password'], /^--redact is an option of the record command/)
  refused(t, ['verify', 'a.har', '--upstream', 'https://ows.omedastaging.com'], /^--upstream is an option of the record/)
  refused(t, ['record', '--upstream', 'https://ows.omedastaging.com', '--out', 'a.har', '--json', 'r.json'],
    /^--json is an option of the verify command \(see --help\)$/)
  refused(t, [], /^--known-gaps is an option of the verify command/, { OMEDA_KNOWN_GAPS: 'gaps.json' })
})

t.test('bad values and upstreams that are not an https origin', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--upstream', 'http://ows.omedastaging.com'], /^upstream must be an https URL, not http/],
    [['--upstream', 'ows.omedastaging.com'], /^upstream 'ows.omedastaging.com' is not a URL/],
    [['--upstream', 'https://ows.omedastaging.com/webservices'], /^upstream must be an origin .* without a path/],
    [['--upstream', 'https://ows.omedastaging.com/?x=1'], /without a path, query or fragment/],
    [['--upstream', 'https://user:pw@ows.omedastaging.com'], /^upstream must not carry credentials$/],
    [['--upstream-timeout', '50'], /^upstream-timeout must be a whole number from 100 to 600000, not '50'$/],
    [['--redact', 'Password'], /^redact: a JSON path starts with '\$'/],
    [['--redact', 'header:'], /^redact: 'header:' names no header$/],
    [['--record-failures', 'maybe'], /^record-failures must be true or false/],
  ]
  for (const [argv, message] of cases) refused(t, ['record', '--out', 'a.har', ...argv], message)
})

t.test('loopback, private, link-local, unique-local, CGNAT and unspecified addresses need --upstream-allow-private',
  async (t) => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'], ['127.8.9.10', 'loopback'], ['[::1]', 'loopback'], ['10.1.2.3', 'private'],
      ['172.20.0.1', 'private'], ['192.168.1.1', 'private'], ['169.254.169.254', 'link-local'],
      ['[fe80::1]', 'link-local'], ['[fd00::1]', 'unique-local'], ['100.64.0.1', 'CGNAT'], ['0.0.0.0', 'unspecified'],
      ['[::]', 'unspecified'], ['[::ffff:10.0.0.1]', 'private'],
    ]
    for (const [host, kind] of cases) {
      const upstream = `https://${host}:8443`
      refused(t, ['record', '--out', 'a.har', '--upstream', upstream],
        new RegExp(`^upstream .* is a ${kind} address: give --upstream-allow-private to record against it$`))
      t.equal(readConfig(['record', '--out', 'a.har', '--upstream', upstream, '--upstream-allow-private'], {})
        .config.upstream, new URL(upstream).origin, `${host} allowed with the switch`)
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '169.255.0.1']) {
      t.equal(privateKind(address), undefined, `${address} is public`)
    }
  })

t.test("startEmulator's record object follows the same rules", async (t) => {
  const out = 'session.har'
  const cases: [unknown, RegExp][] = [
    [{ record: { upstream: 'http://ows.omedastaging.com', out } }, /^record\.upstream must be an https URL/],
    [{ record: { out } }, /^record needs 'upstream'/],
    [{ record: { upstream: 'https://ows.omedastaging.com' } }, /^record needs 'out'/],
    [{ record: { upstream: 'https://127.0.0.1:9', out } },
      /^upstream 127\.0\.0\.1 is a loopback address: give record\.allowPrivate to record against it$/],
    [{ record: { upstream: 'https://ows.omedastaging.com', out, timeout: '5' } },
      /^record\.timeout must be a number, not '5'$/],
    [{ record: { upstream: 'https://ows.omedastaging.com', out, bogus: 1 } }, /^unknown option 'record\.bogus'/],
    [{ record: 'https://ows.omedastaging.com' }, /^record must be an object/],
    [{ upstream: 'https://ows.omedastaging.com' }, /^unknown option 'upstream'/],
    [{ record: { upstream: 'https://ows.omedastaging.com', out }, clock: { offsetSeconds: 60 } },
      /^record forwards every request to the upstream: a clock does not apply to it/],
    [{ record: { upstream: 'https://ows.omedastaging.com', out }, fixtures: { apps: [], deployments: [] } },
      /shadow world takes fixture files \(as --fixtures\), not a document$/],
    [{ record: { upstream: 'https://ows.omedastaging.com', out, drift: 'yes' } }, /^record\.drift must be true or false/],
  ]
  for (const [options, message] of cases) {
    await t.rejects(startEmulator(options as Parameters<typeof startEmulator>[0]), { name: 'ConfigError', message },
      JSON.stringify(options))
  }
})

t.test('--help lists the record command and its options', async (t) => {
  const help = helpText()
  t.match(help, /omeda-emulator record --upstream <origin> --out <file>/)
  for (const flag of ['upstream', 'out', 'upstream-allow-private', 'upstream-ca', 'upstream-timeout', 'redact',
    'record-failures']) {
    t.match(help, new RegExp(`\\n  --${flag} +OMEDA_[A-Z_]+ +record: `), flag)
  }
})

t.test('an upstream CA file another user can write is refused: it would decide what the recorder trusts', async (t) => {
  const dir = t.testdir({ 'ca.pem': 'not read' })
  const ca = join(dir, 'ca.pem')
  chmodSync(ca, 0o666)
  await t.rejects(startEmulator({ record: { upstream: 'https://ows.omedastaging.com', out: join(dir, 's.har'), ca } }),
    { name: 'ConfigError', message: `the upstream's CA file ${ca} can be written by other users (mode 0666); ` +
      'remove their write access (chmod go-w)' })
  t.notOk(existsSync(join(dir, 's.har')), 'nothing was written')
})
