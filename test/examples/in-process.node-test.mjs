import { after, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { startEmulator } from 'omeda-emulator'

let emulator
before(async () => {
  emulator = await startEmulator() // one per file: the built-in fixtures, or { fixtures } of its own
  await emulator.snapshot()
})
beforeEach(() => emulator.restoreSnapshot()) // the same world for every test
after(() => emulator.close())

test('cancels a scheduled deployment', async () => {
  // Your Omeda client, with emulator.url as its base URL:
  const res = await fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' }),
  })
  assert.equal(res.status, 200)
  assert.equal((await emulator.admin.deployment('FOO', 'FOO261124001'))?.Status, 'Cancelled')
})

test('starts from the snapshot, where it is still Scheduled', async () => {
  assert.equal((await emulator.admin.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')
})
