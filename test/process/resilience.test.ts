// Crashes and shutdowns of the real process: a SIGKILL mid-traffic loses no acknowledged cancel and
// leaves a sound database; a SIGTERM under load answers every request in flight and exits 0.
import t from 'tap'
import Database from 'better-sqlite3'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { AdminClient } from '../../src/client.js'
import { APP_ID, postJson, spawnEmulator } from '../helpers.js'

const COUNT = 3000
const trackId = (i: number) => `CR${String(i).padStart(6, '0')}`

function crashWorld(dir: string): string {
  const file = join(dir, 'crash.json')
  writeFileSync(file, JSON.stringify({
    apps: [{ AppId: 'crash-app', Brands: ['CR'] }],
    deployments: Array.from(
      { length: COUNT },
      (_, i) => ({ Brand: 'CR', TrackId: trackId(i), OwnerUserId: 'u', Status: 'New' })
    ),
  }))
  return file
}

t.test('SIGKILL while cancelling in a loop: every acknowledged cancel survives; integrity_check ok', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'state.db')
  const fixtures = crashWorld(dir)
  const first = await spawnEmulator(['--db', db, '--fixtures', fixtures])
  t.teardown(() => first.stop('SIGKILL'))

  const acknowledged: string[] = []
  let next = 0
  let stop = false
  const worker = async () => {
    // `stop` is set by the test once the server is killed, while the workers await their answers.
    // eslint-disable-next-line no-unmodified-loop-condition
    while (!stop && next < COUNT) {
      const id = trackId(next++)
      try {
        const res = await postJson(
          `${first.url}/CR/omail/deployment/cancel/*`,
          { UserId: 'u', TrackId: id },
          { 'x-omeda-appid': 'crash-app' }
        )
        if (res.status === 200) acknowledged.push(id)
      } catch {
        return // the server is gone
      }
    }
  }
  const workers = Array.from({ length: 4 }, worker)
  while (acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal(await first.stop('SIGKILL'), null, 'killed, not exited')
  stop = true
  await Promise.all(workers)
  t.ok(acknowledged.length >= 200, `${acknowledged.length} cancels were acknowledged before the kill`)

  const check = new Database(db)
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check')
  check.close()

  const second = await spawnEmulator(['--db', db, '--fixtures', fixtures])
  t.teardown(() => second.stop('SIGKILL'))
  const state = await new AdminClient({ baseUrl: second.url }).fixtures()
  const status = new Map(state.deployments.map((d) => [d.TrackId, d.Status]))
  t.equal(status.size, COUNT, 'the restart kept the database (no reseed)')
  const lost = acknowledged.filter((id) => status.get(id) !== 'Cancelled')
  t.same(lost, [], 'no acknowledged cancel was lost')
  t.equal(await second.stop(), 0)
})

t.test('SIGTERM under load: every request in flight is answered, then exit code 0', async (t) => {
  const emulator = await spawnEmulator()
  t.teardown(() => emulator.stop('SIGKILL'))
  const client = new AdminClient({ baseUrl: emulator.url })
  await client.fault({ action: 'delay', delayMs: 300 }) // keeps requests in flight

  // Plain http with one socket per request, so a reset shows as an error rather than a retry.
  const inFlight = Array.from({ length: 20 }, (_, i) => new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${emulator.url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, {
      method: 'POST', agent: false, headers: { 'x-omeda-appid': APP_ID, 'content-type': 'application/json' },
    }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ UserId: 'omailAccount1', TrackId: i % 2 ? 'FOO261124001' : 'FOO261124002' }))
  }))
  await new Promise((resolve) => setTimeout(resolve, 100))
  const started = Date.now()
  const exit = emulator.stop('SIGTERM')
  const statuses = await Promise.all(inFlight)
  t.same(
    [...new Set(statuses)].sort(),
    [200, 400],
    'all 20 answered (one 200 and 9 "previously cancelled" per deployment)'
  )
  t.equal(statuses.filter((s) => s === 200).length, 2)
  t.equal(await exit, 0, 'exit code 0')
  t.ok(Date.now() - started < 1500, `closed within ${Date.now() - started} ms`)
})
