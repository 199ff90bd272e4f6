import t from 'tap'
import { startEmulator } from 'omeda-emulator'

// One emulator for the file, seeded with what its tests need; each test starts from the snapshot.
const emulator = await startEmulator({
  fixtures: {
    apps: [{ AppId: 'test-app-id', Brands: ['FOO'] }],
    deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1',
      Status: 'Scheduled', ScheduledDate: '2030-01-01 09:00:00' }],
  },
})
t.teardown(() => emulator.close())
await emulator.snapshot()
t.beforeEach(() => emulator.restoreSnapshot())

const cancel = (appId) => fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
  method: 'POST',
  headers: { 'x-omeda-appid': appId, 'content-type': 'application/json' },
  body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO270101001' }),
})

t.test('cancels a scheduled deployment', async (t) => {
  t.equal((await cancel('test-app-id')).status, 200)
  t.equal((await emulator.admin.deployment('FOO', 'FOO270101001'))?.Status, 'Cancelled')
})

t.test('an unknown app id is refused, and the deployment is still Scheduled', async (t) => {
  t.equal((await cancel('not-an-app')).status, 403)
  t.equal((await emulator.admin.deployment('FOO', 'FOO270101001'))?.Status, 'Scheduled')
})
