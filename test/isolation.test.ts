// Isolation by app id: parallel test runs share one emulator without seeing each other's state.
import t from 'tap'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { admin, build, cancel, errorsOf } from './helpers.js'

const body = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }

t.test('two tenants cancel the same TrackId in parallel, each in its own world', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const tenants = ['sandbox-app-id+run-a', 'sandbox-app-id+run-b']
  const results = await Promise.all(tenants.map((appId) => cancel(app, body, { appId })))
  t.same(results.map((r) => r.statusCode), [200, 200], 'both succeed: neither saw the other')
  const again = await Promise.all(tenants.map((appId) => cancel(app, body, { appId })))
  t.same(again.map((r) => r.statusCode), [400, 400], 'each sees its own cancel')

  const [a, b] = tenants.map((appId) => admin(app, { appId }))
  t.equal(await a!.count(), 2)
  t.equal(await b!.count(), 2)
  t.equal(await admin(app).count(), 4, 'without a scope, the journal covers every tenant')

  await a!.reset()
  t.equal((await a!.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled', 'a reset of one tenant')
  t.equal((await b!.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled', 'leaves the other alone')
  t.equal(await a!.count(), 0)
  t.equal(await b!.count(), 2)
  t.equal(
    (await cancel(app, body, { appId: 'sandbox-app-id' })).statusCode,
    200,
    'the base app id is a tenant of its own'
  )
})

t.test('tenants inherit the base app id grants; seeds, clocks and exports are per tenant', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const forbidden = await cancel(
    app,
    { UserId: 'barEditor', TrackId: 'BAR261124001' },
    { brand: 'BAR', appId: 'foo-only-app-id+x' }
  )
  t.same(errorsOf(forbidden), ['The AppId submitted is forbidden access.'], 'a suffixed id has only its base grants')
  t.equal((await cancel(app, body, { appId: 'unknown+x' })).statusCode, 403)

  const a = admin(app, { appId: 'sandbox-app-id+a' })
  const b = admin(app, { appId: 'sandbox-app-id+b' })
  await a.seed({ deployments: [{ Brand: 'FOO', TrackId: 'FOO999', OwnerUserId: 'omailAccount1', Status: 'New' }] })
  t.ok(await a.deployment('FOO', 'FOO999'), 'seeded into tenant a (created on first admin use)')
  t.equal(await b.deployment('FOO', 'FOO999'), undefined, 'not into b')
  await a.setClock({ now: '2031-01-01 00:00:00' })
  t.equal((await b.clock()).offsetSeconds, 0, 'clocks are per tenant')
  t.equal((await cancel(app, body, { appId: 'sandbox-app-id+a' })).statusCode, 400, 'a is past the send date')
  t.equal((await cancel(app, body, { appId: 'sandbox-app-id+b' })).statusCode, 200, 'b is not')
  t.notOk((await b.fixtures()).deployments.some((d) => d.TrackId === 'FOO999'))
})

t.test('admin calls that need one world ask for a tenant; unknown tenants are refused', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  for (const [method, url] of [
    ['GET', '/__admin/fixtures'],
    ['GET', '/__admin/clock'],
    ['GET', '/__admin/deployments/FOO/FOO261124001']
  ] as const) {
    const res = await app.inject({ method, url })
    t.equal(res.statusCode, 400, url)
    t.same(
      errorsOf(res),
      ["In isolation mode this admin call needs an 'x-omeda-appid' header naming the tenant's app id."]
    )
  }
  const res = await app.inject({ method: 'GET', url: '/__admin/fixtures', headers: { 'x-omeda-appid': 'nobody' } })
  t.equal(res.statusCode, 403)
  await admin(app).reset()
  t.equal(await admin(app).count(), 0, 'an unscoped reset resets every tenant')
})

t.test('the journal and faults never hold an app id in clear', async (t) => {
  const db = join(t.testdir({}), 'state.db')
  const app = await build(t, { isolation: 'app-id', db })
  const appId = 'sandbox-app-id+secret-run'
  await admin(app).fault({ action: 'status', appId, times: 1 })
  await cancel(app, body, { appId })
  await cancel(app, body, { appId })
  const everything = JSON.stringify(
    [await admin(app).submissions(), await admin(app).faults(), await admin(app, { appId }).fixtures()])
  t.notMatch(everything, 'secret-run')
  t.notMatch(everything, createHash('sha256').update(appId).digest('hex').slice(0, 32), 'nor the tenant key')
  await app.close()
  const files = readdirSync(dirname(db)).map((f) => readFileSync(join(dirname(db), f)).toString('latin1')).join('')
  t.ok(files.includes('FOO261124001'), 'the database files were read')
  t.notOk(files.includes('secret-run'), 'the database holds no trace of the app id')
})
