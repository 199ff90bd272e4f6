// The TLS folder and keys another local user could have planted or can change: the server and the
// `ca` command refuse them in one line with exit 2, sign nothing, publish nothing, and change no mode.
// Run as root (as CI is), the planted files are made by `nobody`, as an attacker's would be.
import t from 'tap'
import { chmodSync, chownSync, lchownSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startEmulator } from '../../src/start.js'
import { localAuthority, localServerMaterial } from '../../src/tls/authority.js'
import { runMain, TEST_WORLD } from '../helpers.js'
import { freePort } from '../spawn.mjs'

const NOBODY = 65534
const mode = (file: string) => statSync(file).mode & 0o777
/** The files of a folder, to show nothing in it was written. */
const contents = (dir: string, names: string[]) => names.map((name) => {
  try { return readFileSync(join(dir, name), 'utf8') } catch { return null }
})

async function startsWith(args: string[]) {
  return runMain(['--port', String(await freePort()), '--tls-port', '0', ...args], {}, { built: true })
}

t.test('a TLS folder another user made first, with their ' +
  'own CA, is refused: no certificate is signed with it', async (t) => {
  const base = t.testdir({ data: {} })
  // `--db data/omeda.db` puts the TLS folder at data/tls: here another user got there first.
  const planted = join(base, 'data', 'tls')
  await localAuthority(planted)
  for (const file of ['ca-key.pem', 'ca.pem']) chownSync(join(planted, file), NOBODY, NOBODY)
  chmodSync(join(planted, 'ca-key.pem'), 0o644)
  chownSync(planted, NOBODY, NOBODY)
  chmodSync(planted, 0o777)
  const before = contents(planted, ['ca-key.pem', 'ca.pem', 'server.pem'])
  for (const args of [['--db', join(base, 'data', 'omeda.db')], ['ca', '--db', join(base, 'data', 'omeda.db')]]) {
    const res = args[0] === 'ca' ? await runMain(args, {}, { built: true }) : await startsWith(args)
    t.equal(res.code, 2, args.join(' '))
    t.equal(res.stdout, '', 'no CA printed, no server started')
    t.equal(
      res.stderr,
      `omeda-emulator: the TLS folder ${planted} belongs to another user (uid ${NOBODY}), who could have put a CA or ` +
        'key of theirs in it; use a folder of your own (--tls-dir)\n'
    )
  }
  t.same(contents(planted, ['ca-key.pem', 'ca.pem', 'server.pem']), before, 'nothing signed or published')
  t.equal(mode(join(planted, 'ca-key.pem')), 0o644, 'and no mode changed')
})

t.test('a folder others can write, a link another user owns, ' +
  'and keys others can read are refused, modes untouched', async (t) => {
  const base = t.testdir({ open: {}, elsewhere: {} })
  const open = join(base, 'open')
  chmodSync(open, 0o777)
  const linked = join(base, 'linked')
  symlinkSync(join(base, 'elsewhere'), linked)
  lchownSync(linked, NOBODY, NOBODY)
  const loose = join(base, 'loose')
  await localServerMaterial(loose)
  const looseServer = join(base, 'loose-server')
  await localServerMaterial(looseServer)
  const looseCert = join(base, 'loose-cert')
  await localAuthority(looseCert)
  chmodSync(join(loose, 'ca-key.pem'), 0o644)
  chmodSync(join(looseServer, 'server.pem'), 0o640)
  chmodSync(join(looseCert, 'ca.pem'), 0o666)
  const cases: [string, string][] = [
    [
      open,
      `the TLS folder ${open} can be written by other users (mode 0777); remove ` +
        'their write access (chmod go-w) or use a folder of your own (--tls-dir)'
    ],
    [
      linked,
      `the TLS folder ${linked} belongs to another user (uid ${NOBODY}), who could have put a CA or key of theirs in ` +
        'it; use a folder of your own (--tls-dir)'
    ],
    [
      loose,
      `${join(loose, 'ca-key.pem')} holds a private key that other users can read or write (mode 0644); make it ` +
        'yours alone (chmod 600) or remove it to have a new one made'
    ],
    [
      looseServer,
      `${join(looseServer, 'server.pem')} holds a private key that other users can read or write (mode 0640); make ` +
        'it yours alone (chmod 600) or remove it to have a new one made'
    ],
    [
      looseCert,
      `${join(looseCert, 'ca.pem')} can be written by other users (mode 0666); remove their write access (chmod ` +
        'go-w) or remove it to have it written again'
    ],
  ]
  for (const [dir, message] of cases) {
    const res = await startsWith(['--tls-dir', dir])
    t.same({ code: res.code, stderr: res.stderr }, { code: 2, stderr: `omeda-emulator: ${message}\n` }, dir)
  }
  t.same([
    mode(open),
    mode(join(loose, 'ca-key.pem')),
    mode(join(looseServer, 'server.pem')),
    mode(join(looseCert, 'ca.pem'))
  ],
  [0o777, 0o644, 0o640, 0o666], 'no mode widened or narrowed')
  t.same(contents(join(base, 'elsewhere'), ['ca-key.pem']), [null], 'nothing written through the link')
})

t.test("the user's own key: refused when another user owns " +
  'it or can write it, accepted when only readable', async (t) => {
  const dir = t.testdir()
  await localServerMaterial(join(dir, 'tls'))
  const pem = readFileSync(join(dir, 'tls', 'server.pem'), 'utf8')
  const file = (name: string, fileMode: number, owner?: number) => {
    const path = join(dir, name)
    writeFileSync(path, pem, { mode: fileMode })
    chmodSync(path, fileMode)
    if (owner !== undefined) chownSync(path, owner, owner)
    return path
  }
  const writable = file('writable.pem', 0o666)
  const foreign = file('foreign.pem', 0o600, NOBODY)
  const cases: [string, string][] = [
    [
      writable,
      `the TLS key ${writable} can be written by other users (mode 0666); remove their write access (chmod go-w)`
    ],
    [
      foreign,
      `the TLS key ${foreign} belongs to another user (uid ${NOBODY}), who could have put a CA or key of theirs in it`
    ],
  ]
  for (const [key, message] of cases) {
    const res = await startsWith(['--tls-cert', key, '--tls-key', key])
    t.same({ code: res.code, stderr: res.stderr }, { code: 2, stderr: `omeda-emulator: ${message}\n` }, key)
  }
  // A secret mounted read-only for the container's user is often 0644: reading is the user's choice.
  const mounted = file('mounted.pem', 0o644)
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsCert: mounted, tlsKey: mounted })
  t.teardown(() => emulator.close())
  t.match(emulator.httpsUrl, /^https:/)
})
