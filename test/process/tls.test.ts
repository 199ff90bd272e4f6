// HTTPS as a process: the `ca` command and the server agreeing on one CA, where `ca` finds its
// folder, and one clear line and exit 2 for every way TLS can be misconfigured.
import t from 'tap'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startEmulator } from '../../src/start.js'
import { localAuthority, localServerMaterial, tlsDirectory } from '../../src/tls/authority.js'
import { BUILT_MAIN, runMain, TEST_WORLD } from '../helpers.js'
import { freePort, run } from '../spawn.mjs'

t.test('a server and `ca` commands started together on a fresh folder end up with one CA', async (t) => {
  const dir = join(t.testdir(), 'fresh', 'tls')
  const [emulator, ...printed] = await Promise.all([
    startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: dir }),
    ...Array.from({ length: 4 }, () => run(['node', BUILT_MAIN, 'ca', '--tls-dir', dir])),
  ])
  t.teardown(() => emulator!.close())
  for (const result of printed) t.same(result, { code: 0, stdout: emulator!.ca, stderr: '' })
  t.equal(readFileSync(join(dir, 'ca.pem'), 'utf8'), emulator!.ca)
})

t.test('`ca` finds the folder as the server does: beside --db, or in the user data folder', async (t) => {
  const dir = t.testdir({ data: {} })
  const besideDb = await runMain(['ca', '--db', join(dir, 'data', 'omeda.db')], {}, { built: true })
  t.equal(besideDb.code, 0)
  t.equal(besideDb.stdout, readFileSync(join(dir, 'data', 'tls', 'ca.pem'), 'utf8'))
  const xdg = await runMain(['ca'], { XDG_DATA_HOME: join(dir, 'xdg') }, { built: true })
  t.equal(xdg.stdout, readFileSync(join(dir, 'xdg', 'omeda-cancel-emulator', 'tls', 'ca.pem'), 'utf8'))
  t.not(xdg.stdout, besideDb.stdout, 'two folders, two CAs')
  t.equal(
    tlsDirectory(undefined, ':memory:', {}),
    join(homedir(), '.local', 'share', 'omeda-cancel-emulator', 'tls'),
    'XDG_DATA_HOME unset'
  )
  t.equal(tlsDirectory('rel', 'x.db'), join(process.cwd(), 'rel'), 'a given folder wins, resolved')
})

t.test('a TLS folder that cannot be made under /proc is one line and exit 2, at once, not a spin', async (t) => {
  // Node's recursive mkdir retried such a path for ever at full CPU; the process is killed (code null) after 15 s.
  for (const [args, message] of [
    [
      ['ca', '--tls-dir', '/proc/nope'],
      "cannot create the TLS folder /proc/nope: ENOENT: no such file or directory, mkdir '/proc/nope'"
    ],
    [
      ['ca', '--tls-dir', '/proc/nope/deeper'],
      "cannot create the TLS folder /proc/nope/deeper: ENOENT: no such file or directory, mkdir '/proc/nope'"
    ],
    [
      ['--port', '0', '--tls-port', '0', '--tls-dir', '/proc/nope'],
      "cannot create the TLS folder /proc/nope: ENOENT: no such file or directory, mkdir '/proc/nope'"
    ],
  ] as const) {
    const res = await runMain([...args], {}, { timeoutMs: 15_000 })
    t.same(res, { code: 2, stdout: '', stderr: `omeda-emulator: ${message}\n` }, args.join(' '))
  }
})

