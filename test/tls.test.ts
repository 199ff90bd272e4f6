// HTTPS: the local CA and the server certificate it signs, kept and reused in one folder; the
// HTTPS port sharing the HTTP port's state; the user's own certificate; the `ca` command in-process.
// As a process (`ca` beside a server, TLS mistakes): process/tls.test.ts.
import t from 'tap'
import { request } from 'node:https'
import { connect, type PeerCertificate } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startEmulator } from '../src/start.js'
import { localAuthority, localServerMaterial, tlsMaterial } from '../src/tls/authority.js'
import { urlFor } from '../src/addresses.js'
import { runCommand } from '../src/cli.js'
import { defaultConfig } from '../src/config.js'
import type { DeploymentChanged, VendorErrorBody } from '../src/contract/omeda.js'
import { APP_ID, omedaUrl, lookupPath, ROOT, TEST_WORLD } from './helpers.js'

interface Answer { status: number; body: unknown }

/**
 * An HTTPS request that trusts only `ca`, sent to `url` but naming `host` (as a client that resolved
 * it there would).
 */
function httpsCall(url: string, ca: string, { method = 'GET', path = '/__admin/health', host, body, appId = APP_ID }: {
  method?: string; path?: string; host?: string; body?: unknown; appId?: string
} = {}): Promise<Answer> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path, method, ca, agent: false,
      ...(host
        ? { servername: host, headers: { host, 'x-omeda-appid': appId, 'content-type': 'application/json' } }
        : { headers: { 'x-omeda-appid': appId, 'content-type': 'application/json' } }),
    }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
      }).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject).end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** The certificate the server presents for `servername`, and whether `ca` vouches for it. */
function presented(url: string, ca: string | undefined, servername = 'ows.omeda.com'): Promise<{
  cert: PeerCertificate
  authorized: boolean
  error: string | undefined
}> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const options = { host: hostname, port: Number(port), servername, ...(ca ? { ca } : {}), rejectUnauthorized: false }
    const socket = connect(options, () => {
      const authorizationError = socket.authorizationError
      const error = authorizationError ? String(authorizationError) : undefined
      resolve({ cert: socket.getPeerCertificate(true), authorized: socket.authorized, error })
      socket.end()
    })
    socket.on('error', reject)
  })
}

t.test('an HTTPS port beside the HTTP one: one state, a ' +
  "certificate for Omeda's hosts signed by the local CA", async (t) => {
  const dir = t.testdir()
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: dir })
  t.teardown(() => emulator.close())
  t.match(emulator.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  t.not(emulator.httpsUrl, emulator.url.replace('http:', 'https:'), 'a port of its own')
  t.equal(emulator.ca, readFileSync(join(dir, 'ca.pem'), 'utf8'), 'the CA in the result is the one in the folder')
  const ca = emulator.ca!

  for (const host of ['ows.omeda.com', 'ows.omedastaging.com', 'localhost']) {
    const { authorized, error } = await presented(emulator.httpsUrl!, ca, host)
    t.same({ authorized, error }, { authorized: true, error: undefined }, `${host} is trusted through the CA`)
  }
  const { cert } = await presented(emulator.httpsUrl!, ca)
  t.equal(cert.subject.CN, 'ows.omeda.com')
  t.equal(cert.issuer.CN, 'omeda-cancel-emulator local CA', 'the server presents the certificate the CA signed…')
  t.equal(cert.ca, false, '…not the CA itself')
  const leaf = new X509Certificate(cert.raw)
  t.ok(leaf.verify(new X509Certificate(ca).publicKey), 'signed by the CA')
  t.equal(
    leaf.subjectAltName,
    'DNS:ows.omeda.com, DNS:ows.omedastaging.com, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1'
  )
  const untrusted = await presented(emulator.httpsUrl!, undefined)
  t.equal(untrusted.authorized, false, 'without the CA, a client does not trust it')

  const cancelled = await httpsCall(
    emulator.httpsUrl!,
    ca,
    {
      method: 'POST',
      path: omedaUrl('cancel'),
      host: 'ows.omedastaging.com',
      body: { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
    }
  )
  t.equal(cancelled.status, 200)
  t.equal((cancelled.body as DeploymentChanged).ResponseInfo[0]!.Url, 'https://ows.omedastaging.com/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261124001/*',
    'the lookup Url has the scheme and host the request came in on')
  const overHttp = await fetch(emulator.url + lookupPath('FOO261124001'), { headers: { 'x-omeda-appid': APP_ID } })
  t.match(await overHttp.json(), { Status: 'Cancelled' }, 'the HTTP port sees the cancel made over HTTPS')
  const again = await httpsCall(
    emulator.httpsUrl!,
    ca,
    { method: 'POST', path: omedaUrl('cancel'), body: { UserId: 'omailAccount1', TrackId: 'FOO261124001' } }
  )
  t.equal(again.status, 400)
  t.match((again.body as VendorErrorBody).Errors[0]!.Error, /cancelled/i)
  const unknown = await httpsCall(emulator.httpsUrl!, ca, { path: '/nowhere' })
  t.equal(unknown.status, 404)
  t.ok((unknown.body as VendorErrorBody).SubmissionId, 'the vendor error shape over HTTPS too')
  t.equal((await emulator.admin.submissions()).length, 4, 'one journal for both ports')
})

