// Races in one process, through app.inject() and a real socket: two adds to one split (exactly one
// wins, the other is refused as the winner explains), an add racing a remove (each order leaves a
// state the answers explain), and many adds at once never sharing a ListId. In one process handlers
// run one at a time, so these check the outcome of each order; test/process/audience-races.test.ts
// races processes on one file.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, errorsOf, listening, postJson } from './helpers.js'
import { created } from './deployment-requests.js'
import {
  addAudience, clockAt, LOAD, NOW, removeAudience, single, statusOf, SUBSCRIBERS, USER,
} from './audience-requests.js'

const holds = (name: string) =>
  new RegExp(`^Split 1 already has recipient list '${name.replace(/\./g, '\\.')}' assigned on ` +
    `\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\. You must first remove '${name.replace(/\./g, '\\.')}' before ` +
    'assigning a list to split 1\\.$')
const usedBefore = (name: string) =>
  new RegExp(`^A recipient list with the name '${name.replace(/\./g, '\\.')}' has been used previously for this ` +
    'deployment on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.$')

/** Deployments of FOO made for a race, each with one split and no list. */
async function deployments(app: FastifyInstance, n: number): Promise<string[]> {
  await clockAt(app, NOW)
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(await created(app, { DeploymentName: `Race ${i}` }))
  return ids
}

t.test('two adds of different lists to one split: exactly one wins, the other names the winner', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  const ids = await deployments(app, 20)
  const names = [SUBSCRIBERS, 'partial.csv']
  const results = await Promise.all(ids.flatMap((trackId) => names.map((name) =>
    addAudience(app, single({ TrackId: trackId, RecipientList: name })).then((res) => ({ trackId, name, res })))))
  for (const trackId of ids) {
    const pair = results.filter((r) => r.trackId === trackId)
    const won = pair.filter((r) => r.res.statusCode === 200)
    t.equal(won.length, 1, `${trackId}: one add wins`)
    const lost = pair.find((r) => r.res.statusCode !== 200)!
    t.equal(lost.res.statusCode, 400)
    t.match(errorsOf(lost.res), [holds(won[0]!.name)], `${trackId}: the loser is told which list holds the split`)
    const winner = await statusOf(app, won[0]!.res.json<{ ListId: string }>().ListId)
    t.match(winner, { TrackId: trackId, RecipientList: won[0]!.name, SplitNumber: 1 })
  }
  const listIds = results.filter((r) => r.res.statusCode === 200)
    .map((r) => Number(r.res.json<{ ListId: string }>().ListId))
  t.same(listIds.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => 1000001 + i), 'ListIds without a gap')
})

t.test('two adds of the same list to one split over a socket: one wins, the other finds the name used', async (t) => {
  const { app, url } = await listening(t, { audienceLoadSeconds: LOAD })
  const ids = await deployments(app, 10)
  const base = `${url}/webservices/rest/brand/FOO/omail/deployment/audience/add/*`
  const results = await Promise.all(ids.flatMap((trackId) => [0, 1].map(() =>
    postJson(base, single({ TrackId: trackId })).then((res) => ({ trackId, res })))))
  for (const trackId of ids) {
    const pair = results.filter((r) => r.trackId === trackId).map((r) => r.res)
    t.same(pair.map((r) => r.status).sort(), [200, 400], `${trackId}: one wins`)
    const lost = pair.find((r) => r.status === 400)!
    const errors = (lost.body.Errors as { Error: string }[]).map((e) => e.Error)
    t.match(errors, [usedBefore(SUBSCRIBERS)], `${trackId}: the name is used`)
  }
})

t.test('an add racing a remove of the split\'s list: each order leaves a state its answers explain', async (t) => {
  const app = await build(t, { audienceLoadSeconds: LOAD })
  const ids = await deployments(app, 20)
  for (const trackId of ids) await addAudience(app, single({ TrackId: trackId }))
  const results = await Promise.all(ids.map(async (trackId, i) => {
    const add = () => addAudience(app, single({ TrackId: trackId, RecipientList: 'partial.csv' }))
    const remove = () => removeAudience(app, { UserId: USER, TrackId: trackId })
    // Half start with the add, half with the remove.
    const [a, r] = i % 2 === 0 ? await Promise.all([add(), remove()]) : (await Promise.all([remove(), add()])).reverse()
    return { trackId, add: a!, remove: r! }
  }))
  let addsWon = 0
  for (const { trackId, add, remove } of results) {
    const removed = remove.json<{ ResponseInfo: { TrackId: string }[] }>()
    t.equal(remove.statusCode, 200, `${trackId}: the remove always finds a list`)
    t.equal(removed.ResponseInfo[0]?.TrackId, trackId)
    if (add.statusCode === 200) {
      addsWon++
      // The remove came first: it took only the first list, the new one stays.
      t.match(await statusOf(app, add.json<{ ListId: string }>().ListId), { AssignmentStatusCode: 'QUEUED' })
    } else {
      t.equal(add.statusCode, 400)
      t.match(errorsOf(add), [holds(SUBSCRIBERS)], `${trackId}: the add came first and found the split taken`)
    }
  }
  t.comment(`${addsWon} adds after their remove, ${results.length - addsWon} before`)
  t.equal((await statusOf(app, 1000001)).AssignmentStatusCode, 'LIST_REMOVED', 'the first list is gone either way')
})
