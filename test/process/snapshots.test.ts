// Snapshots over real sockets: a restore under a load of cancels is never half seen; a restore in one
// process is seen at once by another on the same file (its cached grants, faults and clock too); a
// saved snapshot starts a new emulator (--snapshot), and a file it cannot use stops it in one line.
import t, { type Test } from 'tap'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AdminClient } from '../../src/client.js'
import { appIdHeader, lookupPath, postJson, runMain, spawnEmulator, type RunningEmulator } from '../helpers.js'

async function started(t: Test, args: string[] = [], env: Record<string, string> = {}): Promise<RunningEmulator> {
  const emulator = await spawnEmulator(args, env, { built: true })
  t.teardown(() => emulator.stop())
  return emulator
}

const cancel = (url: string, trackId: string, appId = 'sandbox-app-id') => postJson(
  `${url}/webservices/rest/brand/FOO/omail/deployment/cancel/*`, { UserId: 'omailAccount1', TrackId: trackId },
  appIdHeader(appId))

const statusOf = async (url: string, trackId: string, appId = 'sandbox-app-id') => {
  const res = await fetch(`${url}${lookupPath(trackId)}`, { headers: appIdHeader(appId) })
  return res.status === 200 ? ((await res.json()) as { Status: string }).Status : `HTTP ${res.status}`
}

t.test('a restore under a load of cancels: each cancel is undone with its journal row, or kept with it', async (t) => {
  const { url } = await started(t)
  const client = new AdminClient({ baseUrl: url })
  const ids = Array.from({ length: 120 }, (_, i) => `FOO2701${String(i).padStart(5, '0')}`)
  await client.seed({ deployments: ids.map((TrackId) => ({ Brand: 'FOO', TrackId, OwnerUserId: 'omailAccount1',
    Status: 'Scheduled' as const, ScheduledDate: '2030-01-01 09:00:00' })) })
  await client.snapshot()
  const restores: Promise<unknown>[] = []
  await Promise.all(ids.map(async (id, i) => {
    if (i % 15 === 7) restores.push(client.restoreSnapshot())
    t.equal((await cancel(url, id)).status, 200)
  }))
  await Promise.all(restores)
  const journaled = new Set((await client.submissions({ endpoint: 'cancel', statusCode: 200, limit: 1000 }))
    .map((s) => s.TrackId))
  const cancelledNow = async () => (await client.fixtures()).deployments
    .filter((d) => d.Status === 'Cancelled' && ids.includes(d.TrackId)).map((d) => d.TrackId)
  const cancelled = new Set(await cancelledNow())
  t.ok(journaled.size > 0 && journaled.size < ids.length, `some cancels undone (${ids.length - journaled.size})`)
  t.same([...cancelled].sort(), [...journaled].sort(), 'a deployment is Cancelled exactly when its cancel is journaled')
  await client.restoreSnapshot()
  t.same(await cancelledNow(), [])
})

t.test('a restore through one process is seen at once through another on the same file', async (t) => {
  const db = join(t.testdir({}), 'shared.db')
  const a = await started(t, ['--db', db])
  const b = await started(t, ['--db', db])
  const [one, other] = [new AdminClient({ baseUrl: a.url }), new AdminClient({ baseUrl: b.url })]
  await one.snapshot('start')
  for (let round = 0; round < 5; round++) {
    t.equal((await cancel(b.url, 'FOO261124001')).status, 200, `round ${round}: cancelled through b`)
    await other.fault({ action: 'status', status: 503, trackId: 'FOO261124002' })
    await other.setClock({ offsetSeconds: 3600 })
    t.equal(await statusOf(a.url, 'FOO261124001'), 'Cancelled', 'a sees the cancel')
    t.equal((await cancel(a.url, 'FOO261124002')).status, 503, 'and the fault (now cached as set)')
    await one.restoreSnapshot('start')
    t.equal(await statusOf(b.url, 'FOO261124001'), 'Scheduled', `round ${round}: b sees the restore at once`)
    t.equal((await cancel(b.url, 'FOO261124003')).status, 200, 'no fault any more in b')
    t.equal((await other.clock()).offsetSeconds, 0, "and the clock's offset back")
    await other.restoreSnapshot('start')
  }
})

t.test('a saved snapshot starts an emulator; a file it cannot use stops it with one line', async (t) => {
  const dir = t.testdir({})
  const source = await started(t)
  const client = new AdminClient({ baseUrl: source.url })
  t.equal((await cancel(source.url, 'FOO261124001')).status, 200)
  await client.snapshot('golden')
  const file = join(dir, 'golden.json')
  writeFileSync(file, JSON.stringify(await client.snapshotDocument('golden'), null, 2))
  chmodSync(file, 0o644)

  const restarted = await started(t, ['--snapshot', file])
  t.equal(await statusOf(restarted.url, 'FOO261124001'), 'Cancelled', 'the world the file holds')
  t.match(await new AdminClient({ baseUrl: restarted.url }).snapshots(), [{ name: 'golden', loaded: true }])

  const oneLine = async (args: string[], env: Record<string, string>, expected: RegExp, why: string) => {
    const run = await runMain(args, env, { built: true })
    t.equal(run.code, 2, `${why}: exit 2`)
    t.match(run.stderr.trim(), expected, why)
    t.equal(run.stderr.trim().split('\n').length, 1, `${why}: one line, no stack`)
  }
  const damaged = join(dir, 'damaged.json')
  writeFileSync(damaged, JSON.stringify(await client.snapshotDocument('golden')).replace('Cancelled', 'Scheduled'))
  await oneLine(['--snapshot', damaged], {},
    /^omeda-emulator: cannot load the snapshot .*damaged\.json: its rows do not match its digest/, 'a changed file')
  const cut = join(dir, 'cut.json')
  writeFileSync(cut, JSON.stringify(await client.snapshotDocument('golden')).slice(0, 500))
  await oneLine([], { OMEDA_SNAPSHOT: cut }, /cannot load the snapshot .*cut\.json: it is not JSON/, 'a cut-short file')
  await oneLine(['--snapshot', join(dir, 'none.json')], {}, /it cannot be read \(ENOENT\)/, 'a missing file')
  const open = join(dir, 'open.json')
  writeFileSync(open, JSON.stringify(await client.snapshotDocument('golden')))
  chmodSync(open, 0o666)
  await oneLine(['--snapshot', open], {}, /other users can write it \(mode 0666\)/, 'a file others can write')
  await oneLine(['--snapshot', file, '--isolation', 'app-id'], {}, /snapshot restores the shared world at start/,
    'isolation mode')
})
