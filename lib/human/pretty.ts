/**
 * Any JSON log line as the human line, for `logwarden pretty`: logwarden's records, and pino's
 * (numeric `level`, `msg`, epoch-ms `time`), with the choices pino-pretty users know — fields to
 * hide or to keep, the time format, the level first, error stacks on the lines below. Every piece
 * of record text goes through sanitize(), as in every other human view.
 */
import { sanitize } from './sanitize.js'
import { clock, levelColor, type Colors } from './record-line.js'

/** pino's numeric levels as logwarden names them (pino's `fatal` is logwarden's `critical`) */
const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'critical' }
/** in the head of the line, or (event_id) of no use to a reader; correlation_id is a field unless `correlation` */
const CORE_KEYS = new Set(['timestamp', 'level', 'category', 'message', 'event_id'])

export type TimeFormat = 'time' | 'date' | 'iso' | 'utc'

export interface PrettyOptions {
  colors: Colors
  /** `time`: local HH:MM:SS.mmm; `date`: with the local date; `iso`: as written (UTC ISO 8601); `utc`: UTC time of day */
  time?: TimeFormat
  /** fields never shown (pino-pretty's --ignore); `hostname,pid` hides pino's base fields */
  ignore?: ReadonlySet<string>
  /** only these fields are shown, besides time, level, category and message */
  include?: ReadonlySet<string>
  /** LEVEL [time] … instead of [time] LEVEL … */
  levelFirst?: boolean
  /** error stacks (`err.stack`, or `stack`) on the lines below the record, indented */
  stacks?: boolean
  /** the correlation id after the category (default: shown as a field) */
  correlation?: boolean
}

/** A parsed pino record in logwarden's names; a logwarden record is returned as it is. */
export function fromPino(r: Record<string, unknown>): Record<string, unknown> {
  if (typeof r.level !== 'number' && !('msg' in r) && !('time' in r)) return r
  const { level, msg, time, ...rest } = r
  const out: Record<string, unknown> = {}
  out.timestamp = typeof time === 'number' ? new Date(time).toISOString() : (time ?? r.timestamp)
  out.level = typeof level === 'number' ? (PINO_LEVELS[level] ?? `level-${level}`) : level
  out.category = rest.category ?? rest.name ?? 'app'
  out.message = msg ?? rest.message ?? ''
  delete rest.category
  delete rest.message
  if (typeof rest.name === 'string' && out.category === rest.name) delete rest.name
  if (rest.reqId !== undefined && rest.correlation_id === undefined) {
    out.correlation_id = rest.reqId
    delete rest.reqId
  }
  return { ...out, ...rest }
}

function timeText(ts: unknown, format: TimeFormat): string {
  if (format === 'iso') return sanitize(String(ts ?? '?'))
  if (format === 'utc') {
    const t = typeof ts === 'string' ? new Date(ts) : undefined
    return t && !Number.isNaN(t.getTime()) ? t.toISOString().slice(11, 23) : sanitize(String(ts ?? '?'))
  }
  return clock(ts, format === 'date')
}

function fieldText(v: unknown): string {
  const s = typeof v === 'string' ? (/[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)
  return sanitize(s !== undefined && s.length > 160 ? `${s.slice(0, 157)}...` : String(s))
}

/** One record (already parsed) as the human line, and its stack lines when asked. */
export function prettyRecord(input: Record<string, unknown>, o: PrettyOptions): string {
  const r = fromPino(input)
  const level = sanitize(String(r.level ?? '?'))
  const color = levelColor(o.colors, level)
  const time = `[${timeText(r.timestamp, o.time ?? 'time')}]`
  const lvl = color(level.toUpperCase().padEnd(5))
  const corr = o.correlation && r.correlation_id !== undefined ? ` | ${sanitize(String(r.correlation_id))}` : ''
  let line = `${o.levelFirst ? `${lvl} ${time}` : `${time} ${lvl}`} | ${sanitize(String(r.category ?? '?'))}${corr} | ${color(sanitize(String(r.message ?? '')))}`
  const extras: string[] = []
  for (const [k, v] of Object.entries(r)) {
    if (CORE_KEYS.has(k) || (k === 'correlation_id' && o.correlation)) continue
    if (o.ignore?.has(k) || (o.include && !o.include.has(k))) continue
    extras.push(`${sanitize(k)}=${fieldText(v)}`)
  }
  if (extras.length) line += `  ${o.colors.dim(extras.join(' '))}`
  if (o.stacks) {
    const err = r.err as { stack?: unknown } | undefined
    const stack = typeof err?.stack === 'string' ? err.stack : typeof r.stack === 'string' ? r.stack : undefined
    if (stack !== undefined)
      line += stack
        .split('\n')
        .map((l) => `\n    ${o.colors.dim(sanitize(l))}`)
        .join('')
  }
  return line
}

/** A raw line: a JSON record as the human line; anything else shown as it is, escaped. */
export function prettyLine(line: string, o: PrettyOptions): string {
  try {
    const r = JSON.parse(line) as unknown
    if (r && typeof r === 'object' && !Array.isArray(r)) return prettyRecord(r as Record<string, unknown>, o)
  } catch {
    // not JSON: shown as text
  }
  return sanitize(line)
}
