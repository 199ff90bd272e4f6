// The controls: the clock, faults (fault-form.js), fixtures and the export; and the endpoint lists,
// which come from the server (GET /__admin/endpoints) rather than from a copy kept here.
import { esc, offsetText } from './display-format.js'
import { wireFaults } from './fault-form.js'
import { showTimesIn } from './journal-view.js'
import { $, act, api } from './page.js'

let endpoints = []

/** Whether the server serves an endpoint by this name. */
export const isEndpoint = (name) => endpoints.some((e) => e.name === name)

export async function loadEndpoints() {
  endpoints = (await api('GET', '/endpoints')).endpoints
  for (const select of document.querySelectorAll('select.endpoints')) {
    const chosen = select.value
    while (select.options.length > 1) select.remove(1)
    for (const { name, method, path } of endpoints) {
      select.add(Object.assign(new Option(name, name), { title: `${method} ${path}` }))
    }
    select.value = isEndpoint(chosen) ? chosen : ''
  }
}

export function showClock(clock) {
  $('#clock-now').textContent = clock.now
  $('#clock-zone').textContent = `${clock.timeZone}, ` +
    `${offsetText(clock.offsetSeconds)}${clock.offsetSeconds === 0 ? ' with' : ' of'} real time`
  $('#clock-zone').title = `${clock.offsetSeconds} s`
  showTimesIn(clock.timeZone)
}

export async function loadClock() {
  showClock(await api('GET', '/clock'))
}

const count = (n, noun) => `${esc(n)} ${noun}${n === 1 ? '' : 's'}`

async function loadFixtures(event, loaded) {
  event.preventDefault()
  $('#fixtures-problems').innerHTML = ''
  const file = $('#fixtures-file').files[0]
  const text = file ? await file.text() : $('#fixtures-text').value
  try {
    const counts = await api('POST', '/fixtures', text)
    $('#fixtures-problems').innerHTML = `<li class="ok">Loaded ${count(counts.apps, 'app')} and ` +
      `${count(counts.deployments, 'deployment')}.</li>`
    $('#fixtures-file').value = ''
  } catch (error) {
    $('#fixtures-problems').innerHTML = (error.errors ?? [error.message]).map((p) => `<li>${esc(p)}</li>`).join('')
    return
  }
  await loaded()
}

async function exportFixtures() {
  const document_ = await api('GET', '/fixtures')
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([`${JSON.stringify(document_, null, 2)}\n`], { type: 'application/json' }))
  link.download = 'fixtures.json'
  link.click()
  URL.revokeObjectURL(link.href)
}

/** Wires the controls; `fixturesLoaded` runs after fixtures are loaded from the page. */
export function wireControls({ fixturesLoaded }) {
  act('#export', 'click', exportFixtures)
  act('#clock-set', 'submit', async (event) => {
    event.preventDefault()
    showClock(await api('POST', '/clock', { now: $('#clock-date').value.trim() }))
  })
  act('#clock-offset', 'submit', async (event) => {
    event.preventDefault()
    showClock(await api('POST', '/clock', { offsetSeconds: Number($('#clock-seconds').value) }))
  })
  act('#clock-reset', 'click', async () => showClock(await api('DELETE', '/clock')))
  wireFaults()
  act('#fixtures-form', 'submit', (event) => loadFixtures(event, fixturesLoaded))
}
