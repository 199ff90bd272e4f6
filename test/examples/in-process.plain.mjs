import { startEmulator } from 'omeda-emulator'

// 1. Start: its own in-memory world (here the built-in fixtures), on a free port, silent.
const emulator = await startEmulator()
try {
  // 2. Point the code under test at emulator.url (with { tlsPort: 0 }: emulator.httpsUrl, trusting emulator.ca).
  const res = await fetch(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
    method: 'POST',
    headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' },
    body: JSON.stringify({ UserId: 'omailAccount1', TrackId: 'FOO261124001' }),
  })
  // 3. Verify through the admin client: what was called, and what changed.
  const [call] = await emulator.admin.submissions({ trackId: 'FOO261124001' })
  const deployment = await emulator.admin.deployment('FOO', 'FOO261124001')
  console.log(res.status, call.StatusCode, deployment.Status) // 200 200 Cancelled
} finally {
  // 4. Close: frees the port, the database and the timers.
  await emulator.close()
}
