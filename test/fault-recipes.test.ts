// The recipes of docs/faults.md as users and their clients meet them. Each curl block of the page
// gets the answers it shows; each fault, registered as the page writes it, is met by requests sent
// the way the public clients send them (the JavaScript client, the Symfony bundle, the WordPress
// connector), over a real socket where the failure is on the wire, and read the way each reads them.
import t from 'tap'
import type { Test } from 'tap'
import { request } from 'node:http'
import { connect } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AdminClient } from '../src/client.js'
import { DEFAULT_FIXTURES } from '../src/config.js'
import type { FaultSpec } from '../src/contract/admin.js'
import type { VendorErrorBody } from '../src/contract/omeda.js'
import { build, listening, ROOT } from './helpers.js'
import { headerBag } from './raw-http.js'
import { run } from './spawn.mjs'

const page = readFileSync(join(ROOT, 'docs', 'faults.md'), 'utf8')
const APP_ID = 'sandbox-app-id'
const BRAND = '/webservices/rest/brand/FOO/'
const JS_HEADERS = {
  'x-omeda-appid': APP_ID,
  'user-agent': '@parameter1/omeda-api-client v0.7.0 (+https://github.com/parameter1/omeda/tree/main/packages/api-client#readme)',
}

/** A part of the page: from its heading to the next heading of its level or above. */
function section(heading: string): string {
  const start = page.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`docs/faults.md has no heading '${heading}'`)
  const rest = page.slice(start + heading.length + 2)
  const next = rest.search(new RegExp(`\\n#{2,${heading.indexOf(' ')}} `))
  return next < 0 ? rest : rest.slice(0, next)
}
/** The faults a part of the page registers, as its curl sends them. */
const faultsIn = (text: string): FaultSpec[] =>
  [...text.matchAll(/-d '(\{[^']*\})' \$A\/faults/g)].map((m) => JSON.parse(m[1]!) as FaultSpec)
/** A JSON body the page keeps in a shell variable (`create='{…}'`). */
function bodyIn(text: string, name: string): Record<string, unknown> {
  const found = new RegExp(`^${name}='(.*)'$`, 'm').exec(text)?.[1]
  if (found === undefined) throw new Error(`no ${name}= in the recipe`)
  return JSON.parse(found) as Record<string, unknown>
}
const sameSubmissionIds = (text: string) => text.replace(/"SubmissionId":"[0-9A-F-]{36}"/g, '"SubmissionId":"…"')

/** What `npm start` serves, its lookup Urls under the origin the page shows. */
async function emulator(t: Test) {
  const { url, port } = await listening(t, { fixtures: [DEFAULT_FIXTURES], origin: 'http://127.0.0.1:3000' })
  const admin = new AdminClient({ baseUrl: url })
  return { url, port, admin, named: async (name: string) => (await admin.fixtures()).deployments
    .filter((d) => d.DeploymentName === name) }
}