t.test('the CA is kept and reused across restarts; the server certificate while it fits', async (t) => {
  const dir = t.testdir()
  const first = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: dir })
  const firstLeaf = (await presented(first.httpsUrl!, first.ca)).cert.fingerprint256
  await first.close()
  const second = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: dir })
  t.teardown(() => second.close())
  t.equal(second.ca, first.ca, 'the same CA')
  t.equal((await presented(second.httpsUrl!, second.ca)).cert.fingerprint256, firstLeaf, 'the same server certificate')

  const named = await startEmulator({
    fixtures: TEST_WORLD,
    tlsPort: 0,
    tlsDir: dir,
    tlsNames: ['emulator.test', '10.1.2.3']
  })
  t.teardown(() => named.close())
  t.equal(named.ca, first.ca, 'new names keep the CA…')
  const renamed = await presented(named.httpsUrl!, named.ca, 'emulator.test')
  t.not(renamed.cert.fingerprint256, firstLeaf, '…and get a new server certificate')
  t.equal(renamed.authorized, true, 'that covers the extra name')
  t.match(new X509Certificate(renamed.cert.raw).subjectAltName, /DNS:emulator\.test, IP Address:10\.1\.2\.3$/)

  writeFileSync(join(dir, 'server.pem'), 'not a certificate')
  const repaired = await localServerMaterial(dir)
  t.equal(
    new X509Certificate(repaired.cert).checkHost('ows.omeda.com'),
    'ows.omeda.com',
    'an unusable server.pem is replaced'
  )
  t.equal(repaired.ca, first.ca)
  const mode = (file: string) => statSync(file).mode & 0o777
  t.equal(mode(join(dir, 'ca-key.pem')), 0o600, 'the CA key is private')
  t.equal(mode(join(dir, 'server.pem')), 0o600, 'the server key is private')
  t.equal(mode(join(dir, 'ca.pem')), 0o644, 'the CA certificate is for sharing')
  t.notMatch(readFileSync(join(dir, 'ca.pem'), 'utf8'), /PRIVATE KEY/, 'ca.pem holds no key')
})

t.test('`ca` in-process: prints the CA, or one line on a folder it cannot use', async (t) => {
  const dir = t.testdir({ file: 'x' })
  const out: string[] = []
  const err: string[] = []
  const io = { out: (text: string) => { out.push(text) }, err: (text: string) => { err.push(text) } }
  t.equal(await runCommand('ca', [], defaultConfig({ tlsDir: join(dir, 'tls') }), io), 0)
  t.same(out, [readFileSync(join(dir, 'tls', 'ca.pem'), 'utf8')])
  t.equal(await runCommand('ca', [], defaultConfig({ tlsDir: join(dir, 'file', 'tls') }), io), 2)
  t.match(err, [/^cannot create the TLS folder .*: ENOTDIR/])
})

