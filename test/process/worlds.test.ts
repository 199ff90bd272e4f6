// Worlds across processes: the --max-worlds cap holds across processes sharing one database file,
// and a new world costs a copy of the boot rows and nothing more (its name index waits for its
// first search by name).
import t from 'tap'
import Database from 'better-sqlite3'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { appIdHeader, lookupPath, spawnEmulator } from '../helpers.js'

t.test('two processes sharing a database file hold to one cap', async (t) => {
  const db = join(t.testdir({}), 'shared.db')
  const args = ['--db', db, '--isolation', 'app-id', '--max-worlds', '3']
  const a = await spawnEmulator(args)
  t.teardown(() => a.stop())
  const b = await spawnEmulator(args)
  t.teardown(() => b.stop())
  const status = async (url: string, appId: string) => (await fetch(
    `${url}${lookupPath('FOO261124001')}`,
    { headers: appIdHeader(appId) }
  )).status
  // Worlds made alternately through each process: 3 in all, whichever process made them.
  t.same(await Promise.all([status(a.url, 'sandbox-app-id+1'), status(b.url, 'sandbox-app-id+2')]), [200, 200])
  t.equal(await status(a.url, 'sandbox-app-id+3'), 200)
  t.equal(await status(b.url, 'sandbox-app-id+4'), 503, 'the other process counts the worlds this one made')
  t.equal(await status(a.url, 'sandbox-app-id+5'), 503)
  t.equal(await status(b.url, 'sandbox-app-id+1'), 200, 'a world the other process made is served here')
})

t.test('a new world costs a copy of the boot rows: its name index is built on its first search by name', async (t) => {
  const dir = t.testdir({})
  const count = 2000
  const name = (i: number) => `Spring campaign ${i} for the newsletter subscribers of region ${i % 97}`
  /** The database's size (committed pages, the WAL's included), read as another connection sees it. */
  const sizeOf = (db: string) => {
    const reader = new Database(db, { readonly: true })
    try {
      const pages = reader.pragma('page_count', { simple: true }) as number
      return pages * (reader.pragma('page_size', { simple: true }) as number)
    } finally { reader.close() }
  }
  // The same deployments with and without names: the difference per world is what the names cost.
  const perWorld = async (named: boolean) => {
    const fixtures = join(dir, `${named}.json`)
    writeFileSync(fixtures, JSON.stringify({ apps: [
      { AppId: 'sandbox-app-id', Brands: ['FOO'] }
    ], deployments: Array.from({ length: count }, (
      _,
      i
    ) => ({
      Brand: 'FOO', TrackId: `FOO${String(i).padStart(9, '0')}`, OwnerUserId: 'omailAccount1', Status: 'New',
      ...(named ? { DeploymentName: name(i) } : {}),
    })) }))
    const db = join(dir, `${named}.db`)
    const emulator = await spawnEmulator(
      ['--db', db, '--isolation', 'app-id', '--fixtures', fixtures],
      {},
      { built: true }
    )
    t.teardown(() => emulator.stop())
    const status = async (appId: string) => (await fetch(
      `${emulator.url}${lookupPath('FOO000000001')}`,
      { headers: appIdHeader(appId) }
    )).status
    await status('sandbox-app-id+warm-up')
    const before = sizeOf(db)
    for (let i = 0; i < 4; i++) t.equal(await status(`sandbox-app-id+${i}`), 200)
    return { url: emulator.url, db, bytes: (sizeOf(db) - before) / 4 }
  }
  const [named, unnamed] = await Promise.all([perWorld(true), perWorld(false)])
  const nameBytes = Array.from({ length: count }, (_, i) => name(i).length).reduce((a, b) => a + b, 0)
  const namesCost = named.bytes - unnamed.bytes
  t.comment(`a world: ${(named.bytes / 1024).toFixed(0)} kB with names, ${(unnamed.bytes / 1024).toFixed(0)} kB ` +
    `without; the names are ${(nameBytes / 1024).toFixed(0)} kB`)
  t.ok(
    namesCost < 2 * nameBytes,
    `names add ${(namesCost / 1024).toFixed(0)} kB to a new world: ` +
      `their own text (${(nameBytes / 1024).toFixed(0)} kB), no index`
  )

  // The index, built on the first search by name, finds what it must; the world's own changes too.
  const search = async (appId: string, body: unknown) => {
    const res = await fetch(`${named.url}/FOO/omail/deployment/search/*`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...appIdHeader(appId) },
      body: JSON.stringify(body),
    })
    return ((await res.json()) as { Deployments: { TrackId: string }[] }).Deployments.map((d) => d.TrackId)
  }
  const before = sizeOf(named.db)
  t.same(await search('sandbox-app-id+0', { DeploymentName: 'CAMPAIGN 1234 for' }), ['FOO000001234'])
  t.ok(sizeOf(named.db) > before, 'the first search by name indexed the world')
  const seed = await fetch(`${named.url}/__admin/fixtures`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...appIdHeader('sandbox-app-id+0') },
    body: JSON.stringify({ deployments: [{
      Brand: 'FOO',
      TrackId: 'FOO000001234',
      OwnerUserId: 'omailAccount1',
      Status: 'New',
      DeploymentName: 'Renamed'
    }] }),
  })
  t.equal(seed.status, 200)
  t.same(
    await search('sandbox-app-id+0', { DeploymentName: 'campaign 1234 for' }),
    [],
    'a renamed deployment is found by its new name only'
  )
  t.same(await search('sandbox-app-id+0', { DeploymentName: 'renamed' }), ['FOO000001234'])
  t.same(
    await search('sandbox-app-id+1', { DeploymentName: 'campaign 1234 for' }),
    ['FOO000001234'],
    'another world keeps the boot name'
  )
})
