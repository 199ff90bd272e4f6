// The README's "Testing with the emulator" example, run for real: the part between the markers is
// copied into the README verbatim (a check below keeps the two the same).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_FIXTURES } from '../src/config.js'
import { listening, ROOT } from './helpers.js'

// The example is what a user runs against `npm start`: the shipped world.
process.env.OMEDA_EMULATOR_URL = (await listening(t, { fixtures: [DEFAULT_FIXTURES] })).url

// README:begin
import { AdminClient } from '../src/client.js'

const EMULATOR = process.env.OMEDA_EMULATOR_URL ?? 'http://127.0.0.1:3000'
const admin = new AdminClient({ baseUrl: EMULATOR })

// The code under test: your application's Omeda call, configured with the emulator's base URL.
async function cancelDeployment(trackId: string, attempts = 2): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${EMULATOR}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
        method: 'POST',
        headers: { 'x-omeda-appid': 'sandbox-app-id', 'content-type': 'application/json' },
        body: JSON.stringify({ UserId: 'omailAccount1', TrackId: trackId }),
      })
      const body = (await res.json()) as { Errors?: { Error: string }[] }
      if (res.ok || body.Errors?.[0]?.Error.includes('previously cancelled')) return 'cancelled'
      return `failed: ${body.Errors?.map((e) => e.Error).join(' ')}`
    } catch (error) {
      if (attempt >= attempts) throw error
    }
  }
}

t.beforeEach(() => admin.reset())

t.test('cancels a scheduled deployment exactly once', async (t) => {
  await admin.seed({
    deployments: [{ Brand: 'FOO', TrackId: 'FOO270101001', OwnerUserId: 'omailAccount1',
      Status: 'Scheduled', ScheduledDate: '2030-01-01 09:00:00' }],
  })
  t.equal(await cancelDeployment('FOO270101001'), 'cancelled')
  t.equal(await admin.count({ trackId: 'FOO270101001', userId: 'omailAccount1', statusCode: 200 }), 1)
  t.equal((await admin.deployment('FOO', 'FOO270101001'))?.Status, 'Cancelled')
})

t.test('treats "cancel applied, answer lost" as cancelled after a retry', async (t) => {
  await admin.fault({ action: 'apply-then-drop', trackId: 'FOO261124001', times: 1 })
  t.equal(await cancelDeployment('FOO261124001'), 'cancelled')
  const calls = await admin.submissions({ trackId: 'FOO261124001' })
  t.same(calls.map((c) => c.StatusCode), [400, 0], 'a dropped call, then a retry that found it cancelled')
})

t.test('reports a deployment that was already sent', async (t) => {
  await admin.setClock({ now: '2031-01-01 00:00:00' }) // FOO261124001 was scheduled for 2030-12-01 09:00
  t.equal(await cancelDeployment('FOO261124001'), "failed: Deployment 'FOO261124001' was sent on 2030-12-01 09:00:00.")
})
t.test('waits for the cancel instead of polling the journal', async (t) => {
  const events = await admin.events({ trackId: 'FOO261124001', type: 'submission' })
  await cancelDeployment('FOO261124001')
  for await (const event of events) {
    if (event.type === 'submission' && event.submission.Endpoint === 'cancel') {
      t.equal(event.submission.StatusCode, 200)
      break // leaving the loop closes the stream
    }
  }
})
// README:end

t.test('the testing guide shows this example as it is', async (t) => {
  const source = readFileSync(join(ROOT, 'test', 'example.test.ts'), 'utf8')
  const example = source.split('// README:begin\n')[1]!.split('// README:end')[0]!
    .replace("from '../src/client.js'", "from 'omeda-emulator/client'")
  const guide = readFileSync(join(ROOT, 'docs', 'testing.md'), 'utf8')
  t.ok(guide.includes(`import t from 'tap'\n${example}`), 'docs/testing.md holds the example verbatim')
})
