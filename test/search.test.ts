// The Search API: every filter, the order, the cap, the item shape, the brand and world scope, the
// vendor-style 400s; and requests shaped exactly as the public JavaScript client sends them.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { SearchItem, SearchResult } from '../src/contract/omeda.js'
import type { FixtureDeployment } from '../src/seed/format.js'
import { foldCase } from '../src/db/database.js'
import { admin, build, errorsOf, GUID, post } from './helpers.js'

const FOO_NEWEST_FIRST = [
  'FOO261127006', 'FOO261127005', 'FOO261127004', 'FOO261127003', 'FOO261127002', 'FOO261127001', 'FOO261125001',
  'FOO261124005',
  'FOO261124004', 'FOO261124003', 'FOO261124002', 'FOO261124001', 'FOO261118001', 'FOO261110001',
]

async function search(
  app: FastifyInstance, body: unknown, options: { brand?: string; appId?: string } = {}
): Promise<string[]> {
  const res = await post(app, 'search', body, options)
  if (res.statusCode !== 200) throw new Error(`search ${JSON.stringify(body)} answered ${res.statusCode}: ${res.body}`)
  return (res.json() as SearchResult).Deployments.map((d) => d.TrackId)
}

t.test('no filter: every deployment of the brand, newest CreatedDate first, in the documented shape', async (t) => {
  const app = await build(t)
  const res = await post(app, 'search', {})
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/json')
  const json = res.json() as SearchResult
  t.match(json.SubmissionId, GUID)
  t.same(json.Deployments.map((d) => d.TrackId), FOO_NEWEST_FIRST)
  const byId = new Map(json.Deployments.map((d) => [d.TrackId, d]))
  t.same(byId.get('FOO261118001'), {
    TrackId: 'FOO261118001', DeploymentName: 'November digest', Status: 'Sent', Owner: 'omailAccount1',
    FinalApprover: null,
    CreatedBy: 'omailAccount1', CreatedDate: '2026-11-17 16:30:00', ScheduledDate: '2026-11-18 08:00:00',
    SentDate: '2026-11-18 08:00:00',
    DeploymentDesignation: 'Newsletter', DeploymentTypeId: 12, DeploymentTypeDescription: 'Weekly Newsletter',
    Url: 'http://localhost:80/webservices/rest/brand/FOO/omail/deployment/lookup/FOO261118001/*',
  } satisfies SearchItem)
  t.notOk('SentDate' in byId.get('FOO261124001')!, 'SentDate only when sent')
  t.equal(byId.get('FOO261124001')!.ScheduledDate, '2030-12-01 09:00:00')
  t.notOk('ScheduledDate' in byId.get('FOO261124003')!, 'ScheduledDate only when scheduled')
  t.same(await search(app, {}, { brand: 'BAR' }),
    ['BAR261124003', 'BAR261124002', 'BAR261124001', 'BAR261123001', 'BAR261119001', 'BAR261112001'],
    'scoped to the brand')
})

