// In isolation mode the number of worlds is capped (--max-worlds): a new app id past the cap gets a
// well-formed refusal and no world, the existing worlds keep working, and a reset of every world
// frees the slots. Across processes: process/worlds.test.ts.
import t from 'tap'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import { admin, appIdHeader, build, errorsOf, GUID, lookup } from './helpers.js'

const FULL = 'The emulator already holds its limit of 2 worlds, one per app id, and creates no more. Reset every ' +
  'world (POST /__admin/reset without an app id) or raise OMEDA_MAX_WORLDS (--max-worlds).'

/** Deployments in every world, from the metrics: what the worlds hold. */
async function deploymentsStored(app: Awaited<ReturnType<typeof build>>): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/__admin/metrics' })).body
  return [...text.matchAll(/^omeda_deployments\{status="[^"]+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0)
}

t.test('past --max-worlds a new app id is refused in the vendor ' +
  'shape, with nothing stored; a full reset frees the slots', async (t) => {
  const app = await build(t, { isolation: 'app-id', maxWorlds: 2 })
  const one = await deploymentsStored(app)
  t.equal((await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+a' })).statusCode, 200)
  const perWorld = (await deploymentsStored(app)) - one
  t.ok(perWorld > 0, 'a world holds the boot deployments')
  t.equal((await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+b' })).statusCode, 200)

  const refused = await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+c' })
  t.equal(refused.statusCode, 503)
  t.match(refused.headers['content-type'], /^application\/json/)
  t.same(errorsOf(refused), [FULL])
  t.match((refused.json() as VendorErrorBody).SubmissionId, GUID)
  const cancelRefused = await app.inject({
    method: 'POST', url: '/FOO/omail/deployment/cancel/*', headers: {
      'content-type': 'application/json',
      ...appIdHeader('sandbox-app-id+c')
    },
    payload: { UserId: 'omailAccount1', TrackId: 'FOO261124001' },
  })
  t.same([cancelRefused.statusCode, errorsOf(cancelRefused)], [503, [FULL]], 'every endpoint alike')
  const adminRefused = await app.inject({
    method: 'GET',
    url: '/__admin/fixtures',
    headers: appIdHeader('sandbox-app-id+c')
  })
  t.same([adminRefused.statusCode, errorsOf(adminRefused)], [503, [FULL]], 'an admin call naming a new world alike')
  t.equal(await deploymentsStored(app), one + 2 * perWorld, 'no third world was stored')
  t.equal(
    (await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+a' })).statusCode,
    200,
    'existing worlds still serve'
  )

  await admin(app, { appId: 'sandbox-app-id+a' }).reset()
  t.equal(
    (await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+c' })).statusCode,
    503,
    'a reset of one world frees no slot'
  )
  await admin(app).reset()
  t.equal(
    (await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+c' })).statusCode,
    200,
    'a reset of every world frees them'
  )
  t.equal((await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+d' })).statusCode, 200)
  t.equal((await lookup(app, 'FOO261124001', { appId: 'sandbox-app-id+e' })).statusCode, 503)
})
