/**
 * The CLI's human format of a record (`logwarden query`, `tail`; seed 001's admin view):
 *   [10:23:45.123] INFO  | enforcement | Position closed: MNQ …  account_id=ABC123 rule=UnrealizedLoss
 * colored by level when the output is a terminal (picocolors honours NO_COLOR and FORCE_COLOR).
 * Every piece of record text goes through sanitize(): nothing logged reaches the terminal raw.
 */
import pc from 'picocolors'
import { sanitize } from './sanitize.js'

export type Colors = ReturnType<typeof pc.createColors>

export function colors(
  enabled = (pc.isColorSupported && process.stdout.isTTY === true) || (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0'),
): Colors {
  return pc.createColors(enabled)
}

const CORE_KEYS = new Set(['timestamp', 'level', 'category', 'message', 'event_id', 'correlation_id'])

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** Local wall-clock time (TZ decides), with milliseconds; with `date`, the day too. */
export function clock(ts: unknown, date = false, ms = true): string {
  const t = typeof ts === 'string' ? new Date(ts) : undefined
  if (!t || Number.isNaN(t.getTime())) return sanitize(String(ts ?? '?'))
  const time = `${pad2(t.getHours())}:${pad2(t.getMinutes())}:${pad2(t.getSeconds())}${ms ? `.${String(t.getMilliseconds()).padStart(3, '0')}` : ''}`
  return date ? `${t.getFullYear()}-${pad2(t.getMonth() + 1)}-${pad2(t.getDate())} ${time}` : time
}

export function levelColor(c: Colors, level: string): (s: string) => string {
  switch (level) {
    case 'trace':
      return c.gray
    case 'debug':
      return c.cyan
    case 'info':
      return c.green
    case 'warn':
      return c.yellow
    case 'error':
      return c.red
    case 'critical':
      return (s) => c.bold(c.red(s))
    default:
      return (s) => s
  }
}

function fieldText(v: unknown): string {
  const s = typeof v === 'string' ? (/[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)
  return sanitize(s !== undefined && s.length > 160 ? `${s.slice(0, 157)}...` : String(s))
}

export interface RecordFormatOptions {
  colors: Colors
  /** show the date as well as the time (query, which spans days) */
  date?: boolean
  /** append the record's other fields as key=value */
  fields?: boolean
}

export function formatRecord(r: Record<string, unknown>, o: RecordFormatOptions): string {
  const level = sanitize(String(r.level ?? '?'))
  const color = levelColor(o.colors, level)
  const head = `[${clock(r.timestamp, o.date)}] ${color(level.toUpperCase().padEnd(5))} | ${sanitize(String(r.category ?? '?'))} | ${color(sanitize(String(r.message ?? '')))}`
  if (o.fields === false) return head
  const extras = Object.entries(r)
    .filter(([k]) => !CORE_KEYS.has(k))
    .map(([k, v]) => `${sanitize(k)}=${fieldText(v)}`)
  return extras.length ? `${head}  ${o.colors.dim(extras.join(' '))}` : head
}

/** A raw JSON line as the human format; a line that is not a record is shown as it is, escaped. */
export function formatJsonLine(line: string, o: RecordFormatOptions): string {
  try {
    const r = JSON.parse(line) as unknown
    if (r && typeof r === 'object' && !Array.isArray(r)) return formatRecord(r as Record<string, unknown>, o)
  } catch {
    // fall through
  }
  return sanitize(line)
}