t.test('each filter', async (t) => {
  const app = await build(t)
  t.same(await search(app, { DeploymentName: 'NEWSLETTER' }), ['FOO261124001'], 'name: contains, ignoring case')
  t.same(await search(app, { DeploymentName: 'portal' }), ['FOO261127004', 'FOO261127003'])
  t.same(await search(app, { TrackId: '26112700' }), FOO_NEWEST_FIRST.slice(0, 6), 'TrackId: contains')
  t.same(await search(app, { TrackId: 'foo261118001' }), ['FOO261118001'])
  t.same(
    await search(app, { EnteredByOrAssignedTo: 'PARTNER' }),
    ['FOO261127006', 'FOO261124005'],
    'owner, ignoring case'
  )
  t.same(await search(app, { Statuses: ['SCHEDULED'] }), ['FOO261124005', 'FOO261124002', 'FOO261124001'])
  t.same(
    await search(app, { Statuses: ['BOGUS', 'SCHEDULED'] }),
    await search(app, { Statuses: ['SCHEDULED'] }),
    'unknown values are ignored'
  )
  t.same(await search(app, { Statuses: ['BOGUS'] }), FOO_NEWEST_FIRST, 'only unknown values: no status filter')
  t.same(await search(app, { Statuses: [] }), FOO_NEWEST_FIRST)
  t.same(await search(app, { Statuses: ['SENT_OR_SENDING'] }), ['FOO261125001', 'FOO261118001'])
  t.same(await search(app, { Statuses: ['SENT'] }), ['FOO261118001'])
  t.same(await search(app, { Statuses: ['SENDING', 'CANCELLED'] }), ['FOO261125001', 'FOO261110001'])
  t.same(
    await search(app, { Statuses: ['new'] }),
    ['FOO261127006', 'FOO261127005', 'FOO261127004', 'FOO261127003', 'FOO261127002', 'FOO261127001', 'FOO261124003']
  )
  t.same(await search(app, { Statuses: ['WAITING_REVIEW'] }), [])
  t.same(
    await search(app, { DeploymentDesignations: ['Third Party', 'research'] }),
    ['FOO261127002', 'FOO261124005', 'FOO261124004']
  )
  t.same(await search(app, { DeploymentDesignations: ['Podcast'] }), [], 'an unknown designation matches nothing')
  t.same(await search(app, { Type: 12 }), ['FOO261127003', 'FOO261124001', 'FOO261118001'])
  t.same(
    await search(app, { DeploymentDateStart: '2030-12-01 09:00', DeploymentDateEnd: '2030-12-01 09:00' }),
    ['FOO261124001'],
    'inclusive, to the minute'
  )
  t.same(await search(app, { DeploymentDateStart: '2030-12-01 09:01' }), ['FOO261124005', 'FOO261124002'])
  t.same(
    await search(app, { DeploymentDateEnd: '2026-11-18 08:00' }),
    ['FOO261118001', 'FOO261110001'],
    'SentDate when sent, else ScheduledDate'
  )
  t.same(await search(
    app,
    { DeploymentDateStart: '2026-11-18 08:00', DeploymentDateEnd: '2026-11-30 00:00', Statuses: ['SENT_OR_SENDING'] }
  ),
  ['FOO261125001', 'FOO261118001'], 'filters combine')
  t.same(await search(app, { NumResults: 2 }), FOO_NEWEST_FIRST.slice(0, 2))
  t.same(await search(app, { DeploymentName: 'no such thing' }), [])
  const empty = await post(app, 'search', { TrackId: 'nothing' })
  t.same(Object.keys(empty.json()), ['Deployments', 'SubmissionId'])
  t.same(empty.json().Deployments, [], 'no hits: an empty list, 200')
  t.same(
    await search(app, { DeploymentName: null, TrackId: '', Statuses: null, NumResults: null }),
    FOO_NEWEST_FIRST,
    'null and blank do not restrict'
  )
  t.same(await search(
    app,
    { DeploymentDateStart: '', DeploymentDateEnd: '  ', NumResults: '', Type: ' ', EnteredByOrAssignedTo: '\t' }
  ),
  FOO_NEWEST_FIRST, 'blank dates and numbers do not restrict either')
})

t.test('text filters ignore case beyond ASCII', async (t) => {
  const app = await build(t)
  await admin(app).seed({ deployments: [{
    Brand: 'FOO',
    TrackId: 'FOO261201020',
    DeploymentName: 'École Été',
    OwnerUserId: 'Ødegård',
    Status: 'New'
  }] })
  for (const DeploymentName of ['école', 'ÉCOLE ÉTÉ', 'été']) {
    t.same(await search(app, { DeploymentName }), ['FOO261201020'], DeploymentName)
  }
  t.same(await search(app, { EnteredByOrAssignedTo: 'ØDEGÅRD' }), ['FOO261201020'])
})

t.test('fold() is Unicode full case folding (CaseFolding.txt, C and F)', async (t) => {
  // Each pair as CaseFolding.txt maps it; the code points are spelled out where they look alike.
  const cases: [string, string][] = [
    ['ß', 'ss'], ['\u1e9e', 'ss'], ['Σ', 'σ'], ['ς', 'σ'], ['ΟΔΟΣ', 'οδοσ'], ['\u01f0', 'j\u030c'], [
      '\u03b0',
      '\u03c5\u0308\u0301'
    ],
    ['\u0131', '\u0131'], ['\u0130', 'i\u0307'], ['\ufb01', 'fi'], ['\u1fbc', 'αι'], [
      '\u0149',
      '\u02bcn'
    ], ['\u212a', 'k'],
    ['\u13a0', '\u13a0'], ['\uab70', '\u13a0'], ['École', 'école'], ['ØDEGÅRD', 'ødegård'], [
      'Newsletter',
      'newsletter'
    ],
  ]
  for (const [text, folded] of cases) t.equal(foldCase(text), folded, JSON.stringify(text))
})