// The JavaScript client (parameter1's api-client): its request() and parseResponseBody(), in shape.
class JsClientError extends Error {
  constructor(readonly status: number, readonly kind: 'json' | 'text', readonly body: unknown) {
    super(`HTTP ${status}`)
  }
}
async function jsClient(url: string, endpoint: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url + BRAND + endpoint, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? JS_HEADERS : { ...JS_HEADERS, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  let kind: 'json' | 'text'
  let read: unknown = text
  if (/^application\/json/i.test(type)) {
    kind = 'json'
    read = JSON.parse(text)
  } else if (/^text\//i.test(type)) {
    kind = 'text'
  } else {
    throw new TypeError(`not a type it reads: ${type}`)
  }
  if (res.ok) return read
  throw new JsClientError(res.status, kind, read)
}

// The WordPress connector (jtstogner's): send_request() with its headers, its 2xx and error reading.
class OmedaApiError extends Error {
  constructor(readonly status: number, readonly summary: string, readonly responseBody: unknown) { super(summary) }
}
async function wordpress(url: string, endpoint: string, method = 'GET', payload?: unknown): Promise<unknown> {
  const body = payload === undefined ? undefined : JSON.stringify(payload).replace(/\//g, '\\/')
  let status: number
  let text: string
  try {
    const res = await fetch(url + BRAND + endpoint, {
      method,
      headers: { 'x-omeda-appid': APP_ID, 'User-Agent': 'Omeda_WP_Integration/1.13.1',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json;charset=utf-8' }) },
      ...(body === undefined ? {} : { body }),
    })
    status = res.status
    text = await res.text()
  } catch (error) {
    throw new Error(`WordPress HTTP Error: ${(error as Error).message}`)
  }
  const decoded = phpJsonDecode(text)
  if (status >= 200 && status < 300) return decoded ?? text
  const error = (decoded as Partial<VendorErrorBody> | null)?.Errors?.[0]?.Error
  throw new OmedaApiError(status, `Omeda API Error (HTTP ${status})${error === undefined ? '' : `: ${error}`}`,
    decoded ?? text)
}
/** Its step 1: create, then the top-level TrackId or a failure. */
async function wordpressCreate(url: string, deployment: unknown): Promise<string> {
  const created = await wordpress(url, 'omail/deployment/*', 'POST', deployment) as { TrackId?: unknown }
  if (typeof created.TrackId !== 'string') throw new Error('Failed to retrieve TrackId after creating deployment.')
  return created.TrackId
}

/** PHP's json_decode: the value, or null for anything that is not JSON. */
function phpJsonDecode(text: string): unknown {
  try { return JSON.parse(text) } catch { return null }
}

/** What a client sees on the wire: the head, each piece of the body and when, and how the connection ended. */
interface Wire { status: number; head: string; length: number; body: Buffer; pieces: number[]; ending: string }

/**
 * One exchange as the Symfony bundle's libcurl makes it (its padded header bag, Accept, Content-Length),
 * on a raw socket, read until the server ends the connection: 'closed' (FIN) or the socket's error code.
 */
function bundle(port: number, method: string, endpoint: string, body = ''): Promise<Wire> {
  const socket = connect(port, '127.0.0.1')
  const started = performance.now()
  const pieces: number[] = []
  let received = Buffer.alloc(0)
  let error: string | undefined
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
    pieces.push(performance.now() - started)
    // A whole answer: the connection is the client's to close, as libcurl does when done with it.
    const end = received.indexOf('\r\n\r\n')
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, end).toString())?.[1] ?? NaN)
    if (end >= 0 && received.length >= end + 4 + length) socket.end()
  })
  socket.on('error', (e: NodeJS.ErrnoException) => { error = e.code })
  socket.write([`${method} ${BRAND}${endpoint} HTTP/1.1`, 'Accept: */*',
    ...headerBag({ host: `127.0.0.1:${port}`, 'x-omeda-appid': APP_ID, 'x-omeda-inputid': 'INPUT123',
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) }),
    ...(method === 'GET' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]), '', body].join('\r\n'))
  return new Promise((resolve) => socket.on('close', () => {
    const end = received.indexOf('\r\n\r\n')
    const head = received.subarray(0, Math.max(0, end)).toString()
    resolve({ status: Number(head.slice(9, 12)), head, length: Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]),
      body: received.subarray(end + 4), pieces, ending: error ?? 'closed' })
  }))
}

/** One exchange through Node's HTTP client (which node-fetch, under the JavaScript client, uses). */
function nodeHttp(url: string, endpoint: string, body?: unknown): Promise<Omit<Wire, 'head'>> {
  const started = performance.now()
  return new Promise((resolve) => {
    const pieces: number[] = []
    const chunks: Buffer[] = []
    let status = 0
    let length = 0
    const done = (ending: string) => resolve({ status, length, body: Buffer.concat(chunks), pieces, ending })
    const req = request(url + BRAND + endpoint, {
      method: body === undefined ? 'GET' : 'POST', headers: { ...JS_HEADERS, 'content-type': 'application/json' },
    }, (res) => {
      status = res.statusCode ?? 0
      length = Number(res.headers['content-length'])
      res.on('data', (chunk: Buffer) => { chunks.push(chunk); pieces.push(performance.now() - started) })
      res.on('end', () => done('complete'))
      res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message))
    })
    req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message))
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