t.test("the user's own certificate and key", async (t) => {
  const dir = t.testdir()
  const own = await localServerMaterial(dir, ['own.test'])
  const pem = join(dir, 'server.pem')
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsCert: pem, tlsKey: pem })
  t.teardown(() => emulator.close())
  t.equal(emulator.ca, undefined, 'no CA of ours to hand out')
  const { cert, authorized } = await presented(emulator.httpsUrl!, own.ca, 'own.test')
  t.equal(authorized, true)
  t.equal(
    cert.fingerprint256,
    new X509Certificate(own.cert).fingerprint256,
    'the server presents the given certificate'
  )
  await t.rejects(startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsCert: pem }), /tls-cert and tls-key go together/)
})

t.test('URLs for listeners bound to any address or IPv6, as Fastify gives them for HTTP', async (t) => {
  t.equal(urlFor('https', '0.0.0.0', 3443), 'https://127.0.0.1:3443')
  t.equal(urlFor('https', '::', 3443), 'https://[::1]:3443')
  t.equal(urlFor('https', '::1', 3443), 'https://[::1]:3443')
  t.equal(urlFor('http', 'localhost', 3000), 'http://localhost:3000')
})

t.test("a specific listening address is one of the certificate's names; any-address is not", async (t) => {
  const dir = t.testdir()
  const base = { ...defaultConfig(), tlsPort: 0, tlsDir: dir }
  const specific = await tlsMaterial({ ...base, host: '10.9.8.7' })
  t.equal(new X509Certificate(specific!.cert).checkIP('10.9.8.7'), '10.9.8.7')
  const any = await tlsMaterial({ ...base, host: '0.0.0.0' })
  t.notMatch(new X509Certificate(any!.cert).subjectAltName, /0\.0\.0\.0/)
  t.equal(await tlsMaterial(defaultConfig()), undefined, 'no tlsPort, no HTTPS')
})

t.test('five makers of one CA in one process agree (the link, not a rename, decides)', async (t) => {
  const dir = t.testdir()
  const made = await Promise.all(Array.from({ length: 5 }, () => localAuthority(dir)))
  t.equal(new Set(made.map((pair) => pair.cert)).size, 1)
  t.equal(readFileSync(join(dir, 'ca.pem'), 'utf8'), made[0]!.cert)
})

t.test('close() lets an HTTPS request in progress finish, then frees the port', async (t) => {
  const emulator = await startEmulator({ fixtures: TEST_WORLD, tlsPort: 0, tlsDir: t.testdir() })
  await emulator.admin.fault({ action: 'delay', delayMs: 600, times: 1 })
  const answer = httpsCall(
    emulator.httpsUrl!,
    emulator.ca!,
    { method: 'POST', path: omedaUrl('cancel'), body: { UserId: 'omailAccount1', TrackId: 'FOO261124002' } }
  )
  await new Promise((resolve) => setTimeout(resolve, 200))
  const started = Date.now()
  await emulator.close()
  t.equal((await answer).status, 200, 'the request in progress was answered')
  t.ok(Date.now() - started >= 300, 'close waited for it')
  const port = Number(new URL(emulator.httpsUrl!).port)
  const server = createServer()
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))
  await new Promise((resolve) => server.close(resolve))
})

t.test('the HTTPS guide shows the recipe files that CI runs, verbatim', async (t) => {
  const readme = readFileSync(join(ROOT, 'docs', 'https.md'), 'utf8')
  for (const file of ['compose.yml', 'client.mjs']) {
    t.ok(readme.includes(readFileSync(join(ROOT, 'docs', 'recipes', 'https', file), 'utf8').trimEnd()), file)
  }
})