t.test('text filters meet names under full case folding: Σ/ς/σ, ß, ǰ, ΰ, by the index and by the scan', async (t) => {
  const app = await build(t)
  const names: Record<string, string> = {
    FOO261201041: 'ΜΕΣΟΣ ΟΡΟΣ',
    FOO261201042: 'Straße Fest',
    FOO261201043: 'Maǰa Jahr',
    FOO261201044: 'Καΰμα Νέο',
    FOO261201045: 'École Été'
  }
  await admin(app).seed({ deployments: Object.entries(names).map(([TrackId, DeploymentName]) =>
    ({ Brand: 'FOO', TrackId, DeploymentName, OwnerUserId: 'Strauß', Status: 'New' as const })) })
  const finds = async (filter: Record<string, string>, trackId: string) =>
    t.ok((await search(app, filter)).includes(trackId), `${JSON.stringify(filter)} finds ${trackId}`)
  for (const [trackId, name] of Object.entries(names)) {
    await finds({ DeploymentName: name.toUpperCase() }, trackId)
    await finds({ DeploymentName: name.toLowerCase() }, trackId)
  }
  await finds({ DeploymentName: 'ΜΕΣ' }, 'FOO261201041') // exact case, a sigma inside the name: the index
  await finds({ DeploymentName: 'ΕΣ' }, 'FOO261201041') // the same, two characters: the scan
  await finds({ DeploymentName: 'μεσοσ ορ' }, 'FOO261201041')
  await finds({ DeploymentName: 'STRASSE' }, 'FOO261201042')
  await finds({ DeploymentName: 'STRA\u1e9eE' }, 'FOO261201042')
  await finds({ DeploymentName: 'ẞe' }, 'FOO261201042') // two characters folded to three: the index
  await finds({ DeploymentName: 'MAJ\u030cA' }, 'FOO261201043')
  await finds({ EnteredByOrAssignedTo: 'STRAUSS' }, 'FOO261201042')
  t.notOk((await search(app, { DeploymentName: 'strasse fest x' })).includes('FOO261201042'), 'still a substring match')
})

t.test('NumResults defaults to 200 and is capped at 200; ties on CreatedDate go by TrackId', async (t) => {
  const app = await build(t)
  const many: FixtureDeployment[] = Array.from({ length: 250 }, (_, i) => ({
    Brand: 'BAR', TrackId: `BULK${String(i).padStart(4, '0')}`, OwnerUserId: 'bulk', Status: 'New',
    CreatedDate: '2031-01-01 00:00:00',
  }))
  await admin(app).seed({ deployments: many })
  const all = await search(app, {}, { brand: 'BAR' })
  t.equal(all.length, 200)
  t.same(all.slice(0, 3), ['BULK0000', 'BULK0001', 'BULK0002'])
  t.equal((await search(app, { NumResults: 1000 }, { brand: 'BAR' })).length, 200)
  t.equal((await search(app, { NumResults: 201 }, { brand: 'BAR' })).length, 200)
})

