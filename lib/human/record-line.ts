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

/** Local wall-clock time (TZ decides), with milliseconds; with `date`, the day too; with `utc`, in UTC (marked Z). */
export function clock(ts: unknown, date = false, ms = true, utc = false): string {
  const t = typeof ts === 'string' ? new Date(ts) : undefined
  if (!t || Number.isNaN(t.getTime())) return sanitize(String(ts ?? '?'))
  if (utc) {
    const iso = t.toISOString() // 2026-11-20T10:00:00.000Z
    const time = `${iso.slice(11, ms ? 23 : 19)}Z`
    return date ? `${iso.slice(0, 10)} ${time}` : time
  }
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

function fieldText(v: unknown, cut = true): string {
  const s = typeof v === 'string' ? (/[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)
  return sanitize(cut && s !== undefined && s.length > 160 ? `${s.slice(0, 157)}...` : String(s))
}

/** An error as logwarden serializes it ({ type, message, stack }): shown as its summary, the stack below. */
function errorShape(v: unknown): { summary: string; stack?: string } | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
  const e = v as Record<string, unknown>
  if (typeof e.stack !== 'string' || (typeof e.message !== 'string' && typeof e.type !== 'string')) return undefined
  const summary = `${typeof e.type === 'string' ? e.type : 'Error'}: ${typeof e.message === 'string' ? e.message : ''}`
  return { summary, stack: e.stack }
}

/** The ids that tie records together, shown short (their first 8 characters: enough to grep, short enough to read). */
const ID_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['correlation_id', 'corr'],
  ['event_id', 'evt'],
]

export function shortId(v: unknown): string {
  const s = sanitize(String(v))
  return s.length > 8 ? s.slice(0, 8) : s
}

export interface RecordFormatOptions {
  colors: Colors
  /** show the date as well as the time (query, which spans days) */
  date?: boolean
  /** append the record's other fields as key=value */
  fields?: boolean
  /** only these fields in the key=value tail, in this order, never cut (`--fields`) */
  pick?: readonly string[]
  /** never these fields (`--hide`) */
  hide?: readonly string[]
  /** times in UTC (`--utc`) */
  utc?: boolean
  /** correlation_id / event_id in their short form (default true) */
  ids?: boolean
  /** an error field's stack on the following lines, indented (default true) */
  stacks?: boolean
}

export function formatRecord(r: Record<string, unknown>, o: RecordFormatOptions): string {
  const level = sanitize(String(r.level ?? '?'))
  const color = levelColor(o.colors, level)
  const head = `[${clock(r.timestamp, o.date, true, o.utc)}] ${color(level.toUpperCase().padEnd(5))} | ${sanitize(String(r.category ?? '?'))} | ${color(sanitize(String(r.message ?? '')))}`
  if (o.fields === false) return head
  const hide = o.hide?.length ? new Set(o.hide) : undefined
  const extras: string[] = []
  const stacks: string[] = []
  if (o.ids !== false && !o.pick) {
    for (const [key, label] of ID_LABELS) {
      if (r[key] !== undefined && r[key] !== null && !hide?.has(key)) extras.push(`${label}=${shortId(r[key])}`)
    }
  }
  const entries: Array<[string, unknown]> = o.pick ? o.pick.filter((k) => k in r).map((k) => [k, r[k]]) : Object.entries(r).filter(([k]) => !CORE_KEYS.has(k))
  for (const [k, v] of entries) {
    if (hide?.has(k)) continue
    const err = errorShape(v)
    if (err && o.stacks !== false) {
      extras.push(`${sanitize(k)}=${fieldText(err.summary, !o.pick)}`)
      // the first stack line repeats the summary
      if (err.stack) stacks.push(...err.stack.split('\n').slice(1))
      continue
    }
    extras.push(`${sanitize(k)}=${fieldText(v, !o.pick)}`)
  }
  let out = extras.length ? `${head}  ${o.colors.dim(extras.join(' '))}` : head
  // one line each, escaped like every record text: a stack cannot forge a record line
  for (const l of stacks) if (l.trim() !== '') out += `\n    ${o.colors.dim(sanitize(l.trim()))}`
  return out
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
