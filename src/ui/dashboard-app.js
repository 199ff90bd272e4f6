// The dashboard: deployments, the live journal and the sandbox controls, all through the admin API.
// No framework and no build step. The event stream is read with fetch (so the admin token and the
// world's app id can be sent as headers) and parsed with eventsource-parser.
import { createParser } from './vendor/eventsource-parser/index.js'
import { isEndpoint, loadClock, loadEndpoints, showClock, wireControls } from './controls.js'
import { esc, fieldText } from './display-format.js'
import { loadFaults } from './fault-form.js'
import { addSubmissions, clearJournal, loadJournal, wireJournal } from './journal-view.js'
import { addOutboxEntry, clearOutbox, loadOutbox, wireOutbox } from './outbox-view.js'
import { showSends } from './sends-view.js'
import { $, act, api, background, clickOnKey, headers, on, renderRows, report, settings, showProblem } from './page.js'

// Deployments ---------------------------------------------------------------------------------

let deployments = []
let selected = null

// The selection is in the URL (#deployment=BRAND/TRACKID), so that a link shows the same deployment.
function selectionInUrl() {
  const match = /^#deployment=([^/]+)\/(.+)$/.exec(location.hash)
  try {
    return match ? { brand: decodeURIComponent(match[1]), trackId: decodeURIComponent(match[2]) } : null
  } catch {
    return null
  }
}

function putSelectionInUrl() {
  const hash = selected
    ? `#deployment=${encodeURIComponent(selected.brand)}/${encodeURIComponent(selected.trackId)}`
    : ''
  if (location.hash !== hash) history.replaceState(null, '', hash || `${location.pathname}${location.search}`)
}

async function loadDeployments() {
  deployments = (await api('GET', '/fixtures')).deployments
  for (const [select, values] of [
    ['#brand-filter', deployments.map((d) => d.Brand)],
    ['#status-filter', deployments.map((d) => d.Status)]
  ]) {
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
  const shown = deployments.filter((d) => (!brand || d.Brand === brand) && (!status || d.Status === status) &&
    (!text || [d.TrackId, d.DeploymentName, d.OwnerUserId].some((v) => String(v ?? '').toLowerCase().includes(text))))
  $('#deployment-count').textContent = `${shown.length} of ${deployments.length}`
  renderRows($('#deployments tbody'), shown.map((d) => {
    const isSelected = selected !== null && selected.brand === d.Brand && selected.trackId === d.TrackId
    const attributes = `tabindex="0" aria-selected="${isSelected}" data-brand="${esc(d.Brand)}" ` +
      `data-trackid="${esc(d.TrackId)}"${isSelected ? ' class="selected"' : ''}`
    return `<tr ${attributes}>
      <td>${esc(d.Brand)}</td><td>${esc(d.TrackId)}</td>
      <td class="wraps">${esc(d.DeploymentName)}</td><td>${esc(d.OwnerUserId)}</td><td>${esc(d.Status)}</td>
      <td class="wraps">${esc(d.ScheduledDate)}</td><td class="wraps">${esc(d.SentDate)}</td></tr>`
  }).join(''), (row) => `${row.dataset.brand}/${row.dataset.trackid}`)
}

async function showDetail(brand, trackId) {
  selected = { brand, trackId }
  putSelectionInUrl()
  let view
  try {
    view = await api('GET', `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}/lookup`)
  } catch (error) {
    $('#detail').hidden = true
    // A link to a deployment this world does not have: say so, and drop it from the URL.
    if (error.status === 404) {
      selected = null
      putSelectionInUrl()
      renderDeployments()
    }
    throw error
  }
  $('#detail').hidden = false
  $('#detail-title').textContent = `${brand} ${view.TrackId} — ${view.Status}`
  const fields = Object.entries(view).filter(([key]) => !['ModificationHistory', 'Splits'].includes(key))
  $('#detail-fields').innerHTML = fields.map(
    ([key, value]) => `<tr><td>${esc(key)}</td><td>${esc(fieldText(value))}</td></tr>`
  ).join('')
  // The lookup's parts are drawn together; the lists and splits come from a call of their own.
  $('#detail-history tbody').innerHTML = view.ModificationHistory
    .map(
      (e) => `<tr><td>${esc(e.ChangedDate)}</td><td>${esc(e.ChangeDescription)}</td><td>${esc(e.ChangedBy)}</td></tr>`
    ).join('')
  await showSends(brand, trackId)
  renderDeployments()
}

let refreshTimer = null
function refreshDeploymentsSoon() {
  clearTimeout(refreshTimer)
  refreshTimer = setTimeout(() => background(loadDeployments), 200)
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
      headers: headers({
        accept: 'text/event-stream',
        ...(lastEventId === null ? {} : { 'last-event-id': lastEventId })
      }),
    })
    if (!res.ok) throw new Error(`the event stream answered ${res.status}`)
    $('#live').textContent = 'live'
    $('#live').classList.add('on')
    const parser = createParser({ onEvent })
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
    if (data.FaultId !== null) background(loadFaults)
    // Any call an endpoint answered may have moved a deployment on (a send that came due, for one).
    if (data.StatusCode !== 0 && isEndpoint(data.Endpoint)) refreshDeploymentsSoon()
    return
  }
  if (data.type === 'outbox') {
    addOutboxEntry(data.entry)
    return
  }
  if (data.type === 'fault-added' || data.type === 'fault-removed') background(loadFaults)
  if (data.type === 'clock') showClock(data.clock)
  if (data.type === 'reset' || data.type === 'restored') {
    clearJournal()
    clearOutbox()
    background(loadJournal)
    background(loadOutbox)
    background(loadFaults)
    background(loadClock)
  }
  refreshDeploymentsSoon()
}

// Wiring ------------------------------------------------------------------------------------------

async function start() {
  showProblem('')
  clearJournal()
  clearOutbox()
  selected = selectionInUrl()
  $('#detail').hidden = true
  connect()
  await Promise.all([loadEndpoints(), loadDeployments(), loadJournal(), loadOutbox(), loadFaults(), loadClock()])
}

$('#world').value = settings.world
$('#token').value = settings.token
act('#world', 'change', () => { settings.world = $('#world').value.trim(); lastEventId = null; return start() })
act('#token', 'change', () => { settings.token = $('#token').value; return start() })
for (const id of ['#brand-filter', '#status-filter', '#deployment-search']) on(id, 'input', renderDeployments)
act('#deployments tbody', 'click', (event) => {
  const row = event.target.closest('tr[data-trackid]')
  if (row) return showDetail(row.dataset.brand, row.dataset.trackid)
})
clickOnKey('#deployments tbody')
// A link pasted into the address bar of the open page.
window.addEventListener('hashchange', () => {
  const wanted = selectionInUrl()
  if (wanted) return showDetail(wanted.brand, wanted.trackId).catch(report)
  selected = null
  $('#detail').hidden = true
  renderDeployments()
})
act('#reset', 'click', async () => { await api('POST', '/reset'); await start() })
wireJournal()
wireOutbox()
wireControls({ fixturesLoaded: loadDeployments })

start().catch(report)
