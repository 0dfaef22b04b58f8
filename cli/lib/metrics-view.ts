/** `logwarden metrics` and the additions to `logwarden status`: metric families and health checks as tables. */
import type { MetricFamily } from '../../core/metrics/index.js'
import type { StatusExtras } from '../../lib/control-api/index.js'
import type { Colors } from '../../lib/human/index.js'
import { table } from './table.js'

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`)
  return parts.length ? parts.join(' ') : '-'
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))
}

/**
 * One row per series; a histogram or summary shows its count and sum (and a summary its
 * quantiles) rather than every bucket.
 */
export function renderMetrics(families: MetricFamily[], c: Colors): string {
  const rows: string[][] = []
  for (const f of families) {
    for (const s of f.samples) {
      if (s.suffix === '_bucket') continue
      rows.push([f.name + s.suffix, f.type, labelText(s.labels), num(s.value)])
    }
  }
  if (rows.length === 0) return '(no metrics)'
  return table([c.bold('metric'), c.bold('type'), c.bold('labels'), c.bold('value')], rows)
}

/** RECORDS (by level) and HEALTH (the scheduled checks), when the daemon runs the metrics plugin. */
export function renderStatusExtras(s: StatusExtras, c: Colors): string[] {
  const out: string[] = []
  if (s.records) {
    out.push('', c.bold('RECORDS'))
    const levels = Object.entries(s.records)
    out.push(levels.length === 0 ? '  (none yet)' : `  ${levels.map(([level, n]) => `${level} ${n}`).join(', ')}`)
  }
  if (s.health) {
    out.push('', c.bold('HEALTH CHECKS (scheduled)'))
    if (s.health.length === 0) out.push('  (none run yet)')
    for (const h of s.health) {
      const since = h.ok || !h.since ? '' : ` (failing since ${h.since})`
      out.push(`  ${h.ok ? c.green('✓') : c.red('✗')} ${h.name.padEnd(36)} ${h.detail}${since} — at ${h.at}`)
    }
  }
  return out
}
