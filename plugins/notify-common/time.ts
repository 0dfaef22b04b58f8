/** Formats event times in the configured zone, as the seed shows them: `2025-10-15 10:23:45 CT`. */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      // `CT`, `ET`: the zone a trader reads, stable across daylight saving
      timeZoneName: 'shortGeneric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Throws a RangeError for an unknown zone; call once at start-up to validate the option. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone)
}

export function formatTime(iso: string | number | undefined, timeZone: string): string {
  const date = iso === undefined ? new Date() : new Date(iso)
  if (Number.isNaN(date.getTime())) return String(iso)
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value
  const zone = /^(UTC|Etc\/UTC|GMT|Etc\/GMT)$/i.test(timeZone) ? 'UTC' : parts.timeZoneName
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`
}

/** `-$210.00`, `$1,250.50`; non-numbers are shown as they are. */
export function formatMoney(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (!Number.isFinite(n)) return String(value)
  const abs = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return `${n < 0 ? '-' : ''}$${abs}`
}

export function formatPrice(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2)
  if (typeof value === 'string' && value) return value
  return undefined
}
