// The TrackIds create gives: {BRAND}{yyMMdd}{nnn}, one more than the largest number of the brand's
// day, whatever the day already holds and however many creates came before, in one process or two
// sharing a file.
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, APP_ID, build, lookup } from './helpers.js'

const DAY = 'FOO310101'
const body = {
  DeploymentName: 'Numbered', DeploymentDate: '2031-06-01 09:00', DeploymentTypeId: 12,
  OwnerUserId: 'omailAccount1', Splits: 1, TrackLinks: 1, TrackOpens: 1,
}

async function create(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'POST', url: '/webservices/rest/brand/FOO/omail/deployment/*',
    headers: { 'content-type': 'application/json', 'x-omeda-appid': APP_ID }, payload: body,
  })
  if (res.statusCode !== 200) throw new Error(`create answered ${res.statusCode}: ${res.body}`)
  return (res.json() as { TrackId: string }).TrackId
}

const deployment = (Brand: string, TrackId: string) =>
  ({ Brand, TrackId, OwnerUserId: 'omailAccount1', Status: 'New' as const })

/** An app on the tests' world whose sandbox day is 2031-01-01, holding these TrackIds. */
async function onDay(t: Test, held: [string, string][], db?: string): Promise<FastifyInstance> {
  const app = await build(t, db === undefined ? {} : { db })
  await admin(app).setClock({ now: '2031-01-01 08:00:00' })
  if (held.length > 0) await admin(app).seed({ deployments: held.map(([brand, id]) => deployment(brand, id)) })
  return app
}

t.test('the number after the largest of the brand day, leading zeros read as numbers', async (t) => {
  const app = await onDay(t, [
    ['FOO', `${DAY}005`], ['FOO', `${DAY}0007`], ['FOO', `${DAY}ABC`], ['FOO', `${DAY}12X`],
    ['FOO', 'FOO310102999'], ['BAR', 'BAR310101900'], ['FOO', 'FOO3101'],
  ])
  t.equal(await create(app), `${DAY}008`, 'other days, other brands and tails not all digits are left out')
  t.equal(await create(app), `${DAY}009`)
  t.equal((await lookup(app, `${DAY}008`)).statusCode, 200)
})

t.test('past 999 the numbers go on with four digits, then five', async (t) => {
  const app = await onDay(t, [['FOO', `${DAY}998`]])
  t.same([await create(app), await create(app), await create(app)], [`${DAY}999`, `${DAY}1000`, `${DAY}1001`])
  await admin(app).seed({ deployments: [deployment('FOO', `${DAY}9999`)] })
  t.equal(await create(app), `${DAY}10000`, '10000 is larger than 9999, though it sorts before it as text')
  t.equal((await lookup(app, `${DAY}1000`)).statusCode, 200)
})

t.test('a TrackId stored between creates is counted by the next one; an update changes nothing', async (t) => {
  const app = await onDay(t, [])
  t.equal(await create(app), `${DAY}001`)
  await admin(app).seed({ deployments: [deployment('FOO', `${DAY}500`)] })
  t.equal(await create(app), `${DAY}501`, 'after a seed')
  const renamed = await app.inject({
    method: 'PUT', url: '/webservices/rest/brand/FOO/omail/deployment/*',
    headers: { 'content-type': 'application/json', 'x-omeda-appid': APP_ID },
    payload: { TrackId: `${DAY}501`, OwnerUserId: 'omailAccount1', DeploymentName: 'Renamed' },
  })
  t.equal(renamed.statusCode, 200)
  t.equal(await create(app), `${DAY}502`, 'after an update')
  await admin(app).reset()
  await admin(app).setClock({ now: '2031-01-01 08:00:00' })
  t.equal(await create(app), `${DAY}001`, 'after a reset the day is empty again')
})

t.test('a number past 2^53 is followed by the next one, exactly', async (t) => {
  const app = await onDay(t, [['FOO', `${DAY}9007199254740992`]])
  t.equal(await create(app), `${DAY}9007199254740993`)
})

t.test('two apps sharing a file number one day between them', async (t) => {
  const db = join(t.testdir({}), 'shared.db')
  const one = await onDay(t, [], db)
  const two = await build(t, { db })
  const made: string[] = []
  for (let i = 0; i < 3; i++) made.push(await create(one), await create(two))
  t.same(made, [1, 2, 3, 4, 5, 6].map((n) => `${DAY}00${n}`))
  await admin(two).seed({ deployments: [deployment('FOO', `${DAY}700`)] })
  t.equal(await create(one), `${DAY}701`, "the other app's seed is seen")
})

t.test('thousands of creates in one day: each TrackId once, numbered on', async (t) => {
  const app = await onDay(t, [])
  const made = new Set<string>()
  for (let i = 0; i < 1200; i++) made.add(await create(app))
  t.equal(made.size, 1200)
  t.ok(made.has(`${DAY}999`) && made.has(`${DAY}1200`) && !made.has(`${DAY}1201`))
})
