// The admin token: when set, every admin call but health and ready needs it.
import t from 'tap'
import { AdminError } from '../src/client.js'
import { admin, build, errorsOf } from './helpers.js'

const ROUTES = [
  ['POST', '/__admin/reset'], ['GET', '/__admin/fixtures'], ['POST', '/__admin/fixtures'],
  ['GET', '/__admin/deployments/FOO/FOO261124001'], ['GET', '/__admin/submissions'],
  ['GET', '/__admin/submissions/X'], ['POST', '/__admin/submissions/count'], ['DELETE', '/__admin/submissions'],
  ['GET', '/__admin/faults'], ['POST', '/__admin/faults'], ['DELETE', '/__admin/faults'], ['DELETE', '/__admin/faults/1'],
  ['GET', '/__admin/clock'], ['POST', '/__admin/clock'], ['DELETE', '/__admin/clock'],
] as const

t.test('with OMEDA_ADMIN_TOKEN set, every admin route but health and ready answers 401 without it', async (t) => {
  const app = await build({ adminToken: 'token-123' })
  t.teardown(() => app.close())
  for (const [method, url] of ROUTES) {
    for (const authorization of [undefined, 'Bearer wrong', 'token-123', 'Bearer token-1234']) {
      const res = await app.inject({ method, url, headers: authorization ? { authorization } : {}, payload: method === 'POST' ? {} : undefined })
      t.equal(res.statusCode, 401, `${method} ${url} with ${authorization}`)
      t.equal(res.headers['www-authenticate'], 'Bearer')
      t.same(errorsOf(res), ["This admin call needs the header 'Authorization: Bearer <token>' with the token set in OMEDA_ADMIN_TOKEN."])
    }
  }
  for (const url of ['/__admin/health', '/__admin/ready']) t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url)
  t.equal((await app.sandbox.store.listFaults()).length, 0, 'nothing was done')

  const authorized = admin(app, { token: 'token-123' })
  t.equal(await authorized.count(), 0)
  await authorized.reset()
  await t.rejects(admin(app).count(), AdminError)
})

t.test('without a token the admin API is open', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  t.equal(await admin(app).count(), 0)
})
