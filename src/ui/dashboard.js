// The dashboard: deployments, the live journal and the sandbox controls, all through the admin API.
// No framework and no build step. The event stream is read with fetch (so the admin token and the
// world's app id can be sent as headers) and parsed with eventsource-parser.
import { createParser } from './vendor/eventsource-parser/index.js'

const $ = (selector) => document.querySelector(selector)
const JOURNAL_KEEP = 10_000
const JOURNAL_SHOWN = 300
const CHANGES = new Set(['cancel', 'unschedule', 'schedule', 'sendtest'])
const ENDPOINTS = [...CHANGES, 'search', 'lookup']
const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const settings = {
  get world() { return sessionStorage.getItem('world') ?? '' },
  set world(value) { sessionStorage.setItem('world', value) },
  get token() { return sessionStorage.getItem('token') ?? '' },
  set token(value) { sessionStorage.setItem('token', value) },
}

function headers(extra = {}) {
  const h = { ...extra }
  if (settings.token) h.authorization = `Bearer ${settings.token}`
  if (settings.world) h['x-omeda-appid'] = settings.world
  return h
}

function showProblem(text) {
  $('#problem').textContent = text
  $('#problem').hidden = !text
}

/** An admin call; throws an Error whose `errors` are the emulator's messages. */
async function api(method, path, body) {
  const res = await fetch(`/__admin${path}`, {
    method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const json = await res.json()
  if (res.status === 401) showProblem('This emulator needs its admin token: type it in above.')
  if (!res.ok) throw Object.assign(new Error(`${res.status}`), { errors: (json.Errors ?? []).map((e) => e.Error) })
  return json
}

const report = (error) => showProblem(error.errors?.join(' ') || error.message)

// Deployments ---------------------------------------------------------------------------------

let deployments = []
let selected = null

async function loadDeployments() {
  deployments = (await api('GET', '/fixtures')).deployments
  for (const [select, values] of [['#brand-filter', deployments.map((d) => d.Brand)], ['#status-filter', deployments.map((d) => d.Status)]]) {
    const known = new Set([...$(select).options].map((o) => o.value))
    for (const value of [...new Set(values)].sort()) if (!known.has(value)) $(select).add(new Option(value, value))
  }
  renderDeployments()
  if (selected) await showDetail(selected.brand, selected.trackId)
}

function renderDeployments() {
  const brand = $('#brand-filter').value
  const status = $('#status-filter').value
  const text = $('#deployment-search').value.trim().toLowerCase()
  const shown = deployments.filter((d) => (!brand || d.Brand === brand) && (!status || d.Status === status)
    && (!text || [d.TrackId, d.DeploymentName, d.OwnerUserId].some((v) => String(v ?? '').toLowerCase().includes(text))))
  $('#deployment-count').textContent = `${shown.length} of ${deployments.length}`
  $('#deployments tbody').innerHTML = shown.map((d) => {
    const isSelected = selected && selected.brand === d.Brand && selected.trackId === d.TrackId
    return `<tr data-brand="${esc(d.Brand)}" data-trackid="${esc(d.TrackId)}"${isSelected ? ' class="selected"' : ''}>
      <td>${esc(d.Brand)}</td><td>${esc(d.TrackId)}</td><td>${esc(d.DeploymentName)}</td><td>${esc(d.OwnerUserId)}</td>
      <td>${esc(d.Status)}</td><td>${esc(d.ScheduledDate)}</td><td>${esc(d.SentDate)}</td></tr>`
  }).join('')
}

async function showDetail(brand, trackId) {
  selected = { brand, trackId }
  let view
  try {
    view = await api('GET', `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}/lookup`)
  } catch {
    selected = null
    $('#detail').hidden = true
    return
  }
  $('#detail').hidden = false
  $('#detail-title').textContent = `${brand} ${view.TrackId} — ${view.Status}`
  const fields = Object.entries(view).filter(([key]) => !['ModificationHistory', 'Splits'].includes(key))
  $('#detail-fields').innerHTML = fields.map(([key, value]) => `<tr><td>${esc(key)}</td><td>${esc(value)}</td></tr>`).join('')
  $('#detail-history tbody').innerHTML = view.ModificationHistory
    .map((e) => `<tr><td>${esc(e.ChangedDate)}</td><td>${esc(e.ChangeDescription)}</td><td>${esc(e.ChangedBy)}</td></tr>`).join('')
  renderDeployments()
}

// The journal -------------------------------------------------------------------------------------

let journal = []
const seen = new Set()
const opened = new Set()

function addSubmissions(submissions, { newest }) {
  const fresh = submissions.filter((s) => !seen.has(s.SubmissionId))
  for (const s of fresh) seen.add(s.SubmissionId)
  journal = newest ? [...fresh, ...journal] : [...journal, ...fresh]
  if (journal.length > JOURNAL_KEEP) for (const s of journal.splice(JOURNAL_KEEP)) seen.delete(s.SubmissionId)
  schedule(renderJournal)
}

function renderJournal() {
  const trackId = $('#journal-trackid').value.trim().toLowerCase()
  const status = $('#journal-status').value.trim()
  const endpoint = $('#journal-endpoint').value
  const matching = journal.filter((s) => (!trackId || (s.TrackId ?? '').toLowerCase().includes(trackId))
    && (!status || String(s.StatusCode).startsWith(status)) && (!endpoint || s.Endpoint === endpoint))
  $('#journal-count').textContent = `${matching.length} of ${journal.length}`
  const rows = matching.slice(0, JOURNAL_SHOWN).map((s) => {
    const row = `<tr data-id="${esc(s.SubmissionId)}"><td>${esc(s.ReceivedAt.slice(11, 23))}</td><td>${esc(s.Method)}</td>
      <td>${esc(s.Endpoint ?? s.Path)}</td><td class="s${String(s.StatusCode)[0]}">${esc(s.StatusCode)}</td><td>${esc(s.TrackId)}</td>
      <td>${esc(s.UserId)}</td><td>${s.FaultId === null ? '' : `#${esc(s.FaultId)}`}</td></tr>`
    if (!opened.has(s.SubmissionId)) return row
    return `${row}<tr><td colspan="7" class="body">${esc(`${s.Method} ${s.Path}\n${s.RequestBody ?? '(no body)'}\n\n→ ${s.StatusCode}\n${s.ResponseBody}`)}</td></tr>`
  })
  if (matching.length > JOURNAL_SHOWN) rows.push(`<tr><td colspan="7" class="more">${matching.length - JOURNAL_SHOWN} older not shown; filter to narrow</td></tr>`)
  $('#journal tbody').innerHTML = rows.join('')
}

// Rendering at most once a frame keeps a burst of events from stalling the page.
const pending = new Set()
function schedule(render) {
  if (pending.size === 0) requestAnimationFrame(() => { for (const r of [...pending]) r(); pending.clear() })
  pending.add(render)
}

let refreshTimer = null
function refreshDeploymentsSoon() {
  clearTimeout(refreshTimer)
  refreshTimer = setTimeout(() => loadDeployments().catch(report), 200)
}

// The live event stream ---------------------------------------------------------------------------

let stream = null
let lastEventId = null

async function connect() {
  stream?.abort()
  const controller = new AbortController()
  stream = controller
  $('#live').textContent = 'connecting…'
  $('#live').classList.remove('on')
  try {
    const res = await fetch('/__admin/events', {
      signal: controller.signal,
      headers: headers({ accept: 'text/event-stream', ...(lastEventId === null ? {} : { 'last-event-id': lastEventId }) }),
    })
    if (!res.ok) throw new Error(`the event stream answered ${res.status}`)
    $('#live').textContent = 'live'
    $('#live').classList.add('on')
    const parser = createParser({ onEvent: onEvent })
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      parser.feed(value)
    }
  } catch (error) {
    if (controller.signal.aborted) return
  }
  if (stream !== controller) return
  $('#live').textContent = 'reconnecting…'
  $('#live').classList.remove('on')
  setTimeout(() => { if (stream === controller) connect() }, 1000)
}

function onEvent(message) {
  const data = JSON.parse(message.data)
  if (message.event === 'submission') {
    lastEventId = message.id
    addSubmissions([data], { newest: true })
    // A fault that shaped the answer may have used up its last time.
    if (data.FaultId !== null) loadFaults().catch(report)
    if (data.StatusCode !== 0 && (CHANGES.has(data.Endpoint) || data.Endpoint === 'search' || data.Endpoint === 'lookup')) refreshDeploymentsSoon()
    return
  }
  if (data.type === 'fault-added' || data.type === 'fault-removed') loadFaults().catch(report)
  if (data.type === 'clock') showClock(data.clock)
  if (data.type === 'reset') {
    journal = []
    seen.clear()
    loadJournal().catch(report)
    loadFaults().catch(report)
    loadClock().catch(report)
  }
  refreshDeploymentsSoon()
}

async function loadJournal() {
  addSubmissions((await api('GET', '/submissions?limit=500')).submissions, { newest: false })
}

// Controls ----------------------------------------------------------------------------------------

function showClock(clock) {
  $('#clock-now').textContent = clock.now
  $('#clock-zone').textContent = `${clock.timeZone}${clock.offsetSeconds ? `, ${clock.offsetSeconds} s ahead of real time` : ''}`
}

async function loadClock() {
  showClock(await api('GET', '/clock'))
}

async function loadFaults() {
  const { faults } = await api('GET', '/faults')
  $('#faults').innerHTML = faults.length === 0 ? '<li><small>none</small></li>' : faults.map((f) => {
    const scope = [f.endpoint, f.brand, f.trackId, f.appScoped ? 'one app id' : null].filter(Boolean).join(', ') || 'every call'
    const what = `${f.action}${f.status ? ` ${f.status}` : ''}${f.delayMs !== undefined ? ` after ${f.delayMs} ms` : ''}`
    return `<li data-fault="${esc(f.id)}">#${esc(f.id)} ${esc(what)} — ${esc(scope)}, ${f.remaining === null ? 'until removed' : `${esc(f.remaining)} left`}
      <button type="button" data-remove="${esc(f.id)}">remove</button></li>`
  }).join('')
}

const numberOrUndefined = (selector) => ($(selector).value === '' ? undefined : Number($(selector).value))
const textOrUndefined = (selector) => ($(selector).value.trim() === '' ? undefined : $(selector).value.trim())

async function addFault(event) {
  event.preventDefault()
  const action = $('#fault-action').value
  const spec = {
    action,
    status: action.endsWith('status') ? numberOrUndefined('#fault-status') : undefined,
    delayMs: numberOrUndefined('#fault-delay'),
    times: numberOrUndefined('#fault-times'),
    endpoint: $('#fault-endpoint').value || undefined,
    brand: textOrUndefined('#fault-brand'),
    trackId: textOrUndefined('#fault-trackid'),
    errors: textOrUndefined('#fault-errors') === undefined ? undefined : [textOrUndefined('#fault-errors')],
  }
  await api('POST', '/faults', JSON.stringify(spec))
  await loadFaults()
}

async function loadFixtures(event) {
  event.preventDefault()
  $('#fixtures-problems').innerHTML = ''
  const file = $('#fixtures-file').files[0]
  const text = file ? await file.text() : $('#fixtures-text').value
  try {
    const loaded = await api('POST', '/fixtures', text)
    $('#fixtures-problems').innerHTML = `<li class="ok">Loaded ${esc(loaded.apps)} apps and ${esc(loaded.deployments)} deployments.</li>`
    $('#fixtures-file').value = ''
    await loadDeployments()
  } catch (error) {
    $('#fixtures-problems').innerHTML = (error.errors ?? [error.message]).map((p) => `<li>${esc(p)}</li>`).join('')
  }
}

async function exportFixtures() {
  const document_ = await api('GET', '/fixtures')
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([`${JSON.stringify(document_, null, 2)}\n`], { type: 'application/json' }))
  link.download = 'fixtures.json'
  link.click()
  URL.revokeObjectURL(link.href)
}

