import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { startEmulator } from 'omeda-emulator'

let emulator
beforeAll(async () => {
  emulator = await startEmulator({
    fixtures: {
      apps: [{ AppId: 'test-app-id', Brands: ['FOO'] }],
      deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1', Status: 'New' }],
    },
  })
  await emulator.snapshot()
})
beforeEach(() => emulator.restoreSnapshot())
afterAll(() => emulator.close())

const cancel = () => fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
  method: 'POST',
  headers: { 'x-omeda-appid': 'test-app-id', 'content-type': 'application/json' },
  body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO270101001' }),
})

test('a second cancel of the same deployment is refused', async () => {
  expect((await cancel()).status).toBe(200)
  const again = await cancel()
  expect(again.status).toBe(400)
  expect((await again.json()).Errors[0].Error).toMatch(/cancelled/i)
})

test('the next test starts from the snapshot, where the deployment is not cancelled', async () => {
  expect((await cancel()).status).toBe(200)
})
