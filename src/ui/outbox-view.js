// The sandbox outbox, live: every email the real service would have sent (test copies, the clock's
// sends, on-demand emails), newest first; a row opens the email, its HTML in a sandboxed frame and
// its text beside it.
import { esc } from './display-format.js'
import { $, api, clickOnKey, on, renderRows, schedule } from './page.js'
import { renderedMail } from './sends-view.js'

const OUTBOX_SHOWN = 200
let outbox = []
let opened = null

export function clearOutbox() {
  outbox = []
  opened = null
  $('#outbox-detail').hidden = true
  schedule(renderOutbox)
}

export async function loadOutbox() {
  outbox = (await api('GET', `/outbox?limit=${OUTBOX_SHOWN}`)).outbox
  schedule(renderOutbox)
}

/** An entry the event stream announced, on top. */
export function addOutboxEntry(entry) {
  if (outbox.some((e) => e.Id === entry.Id)) return
  outbox = [entry, ...outbox].slice(0, OUTBOX_SHOWN)
  schedule(renderOutbox)
}

function renderOutbox() {
  $('#outbox-count').textContent = `${outbox.length}`
  renderRows($('#outbox tbody'), outbox.map((e) => `<tr tabindex="0" data-id="${esc(e.Id)}"
    ${opened === e.Id ? 'class="selected" aria-selected="true"' : ''}>
    <td>${esc(e.SentAt)}</td><td>${esc(e.Kind)}</td><td>${esc(e.Brand)} ${esc(e.TrackId)}</td>
    <td>${esc(e.SplitNumber)}</td><td class="wraps">${esc(e.To ?? `${e.RecipientCount ?? 0} recipients`)}</td>
    <td class="wraps">${esc(e.FromName)} <small>${esc(e.FromEmail)}</small></td>
    <td class="wraps">${esc(e.Subject)}</td></tr>`).join(''), (row) => row.dataset.id)
}

function open(id) {
  const entry = outbox.find((e) => String(e.Id) === id)
  if (!entry) return
  opened = entry.Id
  $('#outbox-detail').hidden = false
  $('#outbox-detail-title').textContent = `${entry.Subject ?? '(no subject)'} — to ${entry.To ?? 'the audience'}`
  $('#outbox-mail').replaceChildren(...renderedMail(entry.HtmlContent, entry.TextContent, `Email ${entry.Id}`))
  schedule(renderOutbox)
}

export function wireOutbox() {
  on('#outbox tbody', 'click', (event) => {
    const row = event.target.closest('tr[data-id]')
    if (row) open(row.dataset.id)
  })
  clickOnKey('#outbox tbody')
}