t.test('wrong types and values: 400 in the vendor style, every problem in one answer, nothing changed', async (t) => {
  const app = await build(t)
  const before = await admin(app).fixtures()
  const cases: [unknown, string[]][] = [
    [{ NumResults: 0 }, ["The field 'NumResults' must be at least 1, but 0 was given."]],
    [{ NumResults: -5 }, ["The field 'NumResults' must be at least 1, but -5 was given."]],
    [{ NumResults: '50' }, ["The field 'NumResults' must be an integer, but a string was given."]],
    [{ NumResults: 2.5 }, ["The field 'NumResults' must be an integer, but a number was given."]],
    [{ Type: 'newsletter' }, ["The field 'Type' must be an integer, but a string was given."]],
    [{ Statuses: 'SENT' }, ["The field 'Statuses' must be an array, but a string was given."]],
    [{ Statuses: ['SENT', 3] }, ["The field 'Statuses' must be an array of strings, but it holds a number."]],
    [
      { DeploymentDesignations: [null] },
      ["The field 'DeploymentDesignations' must be an array of strings, but it holds null."]
    ],
    [{ DeploymentName: 7 }, ["The field 'DeploymentName' must be a string, but a number was given."]],
    [
      { DeploymentDateStart: 'yesterday' },
      ["The value 'yesterday' for field 'DeploymentDateStart' is not a date and time as yyyy-MM-dd HH:mm."]
    ],
    [
      { DeploymentDateEnd: '2026-13-01 00:00' },
      ["The value '2026-13-01 00:00' for field 'DeploymentDateEnd' is not a date and time as yyyy-MM-dd HH:mm."]
    ],
    [{ NumResults: 0, Statuses: {}, TrackId: [] }, [
      "The field 'TrackId' must be a string, but an array was given.",
      "The field 'Statuses' must be an array, but an object was given.",
      "The field 'NumResults' must be at least 1, but 0 was given."]],
    [[], ['The request body must be a JSON object, but an array was given.']],
  ]
  for (const [body, errors] of cases) {
    const res = await post(app, 'search', body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.same(errorsOf(res), errors, JSON.stringify(body))
    t.match(res.json(), { SubmissionId: GUID })
  }
  t.same(await admin(app).fixtures(), before)
})

t.test('search sends what is due first, and is scoped to the world in isolation mode', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const a = 'sandbox-app-id+a'
  await post(app, 'cancel', { UserId: 'omailAccount1', TrackId: 'FOO261124001' }, { appId: a })
  t.same(await search(app, { Statuses: ['CANCELLED'] }, { appId: a }), ['FOO261124001', 'FOO261110001'])
  t.same(
    await search(app, { Statuses: ['CANCELLED'] }, { appId: 'sandbox-app-id+b' }),
    ['FOO261110001'],
    'another world'
  )
  await admin(app, { appId: a }).setClock({ now: '2030-12-02 00:00:00' })
  t.same(await search(app, { Statuses: ['SENT'] }, { appId: a }), ['FOO261118001'], 'FOO261124005 is not yet due')
  await admin(app, { appId: a }).setClock({ now: '2030-12-03 08:00:00' })
  const sent = (await post(app, 'search', { Statuses: ['SENT'] }, { appId: a })).json() as SearchResult
  t.same(
    sent.Deployments.map((d) => [d.TrackId, d.SentDate]),
    [['FOO261124005', '2030-12-03 08:00:00'], ['FOO261118001', '2026-11-18 08:00:00']]
  )
})

t.test('a name filter of three characters or more uses the name index, and finds what a scan finds', async (t) => {
  const app = await build(t, { isolation: 'app-id' })
  const a = 'sandbox-app-id+names'
  const seed = (DeploymentName: string | null) =>
    admin(app, { appId: a }).seed({ deployments: [{
      Brand: 'FOO',
      TrackId: 'FOO261201030',
      DeploymentName,
      OwnerUserId: 'o',
      Status: 'New'
    }] })
  t.same(
    await search(app, { DeploymentName: 'newsLETTER' }, { appId: a }),
    ['FOO261124001'],
    'a new world has the boot names indexed'
  )
  await seed('Say "hello" to İstanbul')
  t.same(await search(app, { DeploymentName: '"HELLO"' }, { appId: a }), ['FOO261201030'], 'double quotes are text')
  t.same(await search(app, { DeploymentName: 'i̇stanbul' }, { appId: a }), ['FOO261201030'], 'folded as the scan folds')
  t.same(await search(app, { DeploymentName: 'İSTANBUL' }, { appId: a }), ['FOO261201030'])
  t.same(await search(app, { DeploymentName: 'lo' }, { appId: a }), ['FOO261201030'], 'two characters: the scan')
  t.same(
    await search(app, { DeploymentName: 'hel\u0000lo' }, { appId: a }),
    [],
    'a NUL, which the index cannot take: the scan'
  )
  t.same(await search(app, { DeploymentName: 'hello\u0000' }, { appId: a }), [])
  t.same(await search(app, { DeploymentName: 'hello' }), [], 'not in the other worlds')
  await seed('Renamed')
  t.same(await search(app, { DeploymentName: 'hello' }, { appId: a }), [], 'an upsert replaces the indexed name')
  t.same(await search(app, { DeploymentName: 'renamed' }, { appId: a }), ['FOO261201030'])
  await seed(null)
  t.same(await search(app, { DeploymentName: 'renamed' }, { appId: a }), [], 'and removes it with the name')
  await seed('Renamed again')
  await admin(app, { appId: a }).reset()
  t.same(await search(app, { DeploymentName: 'renamed' }, { appId: a }), [], 'a reset forgets it')
  t.same(
    await search(app, { DeploymentName: 'newsletter' }, { appId: a }),
    ['FOO261124001'],
    'and indexes the boot names again'
  )
  await admin(app).reset()
  t.same(
    await search(app, { DeploymentName: 'newsletter' }, { appId: a }),
    ['FOO261124001'],
    'as does a reset of everything'
  )
})
