// Admin controls over the world: health, readiness, seeding, export, reset and stored records.
import t from 'tap'
import { AdminError } from '../src/client.js'
import { admin, build, cancel, lookup } from './helpers.js'

const qa = {
  apps: [{ AppId: 'qa-app', Brands: ['QA'] }],
  deployments: [
    {
      Brand: 'QA',
      TrackId: 'QA261201001',
      OwnerUserId: 'tester',
      Status: 'Scheduled' as const,
      ScheduledDate: '2030-01-01 10:00:00'
    },
    { Brand: 'FOO', TrackId: 'FOO261201099', OwnerUserId: 'omailAccount1', Status: 'Approved' as const },
  ],
}

t.test('health and ready', async (t) => {
  const app = await build(t)
  const client = admin(app)
  t.equal(await client.health(), true)
  t.equal(await client.ready(), true)
  // A reset is one transaction that no request sees half-done: readiness holds throughout.
  const answers = await Promise.all(Array.from({ length: 50 },
    (_, i) => (i % 2 === 0 ? client.reset().then(() => true) : client.ready())))
  t.ok(answers.every((ready) => ready), 'ready between resets')
})

t.test('seed upserts apps and deployments that clients can then use; export round-trips', async (t) => {
  const app = await build(t)
  const client = admin(app)
  t.same(await client.seed(qa), { apps: 1, deployments: 2, catalogue: 0 })
  const res = await cancel(app, { UserId: 'tester', TrackId: 'QA261201001' }, { brand: 'QA', appId: 'qa-app' })
  t.equal(res.statusCode, 200, 'a seeded app id and deployment work at once')
  t.equal((await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261201099' })).statusCode, 200)

  const exported = await client.fixtures()
  t.ok(exported.apps.some((a) => a.AppId === 'qa-app'))
  t.match(exported.deployments.find((d) => d.TrackId === 'QA261201001'), { Status: 'Cancelled', CancelledBy: 'tester' })

  const other = await build(t)
  await admin(other).seed(exported)
  t.same(await admin(other).fixtures(), exported, 'an export seeds an identical world')
})

t.test('seed rejects invalid documents with JSON paths and stores nothing', async (t) => {
  const app = await build(t)
  const client = admin(app)
  const before = await client.fixtures()
  const attempts: [unknown, string[]][] = [
    [{ deployments: [{ ...qa.deployments[0], Status: 'Paused' }] },
      ["body/deployments/0/Status: must be one of 'New', 'Waiting Review', 'Not Accepted', 'Accepted', 'Submitted', " +
        "'Approved', 'Scheduled', 'Sending', 'Sent', 'Cancelled', 'Unscheduling'"]],
    [
      { deployments: [{ ...qa.deployments[0], Brand: 'NOWHERE' }] },
      ["body/deployments/0/Brand: no app in the fixtures is granted brand 'NOWHERE'"]
    ],
    [
      { deployments: [{ ...qa.deployments[1], Status: 'Sent' }] },
      ["body/deployments/0/SentDate: a deployment with Status 'Sent' needs a SentDate"]
    ],
    [
      { deployments: [qa.deployments[1], qa.deployments[1]] },
      [/^body\/deployments\/1: duplicate of Brand 'FOO', TrackId 'FOO261201099'/ as unknown as string]
    ],
    [{ apps: [{ AppId: 'x' }] }, ['body/apps/0/Brands: is required']],
    [{ app: [] }, ['body/app: unknown property (check its spelling)']],
    [[], ['body: must be an object, but an array was given']],
    [{ apps: {} }, ['body/apps: must be an array, but an object was given']],
    [
      { deployments: [{ ...qa.deployments[0], TrackId: [] }] },
      ['body/deployments/0/TrackId: must be a string, but an array was given']
    ],
    [{ deployments: [{ ...qa.deployments[0], TrackId: ' FOO261201098' }] },
      ['body/deployments/0/TrackId: must be non-blank, without ' +
        "whitespace at either end, but ' FOO261201098' was given"]],
    [{ deployments: [{ ...qa.deployments[0], ScheduledDate: 'soon' }] },
      ["body/deployments/0/ScheduledDate: must be a date and time as yyyy-MM-dd HH:mm:ss, but 'soon' was given"]],
    [
      { deployments: [{ ...qa.deployments[0], Brand: 'F O' }] },
      ["body/deployments/0/Brand: must be letters, digits, '_' and '-' only, but 'F O' was given"]
    ],
    [
      { deployments: [{ ...qa.deployments[0], DeploymentName: 7 }] },
      ['body/deployments/0/DeploymentName: must be a string or null, but 7 was given']
    ],
    [{ deployments: [{ ...qa.deployments[0], EditedInPortalBy: 'portalEditor' }] },
      ['body/deployments/0: EditedInPortalBy and EditedInPortalDate go together: give both or neither']],
    [{ deployments: [{ ...qa.deployments[0], EditedInPortalDate: '2026-02-30 10:00:00', EditedInPortalBy: 'x' }] },
      ["body/deployments/0/EditedInPortalDate: '2026-02-30 10:00:00' is not a real date and time"]],
    [
      { deployments: [{ ...qa.deployments[0], RecipientCount: -1 }] },
      ['body/deployments/0/RecipientCount: must be at least 0, but -1 was given']
    ],
    [
      { deployments: [{ ...qa.deployments[0], RecipientCount: 1.5 }] },
      ['body/deployments/0/RecipientCount: must be a whole number, but 1.5 was given']
    ],
    [
      { deployments: [{ ...qa.deployments[0], TestSent: 'yes' }] },
      ["body/deployments/0/TestSent: must be true or false, but 'yes' was given"]
    ],
    [{ deployments: [{ ...qa.deployments[0], DeploymentDesignation: 'Podcast' }] },
      ['body/deployments/0/DeploymentDesignation: must be ' +
        "'Newsletter' or 'Webinar' or 'Third Party' or 'Research' or " +
        "'Live Conferences' or 'Virtual Conferences' or 'Marketing' or null, but 'Podcast' was given"]],
    [
      { deployments: [{ ...qa.deployments[0], CreatedBy: false }] },
      ['body/deployments/0/CreatedBy: must be a string or null, but false was given']
    ],
  ]
  for (const [document, errors] of attempts) {
    const error = await client.seed(document as never).catch((e: unknown) => e)
    t.type(error, AdminError)
    t.equal((error as AdminError).status, 400)
    t.match((error as AdminError).errors, errors, JSON.stringify(document).slice(0, 80))
  }
  t.same(await client.fixtures(), before, 'nothing changed')
})

t.test('reset puts deployments, apps and journal back to the boot fixtures', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await client.seed(qa)
  await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal(await client.count(), 1)
  await client.reset()
  t.equal((await client.deployment('FOO', 'FOO261124001'))?.Status, 'Scheduled')
  t.equal(await client.deployment('QA', 'QA261201001'), undefined, 'seeded deployments are gone')
  t.equal((await cancel(
    app,
    { UserId: 'tester', TrackId: 'QA261201001' },
    { brand: 'QA', appId: 'qa-app' }
  )).statusCode, 403,
  'seeded apps are gone')
  t.equal(await client.count({ statusCode: 200 }), 0, 'the journal was emptied (only the 403 since)')
})

t.test('the stored record of a deployment, including cancel time and user; 404 when unknown', async (t) => {
  const app = await build(t)
  const client = admin(app)
  await cancel(app, { UserId: 'OmailAccount1', TrackId: 'foo261124001' }, { brand: 'foo' })
  t.match(await client.deployment('foo', 'FOO261124001'), {
    Brand: 'FOO', TrackId: 'FOO261124001', Status: 'Cancelled', CancelledBy: 'OmailAccount1',
    CancelledDate: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, AuthorizedUserIds: ['qaLead'],
  })
  t.equal(await client.deployment('FOO', 'NOPE'), undefined)
  const res = await app.inject({ method: 'GET', url: '/__admin/deployments/FOO/NOPE' })
  t.equal(res.statusCode, 404)
  t.same(res.json().Errors, [{ Error: "No deployment was found matching trackId 'NOPE'." }])
  const unknown = await app.inject({ method: 'GET', url: '/__admin/nothing' })
  t.equal(unknown.statusCode, 404, 'unknown admin URLs are vendor-shaped 404s')
  t.equal(await admin(app).count(), 1, 'admin calls are not journaled')
})

t.test('a TrackId is at most 100 characters, and any such TrackId ' +
  'is read back through the admin API and the Lookup API', async (t) => {
  const app = await build(t)
  const client = admin(app)
  // The router counts the decoded text: 900 characters of URL for 100 '€', 100 for 50 '😀' (two UTF-16 units each).
  const trackIds = ['€'.repeat(100), 'Q'.repeat(100), `FOO${'é'.repeat(96)}1`, '😀'.repeat(50)]
  await client.seed({ deployments: trackIds.map((TrackId) => ({
    Brand: 'FOO',
    TrackId,
    OwnerUserId: 'omailAccount1',
    Status: 'New' as const
  })) })
  for (const trackId of trackIds) {
    t.match(
      await client.deployment('FOO', trackId),
      { TrackId: trackId, Status: 'New' },
      `${trackId.slice(0, 3)}… by the admin API`
    )
    const view = await app.inject({
      method: 'GET',
      url: `/__admin/deployments/FOO/${encodeURIComponent(trackId)}/lookup`
    })
    t.equal(view.statusCode, 200, 'as the dashboard opens it')
    t.equal((await lookup(app, encodeURIComponent(trackId))).json().TrackId, trackId, 'by the Lookup API')
  }
  const tooLong = 'Q'.repeat(101)
  const res = await app.inject({
    method: 'POST', url: '/__admin/fixtures', headers: { 'content-type': 'application/json' },
    payload: { deployments: [{ Brand: 'FOO', TrackId: tooLong, OwnerUserId: 'omailAccount1', Status: 'New' }] },
  })
  t.equal(res.statusCode, 400)
  t.same(res.json().Errors, [{ Error: 'body/deployments/0/TrackId: must be at most 100 characters' }])
  t.equal(await client.deployment('FOO', tooLong), undefined, 'nothing stored')
})
