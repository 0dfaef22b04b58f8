import type { Severity } from './types.js'

/** Numeric levels as in core/levels.ts; the record carries the label. */
const LEVEL_BY_LABEL: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  warning: 40,
  error: 50,
  critical: 60,
  fatal: 60,
}

/** A record's numeric level from its label (or number); unknown labels count as info. */
export function recordLevel(level: unknown): number {
  if (typeof level === 'number' && Number.isFinite(level)) return level
  if (typeof level === 'string') return LEVEL_BY_LABEL[level.toLowerCase()] ?? 30
  return 30
}

/** Parses a level given in options (name or number); undefined when unknown. */
export function parseLevel(input: unknown): number | undefined {
  if (typeof input === 'number' && Number.isFinite(input)) return input
  if (typeof input === 'string') return LEVEL_BY_LABEL[input.toLowerCase()]
  return undefined
}

/** info below warn, warning for warn, critical for error and critical. */
export function severityOf(level: number): Severity {
  if (level >= 50) return 'critical'
  if (level >= 40) return 'warning'
  return 'info'
}

/** The record's severity: its own `severity` field when valid, else from its level. */
export function recordSeverity(record: Record<string, unknown>): Severity {
  const own = record.severity
  if (own === 'info' || own === 'warning' || own === 'critical') return own
  return severityOf(recordLevel(record.level))
}

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical']

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export function maxSeverity(list: Iterable<Severity>): Severity {
  let best: Severity = 'info'
  for (const s of list) if (RANK[s] > RANK[best]) best = s
  return best
}

export const SEVERITY_EMOJI: Record<Severity, string> = {
  info: 'ℹ️',
  warning: '⚠️',
  critical: '🚨',
}

/** Embed colors: info blue, warning amber, critical red (#FF0000 as in seed 001). */
export const SEVERITY_COLOR: Record<Severity, number> = {
  info: 0x3498db,
  warning: 0xffbf00,
  critical: 0xff0000,
}
