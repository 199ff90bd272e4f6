import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startEmulator } from 'omeda-emulator'

let emulator
before(async () => {
  emulator = await startEmulator({
    fixtures: {
      apps: [{ AppId: 'test-app-id', Brands: ['FOO'] }],
      deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1',
        Status: 'Scheduled', ScheduledDate: '2030-01-01 09:00:00' }],
    },
  })
})
after(() => emulator.close())

test('cancels a scheduled deployment exactly once', async () => {
  // Your Omeda client, with emulator.url as its base URL instead of https://ows.omeda.com:
  const res = await fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'x-omeda-appid': 'test-app-id', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO270101001' }),
  })
  assert.equal(res.status, 200)
  assert.equal(await emulator.admin.count({ trackId: 'FOO270101001', statusCode: 200 }), 1)
  assert.equal((await emulator.admin.deployment('FOO', 'FOO270101001'))?.Status, 'Cancelled')
})
