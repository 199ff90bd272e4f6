// Omeda reports and accepts dates as wall-clock time in its own zone (US Central), formatted
// `yyyy-MM-dd HH:mm:ss`. These helpers convert between instants and that form for any IANA zone.

const VENDOR_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/

export function isValidTimeZone(timeZone: string): boolean {
  try {
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
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
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

/** The instant a vendor wall-clock string names in a zone (the earlier one when DST repeats an hour). */
export function parseVendorDate(text: string, timeZone: string): Date {
  const format = vendorDateFormatter(timeZone)
  const asUtc = Date.parse(`${text.replace(' ', 'T')}Z`)
  // Two corrections settle the zone offset, also across a DST change.
  let guess = asUtc
  for (let i = 0; i < 2; i++) guess += asUtc - Date.parse(`${format(new Date(guess)).replace(' ', 'T')}Z`)
  return new Date(guess)
}