t.test('each curl block of the recipes gets the answers the page shows', async (t) => {
  const recipes = page.slice(page.indexOf('\n## Recipes\n'))
  const [prelude, ...blocks] = [...recipes.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
  t.match(prelude, /^A=http:\/\/127\.0\.0\.1:3000\/__admin$/m, 'the first block sets the variables')
  const shown = blocks.filter((block) => block.includes('\n#> '))
  t.equal(shown.length, 8, 'every recipe shows what curl gets')
  for (const [i, block] of shown.entries()) {
    await t.test(`block ${i + 1}: ${faultsIn(block).map((f) => f.action).join(', ')}`, async (t) => {
      const { url } = await emulator(t)
      const script = `${prelude}${block}`.split('\n').filter((line) => !line.startsWith('#')).join('\n')
        .replaceAll('http://127.0.0.1:3000', url)
      const result = await run(['bash', '-uc', script], { timeoutMs: 60_000 })
      t.equal(result.stderr, '')
      t.same(sameSubmissionIds(result.stdout).trimEnd().split('\n'),
        block.split('\n').filter((line) => line.startsWith('#> ')).map((line) => line.slice(3)))
    })
  }
})

t.test('a fault the page shows refused is refused with the words it shows', async (t) => {
  const app = await build(t)
  const shown = section('## Registering a fault')
  const [, spec, answer] = /-d '(\{[^']*\})' http:\/\/127\.0\.0\.1:3000\/__admin\/faults\n(.*)\n/.exec(shown) ?? []
  const res = await app.inject({ method: 'POST', url: '/__admin/faults', payload: JSON.parse(spec!) as object })
  t.equal(res.statusCode, 400)
  t.equal(sameSubmissionIds(res.body), answer)
})

t.test("a proxy's error page: the JavaScript client reads it as text and throws; " +
  'the PHP clients find no JSON in it', async (t) => {
  const { url, port, admin } = await emulator(t)
  const recipe = section("### A proxy's error page")
  const [fault] = faultsIn(recipe)
  const html = /```html\n([\s\S]*?)```/.exec(recipe)![1]!.replaceAll('\n', '\r\n')
  await admin.fault(fault!)
  const thrown = await jsClient(url, 'omail/deployment/lookup/FOO261124001/*').catch((e: unknown) => e)
  t.ok(thrown instanceof JsClientError, 'text/html passes its type rule, and a 502 throws')
  t.match(thrown, { status: 502, kind: 'text' })
  t.equal((thrown as JsClientError).body, html, 'carrying the page the docs show')
  await admin.fault(fault!)
  await t.rejects(wordpress(url, 'omail/deployment/lookup/FOO261124001/*'),
    { message: 'Omeda API Error (HTTP 502)', responseBody: html }, 'the connector: no Errors[0].Error to add')
  await admin.fault(fault!)
  const raw = await bundle(port, 'GET', 'omail/deployment/lookup/FOO261124001/*')
  t.match(raw, { status: 502, head: /\r\ncontent-type: text\/html\r\n/i, ending: 'closed' })
  t.equal(phpJsonDecode(raw.body.toString()), null, "the bundle's caller: json_decode gives null")
})

