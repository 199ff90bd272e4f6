// Omeda reports and accepts dates as wall-clock time in its own zone (US Central), formatted
// `yyyy-MM-dd HH:mm:ss`. These helpers convert between instants and that form for any IANA zone.

const DAY_MS = 86_400_000
const VENDOR_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

export function isValidTimeZone(timeZone: string): boolean {
  try {
    // eslint-disable-next-line no-new -- constructing is the check: Intl throws a RangeError for an unknown zone
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** True for a `yyyy-MM-dd HH:mm:ss` string naming a real calendar date and time. */
export function isValidVendorDate(text: string): boolean {
  const m = VENDOR_DATE.exec(text)
  if (!m) return false
  const [year, month, day, hour, minute, second] =
    m.slice(1).map(Number) as [number, number, number, number, number, number]
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const probe = new Date(0)
  probe.setUTCFullYear(year, month - 1, day)
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    hour < 24 && minute < 60 && second < 60
  )
}

/** Formats instants as the vendor's wall-clock strings in one time zone. */
export function vendorDateFormatter(timeZone: string): (instant: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23',
  })
  // Formatting is costly and every call asks for "now": remember the last second formatted.
  let lastSecond = Number.NaN
  let lastText = ''
  return (instant) => {
    const second = Math.floor(instant.getTime() / 1000)
    if (second === lastSecond) return lastText
    const part: Record<string, string> = {}
    for (const { type, value } of format.formatToParts(instant)) part[type] = value
    lastSecond = second
    lastText = `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`
    return lastText
  }
}

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, kept.
const formatters = new Map<string, (instant: Date) => string>()
const cachedFormatter = (timeZone: string) => {
  let format = formatters.get(timeZone)
  if (format === undefined) formatters.set(timeZone, format = vendorDateFormatter(timeZone))
  return format
}

/**
 * The instant a vendor wall-clock string names in a zone (the earlier one when DST repeats an hour),
 * or null when the zone skips that time (the hour a DST change jumps over).
 */
export function parseVendorDate(text: string, timeZone: string): Date | null {
  const format = cachedFormatter(timeZone)
  const asUtc = Date.parse(`${text.replace(' ', 'T')}Z`)
  // Near the ends of the range a day away may print a year Date.parse cannot read: that side is skipped.
  const offsetAt = (instant: number) => Date.parse(`${format(new Date(instant)).replace(' ', 'T')}Z`) - instant
  // The zone's offsets a day before and a day after: one of them is the time's own (zones change
  // offset at most once in two days). Trying the earlier first reads a repeated hour as its first pass.
  for (const offset of [offsetAt(asUtc - DAY_MS), offsetAt(asUtc + DAY_MS)]) {
    if (!Number.isFinite(offset)) continue
    const instant = asUtc - offset
    if (format(new Date(instant)) === text) return new Date(instant)
  }
  return null
}

/** A vendor wall-clock string some seconds later in a zone (kept within CLOCK_RANGE). */
export function laterVendorDate(text: string, seconds: number, timeZone: string): string {
  const instant = parseVendorDate(text, timeZone)?.getTime() ?? Date.parse(`${text.replace(' ', 'T')}Z`)
  const later = cachedFormatter(timeZone)(new Date(instant + seconds * 1000))
  return later > CLOCK_RANGE.latest || later.length !== text.length ? CLOCK_RANGE.latest : later
}

/**
 * The sandbox clock's range, in the vendor's zone: dates print with four-digit years within it, so
 * they compare correctly as text, and every zone's rules are known from 1970 on.
 */
export const CLOCK_RANGE = { earliest: '1970-01-01 00:00:00', latest: '9999-12-31 23:59:59' } as const

/**
 * A vendor wall-clock string as the vendor's history entries print dates (Java's Date#toString):
 * `Wed Apr 14 14:00:00 CDT 2010`, with the zone's abbreviation where it has one. The weekday and
 * date are the wall clock's own; a time the clocks skip is named by the zone of the hour after.
 */
export function historyDateText(vendorDate: string, timeZone: string): string {
  const wall = new Date(`${vendorDate.replace(' ', 'T')}Z`)
  const hourLater = new Date(wall.getTime() + 3_600_000).toISOString().replace('T', ' ').slice(0, 19)
  const instant = parseVendorDate(vendorDate, timeZone) ?? parseVendorDate(hourLater, timeZone) ?? wall
  const part: Record<string, string> = {}
  for (const { type, value } of WALL_DAY.formatToParts(wall)) part[type] = value
  const zone = zoneNames(timeZone).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return `${part.weekday} ${part.month} ${part.day} ${vendorDate.slice(11)} ${zone} ${vendorDate.slice(0, 4)}`
}

const WALL_DAY = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: '2-digit' })
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>()
const zoneNames = (timeZone: string): Intl.DateTimeFormat => {
  let format = zoneNameFormats.get(timeZone)
  if (format === undefined) {
    zoneNameFormats.set(timeZone, format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }))
  }
  return format
}
