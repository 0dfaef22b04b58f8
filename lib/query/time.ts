/** Time bounds (`--since`, `--until`, readLogs' since/until) as people give them. */
import { parseDuration } from '../util/index.js'

export type TimeInput = Date | number | string

const DAY_MS = 86_400_000

/** Local midnight of the day `now` falls in (the process's TZ), as journalctl reads `today`. */
function startOfDay(now: number): number {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** `now`, `today`, `yesterday`, `tomorrow` (local days, as journalctl). */
const WORDS: Record<string, (now: number) => number> = {
  now: (now) => now,
  today: (now) => startOfDay(now),
  yesterday: (now) => startOfDay(startOfDay(now) - DAY_MS / 2),
  tomorrow: (now) => startOfDay(startOfDay(now) + DAY_MS + DAY_MS / 2),
}

/**
 * Epoch ms of a Date, epoch ms, an ISO 8601 string, a duration back from `now` ('2h', '7d', also
 * written '-2h'), or one of now/today/yesterday/tomorrow; undefined when it is none of these.
 */
export function toTime(input: TimeInput, now: number): number | undefined {
  if (input instanceof Date) return input.getTime()
  if (typeof input === 'number') return input
  const text = input.trim()
  const word = WORDS[text.toLowerCase()]
  if (word) return word(now)
  const ago = parseDuration(text.startsWith('-') ? text.slice(1) : text)
  if (ago !== undefined) return now - ago
  const t = Date.parse(text)
  return Number.isNaN(t) ? undefined : t
}
