import { afterAll, beforeAll, expect, test } from 'vitest'
import { startEmulator } from 'omeda-emulator'

let emulator
beforeAll(async () => {
  emulator = await startEmulator({
    fixtures: {
      apps: [{ AppId: 'test-app-id', Brands: ['FOO'] }],
      deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1', Status: 'New' }],
    },
  })
})
afterAll(() => emulator.close())

test('a second cancel of the same deployment is refused', async () => {
  const cancel = () => fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'x-omeda-appid': 'test-app-id', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO270101001' }),
  })
  expect((await cancel()).status).toBe(200)
  const again = await cancel()
  expect(again.status).toBe(400)
  expect((await again.json()).Errors[0].Error).toMatch(/cancelled/i)
})