// Wiring ------------------------------------------------------------------------------------------

async function start() {
  showProblem('')
  journal = []
  seen.clear()
  selected = null
  $('#detail').hidden = true
  connect()
  await Promise.all([loadDeployments(), loadJournal(), loadFaults(), loadClock()])
}

const on = (selector, type, handler) => $(selector).addEventListener(type, (event) => Promise.resolve(handler(event)).catch(report))

for (const select of document.querySelectorAll('select.endpoints')) for (const endpoint of ENDPOINTS) select.add(new Option(endpoint, endpoint))
$('#world').value = settings.world
$('#token').value = settings.token
on('#world', 'change', () => { settings.world = $('#world').value.trim(); lastEventId = null; return start() })
on('#token', 'change', () => { settings.token = $('#token').value; return start() })
for (const id of ['#brand-filter', '#status-filter', '#deployment-search']) on(id, 'input', renderDeployments)
for (const id of ['#journal-trackid', '#journal-status', '#journal-endpoint']) on(id, 'input', () => schedule(renderJournal))
on('#deployments tbody', 'click', (event) => {
  const row = event.target.closest('tr[data-trackid]')
  if (row) return showDetail(row.dataset.brand, row.dataset.trackid)
})
on('#journal tbody', 'click', (event) => {
  const row = event.target.closest('tr[data-id]')
  if (!row) return
  if (opened.has(row.dataset.id)) opened.delete(row.dataset.id)
  else opened.add(row.dataset.id)
  renderJournal()
})
on('#reset', 'click', async () => { await api('POST', '/reset'); await start() })
on('#export', 'click', exportFixtures)
on('#clock-set', 'submit', async (event) => { event.preventDefault(); showClock(await api('POST', '/clock', { now: $('#clock-date').value.trim() })) })
on('#clock-offset', 'submit', async (event) => { event.preventDefault(); showClock(await api('POST', '/clock', { offsetSeconds: Number($('#clock-seconds').value) })) })
on('#clock-reset', 'click', async () => showClock(await api('DELETE', '/clock')))
on('#fault-form', 'submit', addFault)
on('#faults', 'click', async (event) => {
  const id = event.target.dataset?.remove
  if (id) { await api('DELETE', `/faults/${id}`); await loadFaults() }
})
on('#fixtures-form', 'submit', loadFixtures)

start().catch(report)
