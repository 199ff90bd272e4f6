// What every part of the dashboard shares: the settings, admin calls, the problem banner, event
// wiring and rendering.

export const $ = (selector) => document.querySelector(selector)

export const settings = {
  get world() { return sessionStorage.getItem('world') ?? '' },
  set world(value) { sessionStorage.setItem('world', value) },
  get token() { return sessionStorage.getItem('token') ?? '' },
  set token(value) { sessionStorage.setItem('token', value) },
}

export function headers(extra = {}) {
  const h = { ...extra }
  if (settings.token) h.authorization = `Bearer ${settings.token}`
  if (settings.world) h['x-omeda-appid'] = settings.world
  return h
}

// What raised the banner: a load the page started by itself clears it on its next success; any
// action of the user's that succeeds clears it whatever raised it.
let problemFrom = null

export function showProblem(text, from = null) {
  $('#problem').textContent = text
  $('#problem').hidden = !text
  problemFrom = text ? from : null
}

export const report = (error, from = null) => showProblem(error.errors?.join(' ') || error.message, from)

/** Runs a load the page starts by itself (on an event): a failure shows, and its next success clears it. */
export function background(load) {
  load().then(() => { if (problemFrom === load) showProblem('') }, (error) => report(error, load))
}

/** An admin call; throws an Error with the answer's `status` and the emulator's messages as `errors`. */
export async function api(method, path, body) {
  const res = await fetch(`/__admin${path}`, {
    method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const json = await res.json()
  if (res.status === 401) showProblem('This emulator needs its admin token: type it in above.')
  if (!res.ok) {
    throw Object.assign(
      new Error(`${res.status}`),
      { status: res.status, errors: (json.Errors ?? []).map((e) => e.Error) }
    )
  }
  return json
}

/** Something on the page: a failure shows in the banner. */
export const on = (selector, type, handler) =>
  $(selector).addEventListener(type, (event) => Promise.resolve(handler(event)).catch(report))

/**
 * An action of the user's (the handler returns its promise, or nothing when there is none): its
 * success clears the banner.
 */
export const act = (selector, type, handler) => $(selector).addEventListener(type, (event) => {
  const done = handler(event)
  if (done !== undefined) done.then(() => showProblem(''), (error) => report(error))
})

/** Enter and Space on a focused row of `selector` do what a click does. */
export const clickOnKey = (selector) => $(selector).addEventListener('keydown', (event) => {
  if ((event.key === 'Enter' || event.key === ' ') && event.target.matches('tr[tabindex]')) {
    event.preventDefault()
    event.target.click()
  }
})

/** Renders rows into `tbody`, giving focus back to the row that had it (matched by `key`). */
export function renderRows(tbody, html, key) {
  const focused = document.activeElement?.closest?.('tr[tabindex]')
  const had = focused && tbody.contains(focused) ? key(focused) : null
  tbody.innerHTML = html
  if (had !== null) [...tbody.rows].find((row) => row.tabIndex === 0 && key(row) === had)?.focus()
}

// Rendering at most once a frame keeps a burst of events from stalling the page.
const pending = new Set()
export function schedule(render) {
  if (pending.size === 0) requestAnimationFrame(() => { for (const r of [...pending]) r(); pending.clear() })
  pending.add(render)
}
