// omeda-emulator/testcontainers against the built image, as a user runs it: installed from the
// packed tarball beside testcontainers, under node:test. .ci/docker.sh copies this file and
// test/docker/fixtures into a scratch project and runs it with OMEDA_IMAGE set to the image it built
// (and TESTCONTAINERS_RYUK_DISABLED=true: the reaper is an image from Docker Hub).
// Not one of tap's tests (`test/**/*.test.ts`): it needs a Docker engine and the image.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:https'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AdminError } from 'omeda-emulator/client'
import { OmedaEmulatorContainer } from 'omeda-emulator/testcontainers'

const IMAGE = process.env.OMEDA_IMAGE ?? 'omeda-emulator:latest'
const QA_FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url))
const QA_APP = 'ci-app-id'
const omeda = (base, brand, tail) => `${base}/webservices/rest/brand/${brand}/omail/deployment/${tail}/*`

/** A cancel as the Omeda client under test sends it. */
async function cancel(base, trackId, { brand = 'QA', appId = QA_APP } = {}) {
  const res = await fetch(omeda(base, brand, 'cancel'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-omeda-appid': appId },
    body: JSON.stringify({ UserId: 'ciOwner', TrackId: trackId }),
  })
  return { status: res.status, body: await res.json() }
}

async function lookup(base, trackId, { brand = 'QA', appId = QA_APP } = {}) {
  const res = await fetch(omeda(base, brand, `lookup/${trackId}`), { headers: { 'x-omeda-appid': appId } })
  return { status: res.status, body: await res.json() }
}

/** A GET over HTTPS that trusts `ca` only (or the system's CAs when it is undefined). */
function httpsGet(url, headers, ca) {
  return new Promise((resolve, reject) => {
    request(url, { headers, ...(ca === undefined ? {} : { ca }) }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode, body }))
    }).on('error', reject).end()
  })
}

describe('a container on a fixtures directory', () => {
  let emulator
  before(async () => {
    const started = Date.now()
    emulator = await new OmedaEmulatorContainer(IMAGE).withFixtures(QA_FIXTURES).start()
    console.log(`# start() → ready: ${Date.now() - started} ms`)
  })
  after(() => emulator?.stop())

  test('the Omeda API answers over the base URL from the copied fixtures', async () => {
    assert.match(emulator.getBaseUrl(), /^http:\/\/[^/]+:\d+$/)
    const found = await lookup(emulator.getBaseUrl(), 'QA261201001')
    assert.equal(found.status, 200)
    assert.equal(found.body.Status, 'Scheduled')
    const first = await cancel(emulator.getBaseUrl(), 'QA261201001')
    assert.equal(first.status, 200, JSON.stringify(first.body))
    assert.equal(first.body.ResponseInfo[0].TrackId, 'QA261201001')
    assert.equal((await cancel(emulator.getBaseUrl(), 'QA261201001')).status, 400, 'a cancelled deployment')
  })

  test('reset() brings back the world it started with', async () => {
    await cancel(emulator.getBaseUrl(), 'QA261201002')
    await emulator.reset()
    assert.equal((await emulator.getAdminClient().submissions()).length, 0, 'the journal is emptied too')
    assert.equal((await lookup(emulator.getBaseUrl(), 'QA261201002')).body.Status, 'Approved')
  })

  test('snapshot() and restoreSnapshot(): the default name and a named one', async () => {
    await emulator.reset()
    await emulator.snapshot()
    assert.equal((await cancel(emulator.getBaseUrl(), 'QA261201001')).status, 200)
    await emulator.snapshot('after-cancel')
    await emulator.restoreSnapshot()
    assert.equal((await lookup(emulator.getBaseUrl(), 'QA261201001')).body.Status, 'Scheduled')
    await emulator.restoreSnapshot('after-cancel')
    assert.equal((await lookup(emulator.getBaseUrl(), 'QA261201001')).body.Status, 'Cancelled')
  })

  test('without withHttps() there is no HTTPS URL and no CA', async () => {
    assert.throws(() => emulator.getHttpsUrl(), /withHttps\(\)/)
    await assert.rejects(emulator.getCa(), /withHttps\(\)/)
  })
})

