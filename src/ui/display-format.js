// How the dashboard writes values: escaped for HTML, times in the vendor's zone, a clock offset in
// the units a person reads.

export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A lookup field as a person reads it: a tester as "First Last <email>", a list one item after another. */
export function fieldText(value) {
  if (Array.isArray(value)) return value.map(fieldText).join(', ')
  if (value !== null && typeof value === 'object') {
    return 'EmailAddress' in value
      ? `${value.FirstName ?? ''} ${value.LastName ?? ''} <${value.EmailAddress}>`.trim()
      : JSON.stringify(value)
  }
  return value ?? ''
}

// Years of 365 days: an offset is a span, not a calendar walk.
const UNITS = [['year', 365 * 86_400], ['day', 86_400], ['h', 3600], ['min', 60], ['s', 1]]
const SPELLED = new Set(['year', 'day'])

/** A span of seconds in its two largest units: "4 years 27 days", "3 h 5 min", "1 day", "0.25 s". */
export function span(seconds) {
  const magnitude = Math.abs(seconds)
  if (magnitude < 1) return `${Number(magnitude.toFixed(3))} s`
  let rest = Math.round(magnitude)
  const counts = UNITS.map(([, size]) => {
    const count = Math.floor(rest / size)
    rest -= count * size
    return count
  })
  const first = counts.findIndex((count) => count > 0)
  return UNITS.slice(first, first + 2).map(([unit], i) => [unit, counts[first + i]]).filter(([, count]) => count > 0)
    .map(([unit, count]) => `${count} ${unit}${SPELLED.has(unit) && count !== 1 ? 's' : ''}`).join(' ')
}

/** The sandbox clock against real time: "in step", "3 h 5 min ahead", "2 days behind". */
export const offsetText = (seconds) => (seconds === 0
  ? 'in step'
  : `${span(seconds)} ${seconds > 0 ? 'ahead' : 'behind'}`)

const formatters = new Map()

/** An ISO-8601 instant in `timeZone`: its date (yyyy-MM-dd) and its time (HH:mm:ss.SSS). */
export function zoned(iso, timeZone) {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3,
    })
    formatters.set(timeZone, format)
  }
  const part = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]))
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    time: `${part.hour}:${part.minute}:${part.second}.${part.fractionalSecond}`
  }
}
