// Audience races across two built server processes on one database file: adds of different lists
// to one split (exactly one wins, the other names the winner), adds of the same list (one wins, the
// other finds the name used), an add racing a remove, and ListIds never shared between processes.
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { AdminClient } from '../../src/client.js'
import { postJson, spawnEmulator, type RunningEmulator } from '../helpers.js'

const USER = 'omailAccount1'
const FILES = ['subscribers_20261201_090000.csv', 'partial.csv']
const audience = (url: string, resource: string) =>
  `${url}/webservices/rest/brand/FOO/omail/deployment/audience/${resource}/*`
const errorOf = (body: Record<string, unknown>) => (body.Errors as { Error: string }[] | undefined)?.[0]?.Error ?? ''
const quoted = (name: string) => name.replace(/\./g, '\\.')
const holds = (name: string) => new RegExp(`^Split 1 already has recipient list '${quoted(name)}' assigned on .+\\. ` +
  `You must first remove '${quoted(name)}' before assigning a list to split 1\\.$`)

/** Two built servers on one database file (lists load in 600 s of the sandbox clock), stopped when `t` ends. */
async function twoOnOneFile(t: Test): Promise<{ urls: string[]; db: string }> {
  const db = join(t.testdir({}), 'shared.db')
  const env = { OMEDA_AUDIENCE_LOAD_SECONDS: '600' }
  const started = await Promise.allSettled([0, 1].map(() => spawnEmulator(['--db', db], env, { built: true })))
  const running: RunningEmulator[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  t.teardown(async () => {
    for (const s of running) await s.stop()
  })
  for (const s of started) if (s.status === 'rejected') throw new Error('a server did not start', { cause: s.reason })
  return { urls: running.map((r) => r.url), db }
}

/** New deployments of FOO, one split each, made through the first process. */
async function deployments(url: string, n: number): Promise<string[]> {
  await new AdminClient({ baseUrl: url }).setClock({ now: '2031-02-10 09:00:00' })
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await postJson(`${url}/webservices/rest/brand/FOO/omail/deployment/*`, {
      DeploymentName: `Race ${i}`, DeploymentDate: '2031-04-01 09:00', DeploymentTypeId: 12, OwnerUserId: USER,
      Splits: 1, TrackLinks: 1, TrackOpens: 1,
    })
    if (res.status !== 200) throw new Error(`create failed: ${JSON.stringify(res.body)}`)
    ids.push(res.body.TrackId as string)
  }
  return ids
}

t.test('adds to one split from two processes: one wins each split; ListIds are never shared', async (t) => {
  const { urls, db } = await twoOnOneFile(t)
  const ids = await deployments(urls[0]!, 30)
  const results = await Promise.all(ids.flatMap((trackId) => [0, 1].map((p) =>
    postJson(audience(urls[p]!, 'add'), { UserId: USER, TrackId: trackId, RecipientList: FILES[p], SplitNumber: 1 })
      .then((res) => ({ trackId, name: FILES[p]!, res })))))
  for (const trackId of ids) {
    const pair = results.filter((r) => r.trackId === trackId)
    const won = pair.filter((r) => r.res.status === 200)
    t.equal(won.length, 1, `${trackId}: one add wins`)
    const lost = pair.find((r) => r.res.status !== 200)
    t.equal(lost?.res.status, 400)
    t.match(errorOf(lost?.res.body ?? {}), holds(won[0]?.name ?? ''), `${trackId}: the loser names the winner`)
  }
  const listIds = results.filter((r) => r.res.status === 200).map((r) => Number(r.res.body.ListId))
  t.same([...listIds].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => 1000001 + i), 'no ListId twice')

  const check = new Database(db, { readonly: true })
  t.teardown(() => check.close())
  const rows = check.prepare('SELECT list_id AS id, track_id AS trackId, name FROM audience_lists').all() as
    { id: number; trackId: string; name: string }[]
  t.equal(rows.length, 30, 'one list per deployment in the file')
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const r of results.filter((x) => x.res.status === 200)) {
    t.match(byId.get(Number(r.res.body.ListId)), { trackId: r.trackId, name: r.name }, 'each ListId is its own list')
  }
})

t.test('the same list from two processes: one wins, the other finds the name used', async (t) => {
  const { urls } = await twoOnOneFile(t)
  const ids = await deployments(urls[0]!, 20)
  const results = await Promise.all(ids.flatMap((trackId) => [0, 1].map((p) =>
    postJson(audience(urls[p]!, 'add'), { UserId: USER, TrackId: trackId, RecipientList: FILES[0], SplitNumber: 1 })
      .then((res) => ({ trackId, res })))))
  for (const trackId of ids) {
    const pair = results.filter((r) => r.trackId === trackId).map((r) => r.res)
    t.same(pair.map((r) => r.status).sort(), [200, 400], `${trackId}: one wins`)
    t.match(errorOf(pair.find((r) => r.status === 400)?.body ?? {}),
      /^A recipient list with the name 'subscribers_20261201_090000\.csv' has been used previously for this /,
      `${trackId}: the name is used`)
  }
})

t.test('an add racing a remove across processes: the remove always succeeds; the add wins only after it', async (t) => {
  const { urls } = await twoOnOneFile(t)
  const ids = await deployments(urls[0]!, 20)
  for (const trackId of ids) {
    const first = await postJson(audience(urls[0]!, 'add'),
      { UserId: USER, TrackId: trackId, RecipientList: FILES[0], SplitNumber: 1 })
    t.equal(first.status, 200)
  }
  const results = await Promise.all(ids.map(async (trackId, i) => {
    const [a, r] = await Promise.all([
      postJson(audience(urls[i % 2]!, 'add'),
        { UserId: USER, TrackId: trackId, RecipientList: FILES[1], SplitNumber: 1 }),
      postJson(audience(urls[(i + 1) % 2]!, 'remove'), { UserId: USER, TrackId: trackId }),
    ])
    return { trackId, add: a, remove: r }
  }))
  t.comment(`${results.filter((r) => r.add.status === 200).length} adds after their remove, the rest before`)
  for (const { trackId, add, remove } of results) {
    t.equal(remove.status, 200, `${trackId}: the remove finds a list`)
    if (add.status !== 200) {
      t.equal(add.status, 400)
      t.match(errorOf(add.body), holds(FILES[0]!), `${trackId}: the add came first and found the split taken`)
      continue
    }
    // The remove came first: the new list stands, loading.
    const res = await fetch(audience(urls[1]!, `status/${String(add.body.ListId)}`),
      { headers: { 'x-omeda-appid': 'sandbox-app-id' } })
    t.match(await res.json(), { AssignmentStatusCode: 'QUEUED', RecipientList: FILES[1] }, `${trackId}: the add stands`)
  }
})