t.test('a rate limit: Errors[0].Error and Retry-After reach each client; the call changed nothing', async (t) => {
  const { url, port, admin } = await emulator(t)
  const recipe = section('### A rate limit with Retry-After')
  const [fault] = faultsIn(recipe)
  const schedule = bodyIn(recipe, 'schedule')
  await admin.fault(fault!)
  await t.rejects(wordpress(url, 'omail/deployment/schedule/*', 'POST', schedule), {
    message: 'Omeda API Error (HTTP 429): Rate limit exceeded (injected by the emulator). Retry after 30.',
  })
  t.match(await admin.deployment('FOO', 'FOO261127005'), { Status: 'New' }, 'not scheduled')
  await admin.fault(fault!)
  const raw = await bundle(port, 'POST', 'omail/deployment/schedule/*', JSON.stringify(schedule))
  t.match(raw, { status: 429, head: /\r\nretry-after: 30\r\n/i })
  t.match(phpJsonDecode(raw.body.toString()), { Errors: [{ Error: /^Rate limit exceeded/ }] })
  await admin.fault({ ...fault!, endpoint: 'search' })
  t.match(await jsClient(url, 'omail/deployment/search/*', { NumResults: 50 }).catch((e: unknown) => e),
    { status: 429, kind: 'json', body: { Errors: [{ Error: /Retry after 30\.$/ }] } },
    'the JavaScript client, on search')
  t.match(await wordpress(url, 'omail/deployment/schedule/*', 'POST', schedule),
    { ResponseInfo: [{ TrackId: 'FOO261127005' }] }, 'the retry succeeds')
})

t.test('cut-off JSON, applied: the head promises more, the connection closes, the deployment exists; ' +
  "the connector's retry makes a second", async (t) => {
  const { url, port, admin, named } = await emulator(t)
  const recipe = section('### Cut-off JSON')
  const [applied] = faultsIn(recipe)
  const create = bodyIn(recipe, 'create')
  await admin.fault(applied!)
  const raw = await bundle(port, 'POST', 'omail/deployment/*', JSON.stringify(create))
  t.match(raw, { status: 200, ending: 'closed' }, 'a clean close (FIN) after the head')
  t.equal(raw.body.length, applied!.bytes, `the first ${applied!.bytes} bytes`)
  t.ok(raw.length > raw.body.length, `Content-Length ${raw.length} promised the whole body`)
  t.equal(raw.body.toString(), '{"ResponseInfo":[', 'as the docs show')
  t.equal(phpJsonDecode(raw.body.toString()), null, 'json_decode of the cut body fails')
  t.equal((await named('Spring launch')).length, 1, 'and yet the deployment was created')

  await admin.fault(applied!)
  const step1 = await wordpressCreate(url, create).catch((e: unknown) => e)
  t.match(step1, { message: /^WordPress HTTP Error: / }, "the connector's transport fails reading the body")
  t.match(await wordpressCreate(url, create), /^FOO\d{9}$/, 'its retry succeeds…')
  t.equal((await named('Spring launch')).length, 3, '…and makes one more deployment than it meant to')
})

t.test('cut-off JSON, not applied: a cut 503 error, and nothing created', async (t) => {
  const { port, admin, named } = await emulator(t)
  const recipe = section('### Cut-off JSON')
  const [, notApplied] = faultsIn(recipe)
  t.equal(notApplied?.apply, false)
  await admin.fault(notApplied!)
  const raw = await bundle(port, 'POST', 'omail/deployment/*', JSON.stringify(bodyIn(recipe, 'create')))
  t.match(raw, { status: 503, ending: 'closed' })
  t.equal(raw.body.toString(), '{"Errors":[{"Error":', `the first ${notApplied!.bytes} bytes of the error`)
  t.ok(raw.length > raw.body.length)
  t.equal(phpJsonDecode(raw.body.toString()), null)
  t.same(await named('Spring launch'), [], 'nothing was created')
})

