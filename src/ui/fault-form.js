// The faults: the list of active ones, and the form that adds one. The form's inputs are made from
// the field table (fault-fields.js), and only those the chosen action takes show. What the admin
// API refuses is shown under the form, in the form's own words.
import { esc } from './display-format.js'
import {
  ACTIONS, ANY_ACTION, FIELDS, SCOPE, faultSpec, faultSummary, inFormWords, shownFields
} from './fault-fields.js'
import { $, act, api } from './page.js'

export async function loadFaults() {
  const { faults } = await api('GET', '/faults')
  $('#faults').innerHTML = faults.length === 0
    ? '<li><small>none</small></li>'
    : faults.map((fault) => {
      const { what, settings, scope, chance } = faultSummary(fault)
      return `<li data-fault="${esc(fault.id)}"><span class="fault-what">${esc(what)}</span>` +
        `${settings.length === 0 ? '' : ` <span class="fault-settings">${esc(settings.join(', '))}</span>`}` +
        ` <button type="button" data-remove="${esc(fault.id)}">remove</button>` +
        `<small class="fault-scope">${esc(scope)} · ${esc(chance.join(' · '))}</small></li>`
    }).join('')
}

/** One field's label and input, as the table describes it. */
function fieldElement(name) {
  const { label, id, input, hint } = FIELDS[name]
  const wrap = document.createElement('label')
  wrap.className = `field ${input}`
  wrap.dataset.field = name
  let control
  if (input === 'lines' || input === 'headers' || input === 'textarea') {
    control = Object.assign(document.createElement('textarea'), { rows: input === 'textarea' ? 3 : 2 })
  } else if (input === 'endpoint') {
    control = document.createElement('select')
    control.className = 'endpoints'
    control.add(new Option('every endpoint', ''))
  } else {
    control = Object.assign(document.createElement('input'), { type: input === 'checkbox' ? 'checkbox' : 'text' })
    if (input === 'checkbox') control.checked = true
    if (input === 'number') control.inputMode = 'decimal'
  }
  control.id = id
  if (hint !== undefined && input === 'checkbox') wrap.title = hint
  else if (hint !== undefined) control.placeholder = hint
  wrap.append(Object.assign(document.createElement('span'), { textContent: label }), control)
  return wrap
}

const actionNow = () => $('#fault-action').value
const appliedNow = () => $(`#${FIELDS.apply.id}`).checked

/** Shows the inputs the chosen action takes, and its default status as the status input's hint. */
function showFields() {
  const action = actionNow()
  const shown = new Set(shownFields(action, appliedNow()))
  for (const wrap of document.querySelectorAll('#fault-fields [data-field]')) {
    wrap.hidden = !shown.has(wrap.dataset.field)
  }
  const { status, does } = ACTIONS[action]
  $(`#${FIELDS.status.id}`).placeholder = status === undefined ? '' : String(status)
  $('#fault-does').textContent = does
}

/** The form's inputs, made once: the action's own fields, the wait and chance, then which calls. */
function makeForm() {
  const select = $('#fault-action')
  for (const [action, { does }] of Object.entries(ACTIONS)) {
    select.add(Object.assign(new Option(action, action), { title: does }))
  }
  const taken = new Set(Object.values(ACTIONS).flatMap((a) => [...a.takes, ...(a.unapplied ?? [])]))
  const own = Object.keys(FIELDS).filter((name) => taken.has(name))
  $('#fault-fields').replaceChildren(...[own, ANY_ACTION, SCOPE].map((names) => {
    const row = document.createElement('div')
    row.className = 'row'
    row.append(...names.map(fieldElement))
    return row
  }))
  showFields()
}

/** What an input holds: a checkbox's state, or its text. */
function read(name) {
  const input = $(`#${FIELDS[name].id}`)
  return input.type === 'checkbox' ? input.checked : input.value
}

const showProblems = (problems) => {
  $('#fault-problems').innerHTML = problems.map((p) => `<li>${esc(p)}</li>`).join('')
}

async function addFault(event) {
  event.preventDefault()
  const { spec, problems } = faultSpec(actionNow(), read)
  showProblems(problems)
  if (problems.length > 0) return
  try {
    await api('POST', '/faults', spec)
  } catch (error) {
    // The API's refusal, field by field; anything else (the token, the network) goes to the banner.
    if (error.status !== 400 || !error.errors?.length) throw error
    showProblems(error.errors.map(inFormWords))
    return
  }
  await loadFaults()
}

export function wireFaults() {
  makeForm()
  for (const id of ['#fault-action', `#${FIELDS.apply.id}`]) $(id).addEventListener('change', showFields)
  act('#fault-form', 'submit', addFault)
  act('#faults', 'click', (event) => {
    const id = event.target.dataset?.remove
    if (id) return api('DELETE', `/faults/${id}`).then(loadFaults)
  })
}
