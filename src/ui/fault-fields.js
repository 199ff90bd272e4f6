// The fault form's fields, declared once: each admin API field's label (the form shows it, the
// faults list names settings by it, and the API's error messages are reworded with it), its kind of
// input, and which actions take it. What each action takes follows the admin API's rules
// (src/sandbox/fault-rules.ts); test/dashboard.test.ts checks this table against the API's answers.
// No DOM here: the form itself is fault-form.js.

/**
 * Every action: what it does (the option's title), the fields it takes, the fields it takes only
 * when the call is not applied (truncate and reset cut a vendor error then), and its default status.
 */
export const ACTIONS = {
  status: { does: 'answers a vendor error', takes: ['status', 'errors'], status: 503 },
  delay: { does: 'waits delay ms, then answers as usual', takes: [] },
  drop: { does: 'closes the connection with no answer', takes: [] },
  'apply-then-status': { does: 'the call takes effect, then a vendor error', takes: ['status', 'errors'], status: 500 },
  'apply-then-drop': { does: 'the call takes effect, then the connection closes unanswered', takes: [] },
  respond: { does: 'answers exactly the body given', takes: ['status', 'body', 'contentType', 'headers'], status: 200 },
  gateway: { does: "a proxy's HTML error page", takes: ['status', 'headers'], status: 502 },
  'rate-limit': { does: "429 and Retry-After, in the vendor's shape", takes: ['retryAfter', 'errors', 'headers'] },
  truncate: {
    does: 'the first bytes of the answer, then the connection closes',
    takes: ['bytes', 'apply'], unapplied: ['status', 'errors'], status: 503,
  },
  reset: {
    does: 'the first bytes of the answer, then the connection is reset',
    takes: ['bytes', 'apply'], unapplied: ['status', 'errors'], status: 503,
  },
  'slow-body': { does: 'the answer sent in pieces over duration ms', takes: ['durationMs', 'chunks'] },
}

/** What every action takes: the wait before acting and the chance. */
export const ANY_ACTION = ['delayMs', 'delayMaxMs', 'delayP99Ms', 'probability', 'seed']
/** Which calls, and how many. */
export const SCOPE = ['times', 'endpoint', 'brand', 'trackId']

/** Each field by its API name, in the form's order: its label, its input's id, its kind of input and a hint. */
export const FIELDS = {
  status: { label: 'status', id: 'fault-status', input: 'number' },
  retryAfter: { label: 'retry-after', id: 'fault-retry-after', input: 'seconds-or-date', hint: '60, or an HTTP date' },
  bytes: { label: 'bytes', id: 'fault-bytes', input: 'number', hint: 'half the body' },
  apply: { label: 'apply', id: 'fault-apply', input: 'checkbox', hint: 'the call takes effect, then it is cut' },
  durationMs: { label: 'duration ms', id: 'fault-duration', input: 'number' },
  chunks: { label: 'chunks', id: 'fault-chunks', input: 'number', hint: '10' },
  contentType: { label: 'content type', id: 'fault-content-type', input: 'text', hint: 'application/json' },
  errors: { label: 'errors', id: 'fault-errors', input: 'lines', hint: 'Error texts, one a line' },
  body: { label: 'body', id: 'fault-body', input: 'textarea', hint: 'sent as it is' },
  headers: { label: 'headers', id: 'fault-headers', input: 'headers', hint: 'Name: value, one a line' },
  delayMs: { label: 'delay ms', id: 'fault-delay', input: 'number', hint: 'none' },
  delayMaxMs: { label: 'delay max ms', id: 'fault-delay-max', input: 'number', hint: 'even wait' },
  delayP99Ms: { label: 'delay p99 ms', id: 'fault-delay-p99', input: 'number', hint: 'log-normal wait' },
  probability: { label: 'probability', id: 'fault-probability', input: 'number', hint: '1' },
  seed: { label: 'seed', id: 'fault-seed', input: 'number', hint: 'random' },
  times: { label: 'times', id: 'fault-times', input: 'number', hint: '∞' },
  endpoint: { label: 'endpoint', id: 'fault-endpoint', input: 'endpoint' },
  brand: { label: 'brand', id: 'fault-brand', input: 'text', hint: 'any' },
  trackId: { label: 'TrackId', id: 'fault-trackid', input: 'text', hint: 'any' },
}

const labelOf = (name) => FIELDS[name]?.label ?? name

/** The fields the form shows for an action: its own (with `applied` false, the unapplied ones too), then the rest. */
export function shownFields(action, applied) {
  const { takes, unapplied = [] } = ACTIONS[action]
  return [...takes, ...(applied ? [] : unapplied), ...ANY_ACTION, ...SCOPE]
}

