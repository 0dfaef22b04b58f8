/** Time bounds (`--since`, `--until`, readLogs' since/until) as people give them. */
import { parseDuration } from '../util/index.js'

export type TimeInput = Date | number | string

/** Epoch ms of a Date, epoch ms, an ISO 8601 string, or a duration back from `now` ('2h', '7d'); undefined when it is none of these. */
export function toTime(input: TimeInput, now: number): number | undefined {
  if (input instanceof Date) return input.getTime()
  if (typeof input === 'number') return input
  const ago = parseDuration(input)
  if (ago !== undefined) return now - ago
  const t = Date.parse(input)
  return Number.isNaN(t) ? undefined : t
}
