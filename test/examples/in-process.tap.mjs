import t from 'tap'
import { startEmulator } from 'omeda-emulator'

t.test('an unknown app id is refused, and nothing changes', async (t) => {
  const emulator = await startEmulator() // the built-in fixtures
  t.teardown(() => emulator.close())
  const res = await fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'x-omeda-appid': 'not-an-app', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' }),
  })
  t.equal(res.status, 403)
  t.equal((await emulator.admin.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')
})
