/** Seconds (possibly fractional) from a header or body value → ms; undefined when absent or invalid. */
export function secondsToMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'number' ? value : Number(String(value).trim())
  if (!Number.isFinite(n) || n < 0) return undefined
  return Math.ceil(n * 1000)
}

/** A Retry-After header: delay-seconds or an HTTP date (RFC 9110); undefined when absent or invalid. */
export function retryAfterHeaderMs(value: string | undefined, now = Date.now()): number | undefined {
  const seconds = secondsToMs(value)
  if (seconds !== undefined || value === undefined) return seconds
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
