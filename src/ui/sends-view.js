// A deployment's send in the dashboard's detail: its audience lists with their status, and each
// split's content, its HTML rendered in a sandboxed frame (no scripts, no requests but the page's
// own policy allows) beside its text.
import { esc } from './display-format.js'
import { $, api } from './page.js'

const LIST_KINDS = { RecipientList: 'file', OmailOutput: 'output', QueryName: 'query' }

function renderLists(lists) {
  $('#detail-lists-block').hidden = lists.length === 0
  $('#detail-lists tbody').innerHTML = lists.map((l) => `<tr class="${l.RemovedAt ? 'removed' : ''}">
    <td>${esc(l.ListId)}</td><td>${esc(l.SplitNumber)}</td>
    <td class="wraps">${esc(l.Name)} <small>${esc(LIST_KINDS[l.Kind])}</small></td>
    <td class="status-code">${esc(l.AssignmentStatusCode)}</td>
    <td>${l.AssignmentStatusCode === 'DONE' || l.AssignmentStatusCode === 'WARNING' ? esc(l.ValidRows) : ''}</td>
    <td class="wraps">${esc(l.AssignedAt)} <small>${esc(l.AssignedBy)}</small></td>
    <td class="wraps">${esc(l.ReadyAt)}</td></tr>`).join('')
}

/**
 * An email's HTML in a frame that runs nothing (an empty sandbox: no scripts, forms or navigation,
 * an origin of its own), then its text.
 */
export function renderedMail(html, text, title) {
  const parts = []
  if (html !== null) {
    const frame = document.createElement('iframe')
    frame.setAttribute('sandbox', '')
    frame.title = title
    frame.srcdoc = html
    parts.push(frame)
  }
  if (text !== null) {
    const pre = document.createElement('pre')
    pre.className = 'mail-text'
    pre.textContent = text
    parts.push(pre)
  }
  return parts
}

/** One split: its header fields, then its content. */
function splitBlock(split) {
  const block = document.createElement('div')
  block.className = 'split'
  const fields = ['FromName', 'Mailbox', 'Subject', 'ReplyTo', 'Preheader']
    .filter((field) => split[field] !== null)
    .map((field) => `<tr><td>${esc(field)}</td><td>${esc(split[field])}</td></tr>`).join('')
  block.innerHTML = `<h5>Split ${esc(split.Sequence)}</h5><table class="split-fields">${fields}</table>`
  block.append(...renderedMail(split.HtmlContent, split.TextContent, `Split ${split.Sequence} HTML`))
  return block
}

/** Shows the deployment's lists and splits; both blocks stay hidden when it has none. */
export async function showSends(brand, trackId) {
  const sends = await api('GET', `/deployments/${encodeURIComponent(brand)}/${encodeURIComponent(trackId)}/sends`)
  renderLists(sends.AudienceLists)
  $('#detail-splits-block').hidden = sends.Splits.length === 0
  $('#detail-splits').replaceChildren(...sends.Splits.map(splitBlock))
}
