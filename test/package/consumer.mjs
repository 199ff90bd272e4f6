// A user's ESM code against the installed package: the root's startEmulator and buildApp, and the
// client subpath. Exits 0 only if every step behaves.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { get } from 'node:https'
import { buildApp, defaultConfig, startEmulator } from 'omeda-emulator'
import { AdminClient } from 'omeda-emulator/client'

const emulator = await startEmulator({
  fixtures: {
    apps: [{ AppId: 'qa-app', Brands: ['QA'] }],
    deployments: [{
      Brand: 'QA',
      TrackId: 'QA1',
      OwnerUserId: 'tester',
      Status: 'Scheduled',
      ScheduledDate: '2030-01-01 09:00:00'
    }],
  },
})
const res = await fetch(`${emulator.url}/webservices/rest/brand/QA/omail/deployment/cancel/*`, {
  method: 'POST', headers: { 'x-omeda-appid': 'qa-app', 'content-type': 'application/json' }, body: JSON.stringify({
    UserId: 'tester',
    TrackId: 'QA1'
  }),
})
assert.equal(res.status, 200)
const client = new AdminClient({ baseUrl: emulator.url })
assert.equal(await client.count({ trackId: 'QA1', statusCode: 200 }), 1)
await emulator.close()

const app = await buildApp(defaultConfig({ logLevel: 'silent' }))
const health = await app.inject({ method: 'GET', url: '/__admin/health' })
assert.equal(health.statusCode, 200)
await app.close()
// HTTPS from the installed package: a local CA made in ./tls, and a client that trusts only it.
const secure = await startEmulator({ tlsPort: 0, tlsDir: 'tls' })
const status = await new Promise((resolve, reject) => {
  get(
    `${secure.httpsUrl}/__admin/health`,
    { ca: secure.ca },
    (res) => resolve(res.resume().statusCode)
  ).on('error', reject)
})
assert.equal(status, 200)
await secure.close()
// Both bin names run the same program: omeda-emulator, and omeda-cancel-emulator for older scripts.
const { version } = JSON.parse(readFileSync('node_modules/omeda-emulator/package.json', 'utf8'))
for (const bin of ['omeda-emulator', 'omeda-cancel-emulator']) {
  assert.equal(execFileSync(`node_modules/.bin/${bin}`, ['--version'], { encoding: 'utf8' }).trim(), version, bin)
}
console.log('esm consumer: ok')
