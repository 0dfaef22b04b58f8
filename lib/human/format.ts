/**
 * The human-readable console line (seed 001's admin view), as pure functions:
 * `[10:23:45.123] INFO  | enforcement | ABC123 | message  rule=UnrealizedLoss pnl=-210.5`
 * The account segment appears only when the record has an account_id.
 */
import pc from 'picocolors'
import { sanitize } from './sanitize.js'

type Colors = ReturnType<typeof pc.createColors>

export interface FormatOptions {
  /** IANA time zone (`America/Chicago`), `UTC`, or `local` (default): the process's zone */
  timezone?: string
  /** ANSI colors by level */
  colors?: boolean
  /** append the record's other fields as ` key=value` (default true) */
  fields?: boolean
  /** for records with an error field, print its stack on the following lines (default false) */
  stacks?: boolean
}

/** Keys shown in the fixed segments, or not worth a console line. */
const SKIP = new Set(['timestamp', 'level', 'category', 'message', 'event_id', 'account_id'])

const LABELS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  critical: 'CRIT ',
}

type Paint = (s: string) => string

function levelPaint(c: Colors): Record<string, Paint> {
  return {
    trace: c.gray,
    debug: c.blue,
    info: c.green,
    warn: c.yellow,
    error: c.red,
    critical: (s) => c.bold(c.red(s)),
  }
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n))

/** `HH:MM:SS` of an epoch-ms time in a zone; the Intl formatter is built once per zone. */
function clockFor(timezone: string): (ms: number) => string {
  if (timezone === 'local') {
    return (ms) => {
      const d = new Date(ms)
      return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
    }
  }
  if (timezone === 'UTC') {
    return (ms) => {
      const d = new Date(ms)
      return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
    }
  }
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  return (ms) => {
    let h = '00'
    let m = '00'
    let s = '00'
    for (const part of dtf.formatToParts(ms)) {
      if (part.type === 'hour') h = part.value
      else if (part.type === 'minute') m = part.value
      else if (part.type === 'second') s = part.value
    }
    return `${h}:${m}:${s}`
  }
}

/** Throws a RangeError for a zone Intl does not know; used to validate options at start. */
export function checkTimezone(timezone: string): void {
  if (timezone !== 'local') new Intl.DateTimeFormat('en-US', { timeZone: timezone })
}

/** A value in the key=value tail: bare when it is one plain token, JSON otherwise. */
function tailValue(v: unknown): string {
  if (typeof v === 'string') return v !== '' && /^[\w.:/@+-]+$/.test(v) ? v : sanitize(JSON.stringify(v))
  if (v === null || typeof v !== 'object') return String(v)
  // an error as serialized by logwarden: its one-line summary; the stack is for `stacks`
  const e = v as Record<string, unknown>
  if (typeof e.type === 'string' && typeof e.message === 'string' && 'stack' in e) {
    return sanitize(JSON.stringify(`${e.type}: ${e.message}`))
  }
  return sanitize(JSON.stringify(v))
}

export type Formatter = (record: Record<string, unknown>) => string

/** Builds a formatter for one set of options (the zone's formatter and the palette are made once). */
export function createFormatter(options: FormatOptions = {}): Formatter {
  const c = pc.createColors(options.colors === true)
  const paint = levelPaint(c)
  const clock = clockFor(options.timezone ?? 'local')
  const showFields = options.fields !== false
  const showStacks = options.stacks === true
  // records of one burst share their second: the clock string is reused
  let lastSecond = Number.NaN
  let lastClock = ''

  function time(ts: unknown): string {
    const ms = typeof ts === 'string' ? Date.parse(ts) : typeof ts === 'number' ? ts : Number.NaN
    if (!Number.isFinite(ms)) return '--:--:--.---'
    const second = Math.floor(ms / 1000)
    if (second !== lastSecond) {
      lastSecond = second
      lastClock = clock(ms)
    }
    return `${lastClock}.${pad3(ms - second * 1000)}`
  }

  return (record) => {
    const level = typeof record.level === 'string' ? record.level : 'info'
    const label = LABELS[level] ?? sanitize(level.toUpperCase().slice(0, 5).padEnd(5))
    const levelText = (paint[level] ?? c.reset)(label)
    const category = sanitize(String(record.category ?? '-'))
    let line = `${c.dim(`[${time(record.timestamp)}]`)} ${levelText} | ${c.cyan(category)} | `
    if (record.account_id !== undefined && record.account_id !== null) {
      line += `${c.magenta(sanitize(String(record.account_id)))} | `
    }
    line += sanitize(typeof record.message === 'string' ? record.message : String(record.message ?? ''))
    const stacks: string[] = []
    if (showFields || showStacks) {
      let tail = ''
      for (const key in record) {
        if (SKIP.has(key)) continue
        const v = record[key]
        if (showFields) tail += ` ${sanitize(key)}=${tailValue(v)}`
        if (showStacks && v !== null && typeof v === 'object' && typeof (v as { stack?: unknown }).stack === 'string') {
          stacks.push((v as { stack: string }).stack)
        }
      }
      if (tail !== '') line += c.dim(tail)
    }
    for (const stack of stacks) {
      for (const l of stack.split('\n')) line += `\n    ${c.dim(sanitize(l.trim()))}`
    }
    return line
  }
}

const cache = new Map<string, Formatter>()

/**
 * Formats one parsed JSON record as a console line (no trailing newline). Pure: the same record
 * and options always give the same text; formatters are cached per options.
 */
export function formatLine(record: Record<string, unknown>, options: FormatOptions = {}): string {
  const key = `${options.timezone ?? 'local'}|${options.colors === true}|${options.fields !== false}|${options.stacks === true}`
  let f = cache.get(key)
  if (!f) {
    f = createFormatter(options)
    cache.set(key, f)
  }
  return f(record)
}
