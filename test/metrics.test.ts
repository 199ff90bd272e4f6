// Prometheus metrics: scraped before and after a known sequence of calls, the deltas are exactly
// what the calls did; behind the admin token when one is set.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { admin, build, cancel, lookup, post } from './helpers.js'

/** One sample's value from the text exposition, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string | number> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const present = (match[2] ?? '').split(',').filter(Boolean)
    if (wanted.every((w) => present.includes(w)) && present.length === wanted.length) return Number(match[3])
  }
  return 0
}

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/__admin/metrics' })
  if (res.statusCode !== 200) throw new Error(`metrics answered ${res.statusCode}`)
  if (!String(res.headers['content-type']).startsWith('text/plain; version=0.0.4')) {
    throw new Error(`content type ${res.headers['content-type']}`)
  }
  return res.body
}

t.test('the deltas of a known sequence of calls', async (t) => {
  const app = await build(t, { journalLimit: 5 })
  const before = await scrape(app)
  t.match(before, /# TYPE process_cpu_seconds_total counter/, 'the usual process metrics')
  t.match(before, /# TYPE nodejs_eventloop_lag_seconds gauge/)

  await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' }) // 200
  await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' }) // 400
  await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO000000000' }) // 404
  await post(app, 'sendtest', { UserId: 'omailAccount1', TrackId: 'FOO261127001' }) // 200
  await post(
    app,
    'schedule',
    { UserId: 'omailAccount1', TrackId: 'FOO261127001', ScheduledDate: '[NOW]' }
  ) // 200, then due
  await lookup(app, 'FOO261127001') // 200: sends it
  await admin(app).fault({ action: 'status', status: 503, endpoint: 'search', times: 1 })
  await post(app, 'search', {}) // 503, faulted
  await post(app, 'cancel', {}, { appId: 'nope' }) // 403
  const after = await scrape(app)

  const delta = (name: string, labels: Record<string, string | number> = {}) =>
    sample(after, name, labels) - sample(before, name, labels)
  t.equal(delta('omeda_requests_total', { endpoint: 'cancel', status: 200, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'cancel', status: 400, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'cancel', status: 404, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'cancel', status: 403, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'sendtest', status: 200, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'schedule', status: 200, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'lookup', status: 200, fault: 'none' }), 1)
  t.equal(delta('omeda_requests_total', { endpoint: 'search', status: 503, fault: 'injected' }), 1)
  for (const kind of ['cancelled', 'tested', 'scheduled', 'sent']) {
    t.equal(delta('omeda_state_transitions_total', { kind }), 1, `one ${kind}`)
  }
  t.equal(delta('omeda_state_transitions_total', { kind: 'unscheduled' }), 0)
  t.equal(delta('omeda_request_duration_seconds_count', { endpoint: 'cancel' }), 4)
  t.equal(delta('omeda_deployments', { status: 'Cancelled' }), 1)
  t.equal(delta('omeda_deployments', { status: 'Scheduled' }), -1)
  t.equal(delta('omeda_deployments', { status: 'Sent' }), 1)
  t.equal(delta('omeda_deployments', { status: 'New' }), -1)
  t.equal(sample(after, 'omeda_journal_rows'), 5, 'the journal at its limit')
  t.equal(delta('omeda_journal_dropped_total'), 3, '8 submissions, 5 kept')
  t.equal(sample(after, 'omeda_event_consumers'), 0)
})

t.test('OMEDA_METRICS=false turns them off: no route, nothing counted', async (t) => {
  const app = await build(t, { metrics: false })
  await cancel(app, { UserId: 'omailAccount1', TrackId: 'FOO261124001' })
  t.equal((await app.inject({ method: 'GET', url: '/__admin/metrics' })).statusCode, 404)
})

t.test('behind the admin token when one is set', async (t) => {
  const app = await build(t, { adminToken: 'secret-token' })
  t.equal((await app.inject({ method: 'GET', url: '/__admin/metrics' })).statusCode, 401)
  const ok = await app.inject({
    method: 'GET',
    url: '/__admin/metrics',
    headers: { authorization: 'Bearer secret-token' }
  })
  t.equal(ok.statusCode, 200)
  t.notMatch(ok.body, 'secret-token')
})