t.test('a connection reset: ECONNRESET, the cancel done, and a retry told it was', async (t) => {
  const { url, port, admin } = await emulator(t)
  const recipe = section('### A connection reset')
  const [fault] = faultsIn(recipe)
  const cancel = JSON.stringify(bodyIn(recipe, 'cancel'))
  await admin.fault(fault!)
  // libcurl itself (the curl tool's, as PHP's): a reset is told from a clean close, whenever it comes.
  const curl = await run(['curl', '-sS', '-o', '/dev/null', '-H', `X-Omeda-Appid:   ${APP_ID}`,
    '-H', 'X-Omeda-Inputid: INPUT123', '-H', 'Content-Type:    application/json', '--data-binary', cancel,
    `${url}${BRAND}omail/deployment/cancel/*`])
  t.match(curl, { code: 56, stderr: 'curl: (56) Recv failure: Connection reset by peer\n' },
    "the bundle's libcurl meets a reset")
  t.match(await admin.deployment('FOO', 'FOO261124001'), { Status: 'Cancelled' }, 'the cancel took effect')
  const retry = await bundle(port, 'POST', 'omail/deployment/cancel/*', cancel)
  t.equal(retry.status, 400)
  t.match(phpJsonDecode(retry.body.toString()), {
    Errors: [{ Error: "Deployment 'FOO261124001' has been previously cancelled." }],
  }, 'the retry: previously cancelled')
  await admin.fault({ ...fault!, endpoint: 'lookup' })
  t.match(await nodeHttp(url, 'omail/deployment/lookup/FOO261124001/*'), { ending: 'ECONNRESET' },
    "Node's HTTP client (under the JavaScript client) reports ECONNRESET")
})

t.test('a slow body: the head at once, the body spread over the duration, whole in the end', async (t) => {
  const { url, admin } = await emulator(t)
  const recipe = section('### A slow body')
  const [fault] = faultsIn(recipe)
  const whole = await jsClient(url, 'omail/deployment/search/*', { NumResults: 50 })
  await admin.fault(fault!)
  const slow = await nodeHttp(url, 'omail/deployment/search/*', { NumResults: 50 })
  const { durationMs = 0, chunks = 0 } = fault!
  t.match(slow, { status: 200, ending: 'complete' })
  t.equal(slow.body.length, slow.length, 'every byte came')
  t.ok(slow.pieces.length >= 3, `in ${slow.pieces.length} pieces`)
  t.ok(slow.pieces.at(-1)! >= durationMs, `the last came ${Math.round(slow.pieces.at(-1)!)} ms after the request`)
  t.ok(slow.pieces.at(-1)! - slow.pieces[0]! >= durationMs / chunks,
    `the first ${Math.round(slow.pieces[0]!)} ms after it, well before the last`)
  t.same(JSON.parse(slow.body.toString()).Deployments, (whole as { Deployments: unknown }).Deployments,
    'the JavaScript client, which sets no timeout, reads the whole answer')
  await t.rejects(fetch(url + BRAND + 'omail/deployment/search/*', {
    method: 'POST', headers: { ...JS_HEADERS, 'content-type': 'application/json' },
    body: '{"NumResults":50}', signal: AbortSignal.timeout(durationMs / 3),
  }).then((res) => res.text()), { name: 'TimeoutError' }, 'a caller that allows less gives up halfway')
})

