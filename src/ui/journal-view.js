// The journal, live: the submissions as they come, filtered, with their bodies on demand. Times are
// shown in the vendor's zone, like every other time on the page.
import { esc, zoned } from './display-format.js'
import { $, api, clickOnKey, on, renderRows, schedule } from './page.js'

const JOURNAL_KEEP = 10_000
const JOURNAL_SHOWN = 300

let journal = []
const seen = new Set()
const opened = new Set()
let timeZone = 'UTC'

export function clearJournal() {
  journal = []
  seen.clear()
}

export function addSubmissions(submissions, { newest }) {
  const fresh = submissions.filter((s) => !seen.has(s.SubmissionId))
  for (const s of fresh) seen.add(s.SubmissionId)
  journal = newest ? [...fresh, ...journal] : [...journal, ...fresh]
  if (journal.length > JOURNAL_KEEP) for (const s of journal.splice(JOURNAL_KEEP)) seen.delete(s.SubmissionId)
  schedule(renderJournal)
}

export async function loadJournal() {
  addSubmissions((await api('GET', '/submissions?limit=500')).submissions, { newest: false })
}

/** The vendor's zone, as the clock names it. */
export function showTimesIn(zone) {
  if (zone === timeZone) return
  timeZone = zone
  schedule(renderJournal)
}

/** The fault that shaped the answer; or, set apart, one that matched but by its probability did not fire. */
function faultCell({ FaultId: fired, SkippedFaultId: skipped = null }) {
  if (fired !== null) return `<td class="fault-fired" title="fault #${esc(fired)} shaped it">#${esc(fired)}</td>`
  if (skipped === null) return '<td></td>'
  return `<td class="fault-skipped" title="fault #${esc(skipped)} matched, but by its probability did not fire">` +
    `#${esc(skipped)} skipped</td>`
}

function renderJournal() {
  const trackId = $('#journal-trackid').value.trim().toLowerCase()
  const status = $('#journal-status').value.trim()
  const endpoint = $('#journal-endpoint').value
  const matching = journal.filter((s) => (!trackId || (s.TrackId ?? '').toLowerCase().includes(trackId)) &&
    (!status || String(s.StatusCode).startsWith(status)) && (!endpoint || s.Endpoint === endpoint))
  $('#journal-count').textContent = `${matching.length} of ${journal.length}`
  $('#journal-zone').textContent = timeZone
  const rows = matching.slice(0, JOURNAL_SHOWN).map((s) => {
    const { date, time } = zoned(s.ReceivedAt, timeZone)
    const row = `<tr tabindex="0" aria-expanded="${opened.has(s.SubmissionId)}" data-id="${esc(s.SubmissionId)}">
      <td title="${esc(`${date} ${time} ${timeZone}`)}">${esc(time)}</td><td>${esc(s.Method)}</td>
      <td>${esc(s.Endpoint ?? s.Path)}</td><td class="s${String(s.StatusCode)[0]}">${esc(s.StatusCode)}</td>
      <td class="breaks">${esc(s.TrackId)}</td><td class="breaks">${esc(s.UserId)}</td>
      ${faultCell(s)}</tr>`
    if (!opened.has(s.SubmissionId)) return row
    const fault = s.FaultId !== null
      ? ` (fault #${s.FaultId})`
      : (s.SkippedFaultId ?? null) === null ? '' : ` (fault #${s.SkippedFaultId} skipped)`
    const exchange = `${s.Method} ${s.Path}\n${s.RequestBody ?? '(no body)'}\n\n→ ${s.StatusCode}${fault}\n` +
      s.ResponseBody
    return `${row}<tr><td colspan="7" class="body">${esc(exchange)}</td></tr>`
  })
  if (matching.length > JOURNAL_SHOWN) {
    const older = matching.length - JOURNAL_SHOWN
    rows.push(`<tr><td colspan="7" class="more">${older} older not shown; filter to narrow</td></tr>`)
  }
  renderRows($('#journal tbody'), rows.join(''), (row) => row.dataset.id)
}

export function wireJournal() {
  for (const id of ['#journal-trackid', '#journal-status', '#journal-endpoint']) {
    on(id, 'input', () => schedule(renderJournal))
  }
  on('#journal tbody', 'click', (event) => {
    const row = event.target.closest('tr[data-id]')
    if (!row) return
    if (opened.has(row.dataset.id)) opened.delete(row.dataset.id)
    else opened.add(row.dataset.id)
    renderJournal()
  })
  clickOnKey('#journal tbody')
}