t.test('TLS mistakes are one line and exit 2', async (t) => {
  const dir = t.testdir({ 'garbage.pem': 'no pem here', file: 'x', 'read-only': {} })
  const material = await localServerMaterial(join(dir, 'tls'))
  writeFileSync(join(dir, 'cert-only.pem'), material.cert)
  const other = await localServerMaterial(join(dir, 'other'))
  writeFileSync(join(dir, 'other-key.pem'), other.key)
  const busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => busy.close(resolve)))
  const busyPort = (busy.address() as { port: number }).port
  const port = String(await freePort())
  // Each message follows `omeda-emulator: ` and is the whole of stderr, one line.
  const cases: [string[], RegExp][] = [
    [
      ['--tls-cert', join(dir, 'missing.pem'), '--tls-key', join(dir, 'garbage.pem')],
      /cannot read the TLS certificate .*missing\.pem: ENOENT.*/
    ],
    [
      ['--tls-cert', join(dir, 'garbage.pem'), '--tls-key', join(dir, 'garbage.pem')],
      /the TLS key .*garbage\.pem and certificate .*garbage\.pem are not a usable PEM pair: .+/
    ],
    [
      ['--tls-cert', join(dir, 'cert-only.pem'), '--tls-key', join(dir, 'other-key.pem')],
      /the TLS key .* are not a usable PEM pair: .*key values mismatch/
    ],
    [['--tls-dir', join(dir, 'file', 'tls')], /cannot create the TLS folder .*file\/tls: ENOTDIR.*/],
    [
      ['--tls-port', String(busyPort)],
      new RegExp(`cannot listen for HTTPS on 127\\.0\\.0\\.1:${busyPort}: the port is ` +
        'already in use \\(pick another with --tls-port or OMEDA_TLS_PORT\\)')
    ],
  ]
  for (const [args, message] of cases) {
    const res = await runMain(
      ['--port', port, '--tls-port', '0', '--tls-dir', join(dir, 'tls'), ...args],
      {},
      { built: true }
    )
    t.equal(res.code, 2, args.join(' '))
    t.match(res.stderr, new RegExp(`^omeda-emulator: ${message.source}\n$`), args.join(' '))
  }
  // Root writes anywhere, so as root `ca` runs as nobody for this case.
  const asNobody = process.getuid?.() === 0 ? { uid: 65534 } : {}
  chmodSync(join(dir, 'read-only'), 0o555)
  const locked = await runMain(['ca', '--tls-dir', join(dir, 'read-only')], {}, { built: true, ...asNobody })
  t.equal(locked.code, 2)
  t.match(
    locked.stderr,
    new RegExp(`^omeda-emulator: cannot write in the TLS folder ${join(dir, 'read-only')}: EACCES`)
  )
  t.equal(locked.stdout, '')
})

t.test('a damaged CA file is reported in one line, not used and not replaced', async (t) => {
  const dir = t.testdir()
  const good = await localAuthority(dir)
  const other = await localAuthority(join(dir, 'other'))
  const cases: [string, string][] = [
    [
      'a certificate block that is not a certificate',
      `${good.key}-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n`
    ],
    ["another CA's key", other.key + good.cert],
    ['no key at all', good.cert],
  ]
  const refused =
    /ca-key\.pem (does not hold a CA certificate and its private key|must hold a private key and a certificate)/
  for (const [what, text] of cases) {
    writeFileSync(join(dir, 'ca-key.pem'), text)
    await t.rejects(localAuthority(dir), { name: 'TlsError', message: refused }, what)
    const res = await runMain(['ca', '--tls-dir', dir], {}, { built: true })
    t.same(
      { code: res.code, stdout: res.stdout, lines: res.stderr.split('\n').length },
      { code: 2, stdout: '', lines: 2 },
      `ca: ${what}`
    )
    t.equal(readFileSync(join(dir, 'ca-key.pem'), 'utf8'), text, 'left as it was')
  }
  writeFileSync(join(dir, 'ca-key.pem'), good.key + good.cert)
  writeFileSync(join(dir, 'server.pem'), other.key + (await localServerMaterial(dir)).cert)
  const repaired = await localServerMaterial(dir)
  t.ok(
    new X509Certificate(repaired.cert).checkPrivateKey(createPrivateKey(repaired.key)),
    'a server.pem whose key does not match is made anew'
  )
})
