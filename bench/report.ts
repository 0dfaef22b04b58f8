/** Medians, the table with ratios to pino, target checks, and the results.json document. */
import { availableParallelism, cpus, release } from 'node:os'
import type { BenchCase, Metric, Target } from './case.js'
import type { RunResult } from './result.js'

export const METRICS: Metric[] = ['call_ns', 'main_cpu_ns', 'process_cpu_ns', 'records_per_s', 'peak_rss_mb', 'ready_ms']

/** A case's medians: a run's figures without its per-run notes, plus the runs themselves. */
export type CaseSummary = Omit<RunResult, 'cpu_clock' | 'load1'> & { runs: RunResult[] }

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const round = (v: number, digits: number) => Number(v.toFixed(digits))

/** Each metric's median over the runs, on its own (the runs need not agree on which is "best"). */
export function summarize(name: string, runs: RunResult[]): CaseSummary {
  const m = (k: Metric) => median(runs.map((r) => r[k]))
  return {
    name,
    call_ns: round(m('call_ns'), 1),
    main_cpu_ns: round(m('main_cpu_ns'), 1),
    process_cpu_ns: round(m('process_cpu_ns'), 1),
    records_per_s: Math.round(m('records_per_s')),
    peak_rss_mb: round(m('peak_rss_mb'), 1),
    ready_ms: round(m('ready_ms'), 1),
    lines: median(runs.map((r) => r.lines)),
    runs,
  }
}

export function systemInfo() {
  const list = cpus()
  return {
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    available_parallelism: availableParallelism(),
  }
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)))
  return cells.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n')
}

const int = (v: number) => Math.round(v).toLocaleString('en-US')
const ratio = (v: number, ref: number | undefined) => (ref ? ` (${(v / ref).toFixed(2)}x)` : '')

/**
 * The summary table; the number in parentheses is the case's value divided by its reference's
 * (pino's unless the case names another, e.g. the app case compares with pino/file).
 */
export function table(summaries: CaseSummary[], references: Map<string, string> = new Map()): string {
  const byName = new Map(summaries.map((s) => [s.name, s]))
  const rows = [
    ['case', 'call ns', 'main CPU ns/rec', 'all-threads CPU ns/rec', 'records/s', 'peak RSS MB', 'ready ms', 'lines'],
    ...summaries
      .map((s) => [s, byName.get(references.get(s.name) ?? 'pino')] as const)
      .map(([s, ref]) => [
        s.name,
        s.call_ns.toFixed(0) + ratio(s.call_ns, ref?.call_ns),
        s.main_cpu_ns.toFixed(0) + ratio(s.main_cpu_ns, ref?.main_cpu_ns),
        s.process_cpu_ns.toFixed(0) + ratio(s.process_cpu_ns, ref?.process_cpu_ns),
        int(s.records_per_s) + ratio(s.records_per_s, ref?.records_per_s),
        s.peak_rss_mb.toFixed(1) + ratio(s.peak_rss_mb, ref?.peak_rss_mb),
        s.ready_ms.toFixed(0) + ratio(s.ready_ms, ref?.ready_ms),
        int(s.lines),
      ]),
  ]
  return pad(rows)
}

export function runLine(r: RunResult): string {
  return (
    `call ${r.call_ns.toFixed(0)} ns, main CPU ${r.main_cpu_ns.toFixed(0)} ns/rec, all threads ${r.process_cpu_ns.toFixed(0)} ns/rec, ` +
    `${int(r.records_per_s)} rec/s, peak RSS ${r.peak_rss_mb.toFixed(1)} MB, ready ${r.ready_ms.toFixed(0)} ms, ${int(r.lines)} lines` +
    (r.load1 !== undefined ? ` (load ${r.load1.toFixed(2)})` : '')
  )
}

export interface TargetCheck {
  case: string
  text: string
  /** undefined when the case it compares with did not run */
  met?: boolean
}

export function checkTargets(cases: BenchCase[], summaries: CaseSummary[]): TargetCheck[] {
  const byName = new Map(summaries.map((s) => [s.name, s]))
  const checks: TargetCheck[] = []
  for (const c of cases) {
    const self = byName.get(c.name)
    if (!self) continue
    for (const t of c.targets ?? []) checks.push('value' in t ? checkValue(c.name, self, t) : check(c.name, self, byName.get(t.of), t))
  }
  return checks
}

function checkValue(name: string, self: CaseSummary, t: Extract<Target, { value: number }>): TargetCheck {
  const mine = self[t.metric]
  const met = t.op === '<=' ? mine <= t.value : mine >= t.value
  return { case: name, text: `${name}: ${t.metric} ${t.op} ${fmt(t.value)}: ${fmt(mine)} ${met ? 'MET' : 'MISSED'}`, met }
}

function check(name: string, self: CaseSummary, other: CaseSummary | undefined, t: Extract<Target, { of: string }>): TargetCheck {
  const factor = t.factor ?? 1
  const goal = `${t.metric} ${t.op} ${factor === 1 ? '' : `${factor} x `}${t.of}`
  if (!other) return { case: name, text: `${name}: ${goal}: n/a (${t.of} did not run)` }
  const limit = other[t.metric] * factor
  const mine = self[t.metric]
  const met = t.op === '<=' ? mine <= limit : mine >= limit
  const text = `${name}: ${goal}: ${fmt(mine)} vs ${fmt(limit)} (${(mine / other[t.metric]).toFixed(2)}x ${t.of}) ${met ? 'MET' : 'MISSED'}`
  return { case: name, text, met }
}

const fmt = (v: number) => (v >= 1000 ? int(v) : v.toFixed(1))
