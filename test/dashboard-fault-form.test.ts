// The dashboard's fault form against the admin API (the form in a browser is
// test/browser/dashboard-faults.spec.ts): its table offers every action with the fields the API
// takes for it, what it builds is what the API takes, and the API's refusals read in its labels.
import t from 'tap'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { FaultSpec } from '../src/contract/admin.js'
import { FAULT_ACTIONS, FaultEffectFields } from '../src/contract/faults.js'
import { build, errorsOf, ROOT } from './helpers.js'

/** What src/ui/fault-fields.js exports (a browser module, without types of its own). */
interface FormTable {
  ACTIONS: Record<string, { takes: string[]; unapplied?: string[] }>
  FIELDS: Record<string, { label: string; id: string }>
  shownFields: (action: string, applied: boolean) => string[]
  faultSpec: (action: string, read: (name: string) => string | boolean) => {
    spec: Record<string, unknown>
    problems: string[]
  }
  inFormWords: (text: string) => string
}
const ui = await import(pathToFileURL(join(ROOT, 'src/ui/fault-fields.js')).href) as FormTable

/** A value the API takes for each field of a fault's effect. */
const SAMPLE: Record<string, unknown> = {
  status: 503, errors: ['x'], body: 'x', contentType: 'text/plain', headers: { 'X-Sample': '1' }, retryAfter: 5,
  bytes: 1, apply: true, durationMs: 10, chunks: 2, delayMs: 1, delayMaxMs: 2, delayP99Ms: 2, probability: 0.5,
  seed: 1,
}
const EFFECT = Object.keys(FaultEffectFields).filter((field) => field !== 'action')

t.test('the form offers every action, each with the fields the admin API takes for it, ' +
  'and labels them all', async (t) => {
  t.same(Object.keys(ui.ACTIONS).sort(), [...FAULT_ACTIONS].sort(), 'every action, and no other')
  t.same(Object.keys(SAMPLE).sort(), [...EFFECT].sort(), 'a sample for every field of an effect')
  const specFields = Object.keys(FaultSpec.properties)
  t.same(Object.keys(ui.FIELDS).filter((field) => !specFields.includes(field)), [], 'the form sends no other field')
  t.same(EFFECT.filter((field) => ui.FIELDS[field] === undefined), [], 'a label for every field of an effect')
  const app = await build(t)
  for (const action of FAULT_ACTIONS) {
    for (const applied of ui.ACTIONS[action]!.unapplied === undefined ? [true] : [true, false]) {
      const shown = new Set(ui.shownFields(action, applied))
      for (const field of EFFECT) {
        if (!applied && field === 'apply') continue
        const spec = { action, ...(applied ? {} : { apply: false }), [field]: SAMPLE[field] }
        const res = await app.inject({ method: 'POST', url: '/__admin/faults', payload: spec })
        const ignored = res.statusCode === 400 &&
          errorsOf(res).some((e) => e.startsWith(`body/${field}: does nothing for a '${action}' fault`))
        t.equal(shown.has(field), !ignored, `${action}${applied ? '' : ' (apply off)'}: ${field} ` +
          `${ignored ? 'is not taken, nor shown' : 'is taken, and shown'}`)
      }
    }
  }
})

t.test('what the form builds is what the API takes, and only the fields the action takes', async (t) => {
  const app = await build(t)
  const typed: Record<string, string | boolean> = {
    status: '418', body: '{"teapot":true}', contentType: 'application/json', apply: false, errors: 'not sent',
    headers: 'X-One: 1\r\nX-Two:two words \n\n', retryAfter: 'Sun, 06 Dec 2026 08:00:00 GMT', delayMs: ' 5 ',
    delayMaxMs: '10', probability: '0.25', seed: '3', times: '2', endpoint: 'lookup', brand: 'FOO', trackId: '',
  }
  const { spec, problems } = ui.faultSpec('respond', (name) => typed[name] ?? '')
  t.same(problems, [])
  t.same(spec, {
    action: 'respond', status: 418, body: '{"teapot":true}', contentType: 'application/json',
    headers: { 'X-One': '1', 'X-Two': 'two words' }, delayMs: 5, delayMaxMs: 10, probability: 0.25, seed: 3,
    times: 2, endpoint: 'lookup', brand: 'FOO',
  })
  const res = await app.inject({ method: 'POST', url: '/__admin/faults', payload: spec })
  t.equal(res.statusCode, 201, res.body)
  const limited = ui.faultSpec('rate-limit', (name) => typed[name] ?? '')
  t.same(limited.spec.retryAfter, 'Sun, 06 Dec 2026 08:00:00 GMT', 'an HTTP date stays a date')
  t.same(ui.faultSpec('rate-limit', (name) => (name === 'retryAfter' ? ' 30 ' : '')).spec, {
    action: 'rate-limit', retryAfter: 30,
  }, 'seconds are a number')
  t.same(ui.faultSpec('slow-body', (name) => (name === 'durationMs' ? 'soon' : '')).problems,
    ["duration ms: must be a number, but 'soon' was given"], 'what is not a number never reaches the API')
})

t.test("the API's refusals read in the form's labels, never in its field names", async (t) => {
  const app = await build(t)
  const renamed = Object.entries(ui.FIELDS).filter(([name, { label }]) => name !== label).map(([name]) => name)
  const seen: string[] = []
  for (const spec of [
    { action: 'slow-body', durationMs: 0, chunks: 1 },
    { action: 'status', delayMaxMs: 5 },
    { action: 'status', delayMs: 10, delayP99Ms: 5 },
    { action: 'gateway', seed: 2 },
    { action: 'respond', status: 204, body: 'x', contentType: 'no', headers: { 'Content-Type': 'x' } },
    { action: 'rate-limit', retryAfter: 'soon' },
    { action: 'rate-limit', trackId: '' },
    { action: 'truncate', status: 503, bytes: -1 },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/__admin/faults', payload: spec })
    t.equal(res.statusCode, 400, JSON.stringify(spec))
    for (const text of errorsOf(res).map(ui.inFormWords)) {
      seen.push(text)
      t.notMatch(text, /^body\//, `no API path: ${text}`)
      for (const name of renamed) t.notMatch(text, new RegExp(`\\b${name}\\b`), `no '${name}': ${text}`)
    }
  }
  for (const line of [
    'duration ms: must be at least 1, but 0 was given',
    "This fault needs 'delay ms' ('delay max ms' is the top of a random wait that starts at 'delay ms').",
    'delay p99 ms: must not be less than delay ms (10)',
    "seed: does nothing without 'probability' or a random wait (delay max ms, delay p99 ms)",
    "headers (Content-Type): is not set by a fault: give it as 'content type'",
    "content type: must be a media type such as 'text/html; charset=utf-8', on one line",
    'retry-after: must be seconds (at most 31536000) or an HTTP date such as Sun, 06 Dec 2026 08:00:00 GMT',
    'TrackId: must not be empty',
  ]) t.ok(seen.includes(line), line)
  t.equal(ui.inFormWords('body/errors/1: must be a string, but 2 was given'),
    'errors (line 2): must be a string, but 2 was given', "an error's line, counted from 1")
})
