// GET {brand}/deploymenttypes/*: the page's shape, the brand's defaults, its 404 and 403; and the
// deployment resource's URLs: both forms for create, update and clone, and the 405 of its path.
import t from 'tap'
import { admin, APP_ID, appIdHeader, build, errorsOf, GUID } from './helpers.js'
import { atNow, clone, create, deploymentUrl, update, validCreate } from './deployment-requests.js'

const typesOf = (app: Awaited<ReturnType<typeof build>>, brand: string, appId: string | null = APP_ID,
  prefix: 'vendor' | 'short' = 'vendor') => app.inject({
  method: 'GET',
  url: `${prefix === 'vendor' ? '/webservices/rest/brand' : ''}/${brand}/deploymenttypes/*`,
  headers: appIdHeader(appId),
})

t.test("a brand's types in the page's shape, inactive ones included, in both URL forms", async (t) => {
  const app = await build(t)
  for (const prefix of ['vendor', 'short'] as const) {
    const res = await typesOf(app, 'FOO', APP_ID, prefix)
    t.equal(res.statusCode, 200, prefix)
    const body = res.json()
    t.match(body.SubmissionId, GUID)
    t.same(body, {
      SubmissionId: body.SubmissionId, Id: 3000, Description: 'Foo Weekly Media', BrandAbbrev: 'FOO',
      DeploymentTypes: [
        { Id: 12, Name: 'Weekly Newsletter', Description: 'Weekly Newsletter', AlternateId: 'WKLY', StatusCode: 1 },
        { Id: 20, Name: 'Promotional', Description: 'Promotional', AlternateId: '', StatusCode: 1,
          LongDescription: 'Offers from the brand and its partners' },
        { Id: 99, Name: 'Retired', Description: 'Retired type', AlternateId: '', StatusCode: 0 },
      ],
    }, 'Name always, AlternateId "" by default, LongDescription only when set, the inactive type with 0')
    t.notOk('LongDescription' in body.DeploymentTypes[0], 'no LongDescription key where none is set')
  }
  const bar = (await typesOf(app, 'bar')).json()
  t.match(bar, { Id: 3001, BrandAbbrev: 'BAR', DeploymentTypes: [{ Id: 12, Name: 'Daily Newsletter' }] },
    'the brand ignoring case; only its own types')
  t.equal(bar.DeploymentTypes.length, 1)
  const journaled = await admin(app).submissions({ endpoint: 'deploymenttypes' })
  t.equal(journaled.length, 3, 'each call is journaled under the endpoint\'s name')
})

t.test('a brand granted but not listed has Id 0 and its abbreviation for Description', async (t) => {
  const app = await build(t)
  const res = await typesOf(app, 'BAZ', 'baz-app-id')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { SubmissionId: res.json().SubmissionId, Id: 0, Description: 'BAZ', BrandAbbrev: 'BAZ',
    DeploymentTypes: [] })
})

t.test('a brand no app has is 404 for a known app id; an unknown app id is 403', async (t) => {
  const app = await build(t)
  for (const appId of [APP_ID, 'baz-app-id']) {
    const res = await typesOf(app, 'NOPE', appId)
    t.equal(res.statusCode, 404, appId)
    t.same(errorsOf(res), ['Brand NOPE was not found.'])
  }
  for (const appId of ['nope', null]) {
    const res = await typesOf(app, 'FOO', appId)
    t.equal(res.statusCode, 403, `app id ${appId}`)
    t.same(errorsOf(res), ['The AppId submitted is forbidden access.'])
  }
  const notGranted = await typesOf(app, 'FOO', 'baz-app-id')
  t.equal(notGranted.statusCode, 403, 'a brand that exists but is not granted to the app')
  t.same(errorsOf(notGranted), ['The AppId submitted is forbidden access.'])
})

t.test('create, update and clone answer on both URL forms', async (t) => {
  const app = await build(t)
  await atNow(app)
  for (const prefix of ['vendor', 'short'] as const) {
    const made = await create(app, validCreate(), { prefix })
    t.equal(made.statusCode, 200, `create, ${prefix}`)
    const { TrackId } = made.json()
    const edited = await update(app, { TrackId, OwnerUserId: 'omailAccount1', Notes: prefix }, { prefix })
    t.equal(edited.statusCode, 200, `update, ${prefix}`)
    const copied = await clone(app, { CloneTrackId: TrackId, DeploymentDate: '2026-12-09 09:00' }, { prefix })
    t.equal(copied.statusCode, 200, `clone, ${prefix}`)
    t.equal((await admin(app).deployment('FOO', copied.json().TrackId))?.Notes, prefix, 'the copy has the notes')
  }
  const endpoints = (await admin(app).submissions({ statusCode: 200 })).map((s) => s.Endpoint)
  t.same(endpoints.sort(), ['clone', 'clone', 'create', 'create', 'update', 'update'])
})

t.test('GET and DELETE on the deployment path are 405, allowing POST and PUT', async (t) => {
  const app = await build(t)
  for (const method of ['GET', 'DELETE', 'PATCH'] as const) {
    for (const prefix of ['vendor', 'short'] as const) {
      const res = await app.inject({ method, url: deploymentUrl({ prefix }), headers: appIdHeader() })
      t.equal(res.statusCode, 405, `${method} ${prefix}`)
      t.equal(res.headers.allow, 'POST, PUT')
      t.same(errorsOf(res), [`The HTTP method '${method}' is not allowed for this resource. Use POST, PUT.`])
    }
  }
  const onClone = await app.inject({ method: 'PUT', url: deploymentUrl({}, '/clone'), headers: appIdHeader() })
  t.equal(onClone.statusCode, 405, 'clone takes only POST')
  t.equal(onClone.headers.allow, 'POST')
  const types = await app.inject({ method: 'POST', url: '/FOO/deploymenttypes/*', headers: appIdHeader() })
  t.equal(types.statusCode, 405, 'deploymenttypes takes only GET')
  t.equal(types.headers.allow, 'GET')
})
