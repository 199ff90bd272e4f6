// The world as the surfaces use it (src/world/world.ts): what is due is sent before it is read,
// a change answers the deployment as it is after it, and a created deployment never overwrites one.
import t, { type Test } from 'tap'
import { defaultConfig } from '../src/config.js'
import { closeState, openState, serve, type State } from '../src/state.js'
import { cancelDeployment, scheduleDeployment } from '../src/world/rules.js'
import { SHARED } from '../src/world/tenancy.js'

const DRAFT = {
  Brand: 'FOO', TrackId: 'FOO0000001', DeploymentName: 'Draft', OwnerUserId: 'owner1', FinalApproverUserId: 'approver1',
  Status: 'New', TestSent: true, RecipientCount: 10,
} as const

function opened(t: Test): State {
  const state = openState(defaultConfig({ db: ':memory:', metrics: true }), (error) => { throw error })
  t.teardown(() => closeState(state))
  serve(state, { apps: [{ AppId: 'app-1', Brands: ['FOO'] }], deployments: [DRAFT] }, false)
  return state
}

t.test('a change answers the deployment as it is after the change', async (t) => {
  const { worlds } = opened(t)
  const after = cancelDeployment(worlds.at(SHARED), { brand: 'foo', trackId: 'foo0000001', userId: 'OWNER1' })
  t.match(after, { Brand: 'FOO', TrackId: 'FOO0000001', Status: 'Cancelled', CancelledBy: 'OWNER1' })
  t.match(after.ModificationHistory.at(-1), { ChangeDescription: 'Deployment cancelled', ChangedBy: 'OWNER1' })
})

t.test('what is due is sent before anything reads it: one deployment, a list, a search', async (t) => {
  const { worlds, clock } = opened(t)
  const scheduled = scheduleDeployment(
    worlds.at(SHARED),
    { brand: 'FOO', trackId: 'FOO0000001', userId: 'owner1', scheduledDate: null }
  )
  t.equal(scheduled.Status, 'Scheduled', 'scheduled for now: not sent until the clock has moved')
  clock.setOffsetSeconds(SHARED, 60)
  t.equal(worlds.at(SHARED).find('FOO', 'FOO0000001')?.Status, 'Sent', 'read one')
  t.equal(worlds.at(SHARED).list()[0]?.Status, 'Sent', 'a list')
  const hits = worlds.at(SHARED).search({
    brand: 'FOO', name: null, trackId: null, person: null, statuses: ['Sent'], designations: null, typeId: null,
    start: null, end: null, limit: 10,
  })
  t.same(hits.map((h) => h.TrackId), ['FOO0000001'], 'a search')
})

t.test('a created deployment never overwrites one with its key', async (t) => {
  const { worlds } = opened(t)
  const world = worlds.at(SHARED)
  t.equal(world.create({ ...DRAFT, TrackId: 'FOO0000002', DeploymentName: 'Second' }), true, 'a new TrackId is created')
  t.equal(world.find('FOO', 'FOO0000002')?.DeploymentName, 'Second')
  t.equal(
    world.create({ ...DRAFT, TrackId: 'foo0000001', DeploymentName: 'Overwrite?' }),
    false,
    'a TrackId the brand has, in any case, is not'
  )
  t.equal(world.find('FOO', 'FOO0000001')?.DeploymentName, 'Draft', 'the stored deployment is unchanged')
  const other = worlds.at('another-world')
  t.equal(other.find('FOO', 'FOO0000002'), undefined, 'another world does not see it')
})

t.test('a create is counted in the metrics as a transition, a refused one is not', async (t) => {
  const { worlds, metrics } = opened(t)
  const created = async () => /omeda_state_transitions_total\{kind="created"\} (\d+)/.exec(await metrics?.text() ??
    '')?.[1]
  worlds.at(SHARED).create({ ...DRAFT, TrackId: 'FOO0000003' })
  worlds.at(SHARED).create({ ...DRAFT, TrackId: 'FOO0000003' })
  t.equal(await created(), '1')
})