/** A number typed in the form, or a problem worded with its label. */
function numberOf(name, text, problems) {
  const typed = text.trim()
  if (typed === '') return undefined
  const value = Number(typed)
  if (!Number.isFinite(value)) problems.push(`${labelOf(name)}: must be a number, but '${typed}' was given`)
  return value
}

/** `Name: value` lines as an object; a line that is not one, or a name given twice, is a problem. */
function headersOf(text, problems) {
  const headers = {}
  const seen = new Set()
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim()
    if (colon < 0 || name === '') {
      problems.push(`${labelOf('headers')} (line ${i + 1}): must be 'Name: value', but '${line.trim()}' was given`)
      continue
    }
    if (seen.has(name.toLowerCase())) problems.push(`${labelOf('headers')} (${name}): is given twice`)
    seen.add(name.toLowerCase())
    headers[name] = line.slice(colon + 1).trim()
  }
  return Object.keys(headers).length === 0 ? undefined : headers
}

function valueOf(name, raw, problems) {
  switch (FIELDS[name].input) {
    case 'number': return numberOf(name, raw, problems)
    case 'seconds-or-date': return /^\s*\d+\s*$/.test(raw) ? Number(raw) : (raw.trim() || undefined)
    case 'checkbox': return raw ? undefined : false // on is the API's default
    case 'lines': {
      const lines = raw.split('\n').map((line) => line.trim()).filter((line) => line !== '')
      return lines.length === 0 ? undefined : lines
    }
    case 'headers': return headersOf(raw, problems)
    case 'textarea': return raw === '' ? undefined : raw
    default: return raw.trim() || undefined
  }
}

/**
 * The admin API's fault spec from what the form holds (`read(name)`: an input's text, or a
 * checkbox's state), taking only the fields the action takes; `problems` are what the form itself
 * can tell is wrong, worded with its labels.
 */
export function faultSpec(action, read) {
  const problems = []
  const spec = { action }
  for (const name of shownFields(action, read('apply') !== false)) {
    const value = valueOf(name, read(name), problems)
    if (value !== undefined) spec[name] = value
  }
  return { spec, problems }
}

// Longest first, so that no name is replaced inside a longer one that holds it.
const RENAMED = Object.entries(FIELDS).filter(([name, { label }]) => name !== label)
  .sort(([a], [b]) => b.length - a.length)

/** What comes after a field in an API path: an error's line, a header's name. */
const placeIn = (field, rest) => (field === 'errors' && /^\d+$/.test(rest) ? `line ${Number(rest) + 1}` : rest)

/**
 * One of the admin API's messages in the form's words: `body/durationMs: …` becomes
 * `duration ms: …`, `This fault needs 'delayMs' …` becomes `This fault needs 'delay ms' …`.
 */
export function inFormWords(text) {
  let words = text.replace(/^body\/(\w+)(?:\/([^:]+))?:/, (_, field, rest) =>
    `${labelOf(field)}${rest === undefined ? '' : ` (${placeIn(field, rest)})`}:`)
  for (const [name, { label }] of RENAMED) words = words.replace(new RegExp(`\\b${name}\\b`, 'g'), label)
  return words
}

/** Settings a fault's line in the list shows when it has them, by their labels. */
const LISTED = ['retryAfter', 'bytes', 'apply', 'durationMs', 'chunks', 'contentType', 'headers',
  'delayMs', 'delayMaxMs', 'delayP99Ms']

const settingText = (name, value) => {
  if (name === 'headers') return `${Object.keys(value).length} ${labelOf(name)}`
  if (name === 'apply') return `${labelOf(name)} ${value ? 'on' : 'off'}`
  return `${labelOf(name)} ${value}`
}

/**
 * A registered fault as the list shows it: what it does (the action, its status, its settings),
 * which calls (its scope), and how often (probability, seed, what is left).
 */
export function faultSummary(fault) {
  const has = (name) => fault[name] !== undefined && fault[name] !== null
  return {
    what: `#${fault.id} ${fault.action}${has('status') ? ` ${fault.status}` : ''}`,
    settings: LISTED.filter(has).map((name) => settingText(name, fault[name])),
    scope: [fault.endpoint, fault.brand, fault.trackId, fault.appScoped ? 'one app id' : null].filter(Boolean)
      .join(', ') || 'every call',
    chance: [
      ...['probability', 'seed'].filter(has).map((name) => settingText(name, fault[name])),
      fault.remaining === null ? 'until removed' : `${fault.remaining} left`,
    ],
  }
}
