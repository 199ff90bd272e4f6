// The journal keeps at most --journal-body-limit characters of each body: what a client sent and
// got back is readable up to there (the memory it saves: process/journal-bodies.test.ts).
import t from 'tap'
import { admin, build, cancel } from './helpers.js'

const marker = (length: number) => `…[truncated by the emulator: ${length} characters in all]`

t.test('bodies over the limit are kept cut, with a marker giving their length; shorter ones whole', async (t) => {
  const app = await build(t, { journalBodyLimit: 300 })
  const client = admin(app)
  const long = { UserId: 'omailAccount1', TrackId: 'FOO261124001', Note: 'x'.repeat(500) }
  const short = { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  // A too-long UserId is echoed in the error, so the response body is long too.
  const echoed = { UserId: 'u'.repeat(1000), TrackId: 'FOO261124002' }
  const sent = [await cancel(app, long), await cancel(app, short), await cancel(app, echoed)]
  const [a, b, c] = await Promise.all(sent.map((res) => client.submission(res.json().SubmissionId)))

  const longText = JSON.stringify(long)
  t.equal(
    a!.RequestBody,
    longText.slice(0, 300) + marker(longText.length),
    'request body cut at 300 characters, with its length'
  )
  t.equal(a!.ResponseBody, sent[0]!.body, 'a short response body is kept whole')
  t.equal(b!.RequestBody, JSON.stringify(short), 'a short request body is kept whole')
  t.ok(sent[2]!.body.length > 1000)
  t.equal(c!.ResponseBody, sent[2]!.body.slice(0, 300) + marker(sent[2]!.body.length), 'response body cut likewise')
  t.same((await client.submissions({ trackId: 'FOO261124001' })).map((s) => s.RequestBody), [
    b!.RequestBody,
    a!.RequestBody
  ],
  'lists hold the cut form as well')
})

t.test('a body is never cut inside a surrogate pair', async (t) => {
  const app = await build(t, { journalBodyLimit: 12 })
  // `{"Note":"a` is 11 characters, so the 12th is the first half of 😀.
  const body = '{"Note":"ab😀😀"}'
  const res = await cancel(app, body)
  const kept = (await admin(app).submission(res.json().SubmissionId))!.RequestBody!
  t.equal(kept, '{"Note":"ab' + marker(body.length))
  t.notMatch(kept, /[\uD800-\uDFFF]/, 'no half of the pair is left')
})