describe('a container with a fixture document, a clock, an admin token and HTTPS', () => {
  const TOKEN = 'tc-admin-token'
  const world = {
    apps: [{ AppId: 'tc-app', Brands: ['TC'] }],
    deployments: [{ Brand: 'TC', TrackId: 'TC1', OwnerUserId: 'ciOwner', Status: 'New' }],
  }
  let emulator
  before(async () => {
    emulator = await new OmedaEmulatorContainer(IMAGE)
      .withFixtures(world).withClock({ now: '2031-01-02 03:04:05' }).withAdminToken(TOKEN).withHttps().start()
  })
  after(() => emulator?.stop())

  test('the admin API needs the token, and getAdminClient() sends it', async () => {
    assert.equal((await fetch(`${emulator.getBaseUrl()}/__admin/clock`)).status, 401)
    assert.equal((await emulator.getAdminClient().fixtures()).deployments.map((d) => d.TrackId).join(), 'TC1')
  })

  test('the clock starts where withClock() put it, and reset() puts it back', async () => {
    assert.match((await emulator.getAdminClient().clock()).now, /^2031-01-02 03:04:/)
    await emulator.getAdminClient().setClock({ now: '2035-01-01 00:00:00' })
    await emulator.reset()
    assert.match((await emulator.getAdminClient().clock()).now, /^2031-01-02 03:04:/)
  })

  test('HTTPS on the mapped port, trusted with getCa() and refused without it', async () => {
    const ca = await emulator.getCa()
    assert.match(ca, /^-----BEGIN CERTIFICATE-----/)
    const url = omeda(emulator.getHttpsUrl(), 'TC', 'lookup/TC1')
    const res = await httpsGet(url, { 'x-omeda-appid': 'tc-app' }, ca)
    assert.equal(res.status, 200, res.body)
    assert.equal(JSON.parse(res.body).TrackId, 'TC1')
    await assert.rejects(httpsGet(url, { 'x-omeda-appid': 'tc-app' }), /self[- ]signed|unable to (get|verify)/i)
  })
})

describe('isolation, merged fixtures and failures', () => {
  test('withIsolation(): each app id acts on its own world; a fixture file and a document merge', async (t) => {
    const emulator = await new OmedaEmulatorContainer(IMAGE).withFixtures(join(QA_FIXTURES, 'qa.json'))
      .withFixtures({ apps: [{ AppId: 'other-app', Brands: ['QA'] }], deployments: [] }).withIsolation().start()
    t.after(() => emulator.stop())
    assert.equal((await cancel(emulator.getBaseUrl(), 'QA261201001')).status, 200)
    assert.equal((await lookup(emulator.getBaseUrl(), 'QA261201001', { appId: 'other-app' })).body.Status, 'Scheduled')
    const mine = await emulator.getAdminClient(QA_APP).deployment('QA', 'QA261201001')
    assert.equal(mine?.Status, 'Cancelled')
    await assert.rejects(emulator.getAdminClient('nobody').deployment('QA', 'QA261201001'),
      (error) => error instanceof AdminError && error.status === 403)
    // A snapshot is of one app id's world: through its client, not the container's own.
    await assert.rejects(emulator.snapshot(), (error) => error instanceof AdminError && error.status === 400)
    await emulator.getAdminClient('other-app').snapshot()
    assert.equal((await cancel(emulator.getBaseUrl(), 'QA261201001', { appId: 'other-app' })).status, 200)
    await emulator.getAdminClient('other-app').restoreSnapshot()
    assert.equal((await lookup(emulator.getBaseUrl(), 'QA261201001', { appId: 'other-app' })).body.Status, 'Scheduled')
  })

  test('withClock() with withIsolation() is refused before any container starts', async () => {
    await assert.rejects(new OmedaEmulatorContainer(IMAGE).withIsolation().withClock({ offsetSeconds: 60 }).start(),
      /in isolation mode, set each world's clock/)
  })

  test('fixtures the emulator refuses: start() fails at once with its log, not at the startup timeout', async () => {
    const started = Date.now()
    await assert.rejects(new OmedaEmulatorContainer(IMAGE).withFixtures({ apps: 'none' }).start(),
      /Container exited[\s\S]*invalid fixtures/)
    assert.ok(Date.now() - started < 30_000, `failed after ${Date.now() - started} ms`)
  })
})