t.test('a flaky failure with a seed: the same calls fail on every run, as the page lists them', async (t) => {
  const { url, admin } = await emulator(t)
  const recipe = section('### A flaky failure, one call in twenty, reproducible')
  const [fault] = faultsIn(recipe)
  const listed = [...recipe.matchAll(/^#> call (\d+): 503$/gm)].map((m) => Number(m[1]))
  t.same(listed.length, 5)
  const lookups = async (from: number) => {
    const failed: number[] = []
    for (let call = from; call <= 100; call++) {
      const thrown = await jsClient(url, 'omail/deployment/lookup/FOO261124001/*').catch((e: unknown) => e)
      if (thrown instanceof JsClientError) failed.push(call)
      else t.equal((thrown as { TrackId?: string }).TrackId, 'FOO261124001')
    }
    return failed
  }
  const first = await admin.fault(fault!)
  t.same(await lookups(1), listed, 'the calls the page lists fail, through the JavaScript client')
  const journal = await admin.submissions({ endpoint: 'lookup', limit: 1000 })
  t.equal(journal.filter((s) => s.FaultId === first.id && s.StatusCode === 503).length, 5)
  t.equal(journal.filter((s) => s.SkippedFaultId === first.id && s.StatusCode === 200).length, 95)

  await admin.clearFaults()
  await admin.fault(fault!)
  const readiness = async () => {
    try {
      return await wordpress(url, 'omail/deployment/lookup/FOO261124001/*')
    } catch (error) {
      if (error instanceof OmedaApiError && error.status === 404) return null
      throw error
    }
  }
  for (let call = 1; call < listed[0]!; call++) t.ok(await readiness(), `call ${call} passes`)
  await t.rejects(readiness(), { message: 'Omeda API Error (HTTP 503): Fault injected by the emulator: HTTP 503.' },
    `registered again, call ${listed[0]} fails again: the connector's readiness check throws`)
  t.same(await lookups(listed[0]! + 1), listed.slice(1), 'and so do the others')
})

t.test('answers of your own: a create without the top-level TrackId, a type the JavaScript client refuses',
  async (t) => {
    const { url, port, admin, named } = await emulator(t)
    const recipe = section('### Answers of your own')
    const [create, xml] = faultsIn(recipe)
    const body = bodyIn(recipe, 'create')
    await admin.fault(create!)
    await t.rejects(wordpressCreate(url, body), { message: 'Failed to retrieve TrackId after creating deployment.' })
    await admin.fault(create!)
    const raw = await bundle(port, 'POST', 'omail/deployment/*', JSON.stringify(body))
    t.match(phpJsonDecode(raw.body.toString()), { ResponseInfo: [{ TrackId: 'FOO261201001' }] },
      "the bundle's caller finds it in ResponseInfo")
    t.same(await named('Spring launch'), [], 'a respond fault answers in the call\'s stead: nothing was created')
    await admin.fault(xml!)
    await t.rejects(jsClient(url, 'omail/deployment/lookup/FOO261124001/*'),
      { name: 'TypeError', message: 'not a type it reads: application/xml' }, 'refused before its status is read')
    await admin.fault({ ...xml!, contentType: 'text/xml' })
    t.match(await jsClient(url, 'omail/deployment/lookup/FOO261124001/*').catch((e: unknown) => e),
      { status: 500, kind: 'text', body: '<Error>Internal error</Error>' }, 'text/xml passes as text and throws')
  })

t.test('faults in fixture files: in place from the start and after a reset of everything; ' +
  'a wrong one is one line naming the file', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'fault-fixtures-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const declared = join(folder, 'faults.json')
  writeFileSync(declared, /```json\n([\s\S]*?)```/.exec(section('## Faults in fixture files'))![1]!)
  const { url } = await listening(t, { fixtures: [DEFAULT_FIXTURES, declared] })
  const admin = new AdminClient({ baseUrl: url })
  t.match(await admin.faults(), [{ action: 'gateway', status: 504 }, { action: 'status', seed: 1 }])
  const lookup = () => fetch(`${url}${BRAND}omail/deployment/lookup/FOO261124001/*`, { headers: JS_HEADERS })
  t.equal((await lookup()).status, 504)
  await admin.clearFaults()
  t.equal((await lookup()).status, 200)
  await admin.reset()
  t.equal((await admin.faults()).length, 2, 'a reset puts them back')
  t.equal((await lookup()).status, 504)

  const shownLine = /^ {2}\/qa\/faults\.json: (.*)$/m.exec(section('## Faults in fixture files'))![1]!
  const wrong = join(folder, 'wrong.json')
  writeFileSync(wrong, JSON.stringify({ apps: [], deployments: [],
    faults: [{ action: 'gateway', status: 302 }] }))
  await t.rejects(build(t, { fixtures: [DEFAULT_FIXTURES, wrong] }), { message: `${wrong}: ${shownLine}` })

  const inFixturesPage = join(folder, 'fixtures-page.json')
  const fixturesPage = readFileSync(join(ROOT, 'docs', 'fixtures.md'), 'utf8')
  writeFileSync(inFixturesPage, /### Faults[\s\S]*?```json\n([\s\S]*?)```/.exec(fixturesPage)![1]!)
  const other = new AdminClient({ baseUrl: (await listening(t, { fixtures: [DEFAULT_FIXTURES, inFixturesPage] })).url })
  t.match(await other.faults(), [{ action: 'rate-limit', retryAfter: 30, endpoint: 'schedule', remaining: 1 }],
    "docs/fixtures.md's example loads as it says")
})
