/**
 * Threshold rules over any metric: `event_loop_delay_p99 > 200ms for 30s`, `rss > 1.5GB`,
 * `sink_queue{sink="notify-discord"} > 1000`, `app_orders_total{side="buy"} >= 5`. A rule that
 * holds for its `for` duration logs `threshold_exceeded` once; it logs `threshold_recovered` once
 * the value has been back past a 10% band (hysteresis) for the same duration. No flapping: a
 * value hovering at the limit neither fires on a single sample (with `for`) nor recovers and fires
 * again on each crossing.
 */
import type { MetricFamily } from '../../core/metrics/index.js'
import { LEVELS } from '../../core/levels.js'
import { parseDuration } from '../../lib/util/index.js'

type Op = '>' | '>=' | '<' | '<='

export interface Rule {
  /** the rule as written */
  text: string
  name: string
  metric: string
  matchers: Record<string, string>
  op: Op
  limit: number
  /** how the limit was written (200ms, 1.5GB) for messages */
  limitText: string
  forMs: number
  level: 'warn' | 'error' | 'critical'
}

/** Short names for logwarden's own metrics, as the rules (and people) write them. */
export const ALIASES: Record<string, string> = {
  event_loop_delay_p50: 'logwarden_event_loop_delay_p50_seconds',
  event_loop_delay_p99: 'logwarden_event_loop_delay_p99_seconds',
  event_loop_delay_max: 'logwarden_event_loop_delay_max_seconds',
  event_loop_utilization: 'logwarden_event_loop_utilization_ratio',
  rss: 'logwarden_process_resident_memory_bytes',
  heap_used: 'logwarden_process_heap_used_bytes',
  sink_queue: 'logwarden_sink_queue_records',
  sink_dropped: 'logwarden_sink_records_dropped_total',
  sink_failed: 'logwarden_sink_records_failed_total',
  records: 'logwarden_records_total',
  notifications: 'logwarden_notifications_total',
}

const RULE_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(>=|<=|>|<)\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z%]*)\s*(?:for\s+(\S+))?\s*$/
const MATCHER_RE = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/y
const UNITS: Record<string, number> = {
  '': 1,
  ms: 1e-3,
  s: 1,
  min: 60,
  h: 3600,
  '%': 0.01,
  B: 1,
  KB: 1024,
  KiB: 1024,
  MB: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1024 ** 3,
  GiB: 1024 ** 3,
}

const SYNTAX = 'write `metric{label="value"} > 200ms for 30s` (operators > >= < <=; units ms s min h, % , B KB MB GB)'

export function parseRule(input: string | { rule: string; level?: Rule['level']; name?: string }): Rule {
  const spec = typeof input === 'string' ? { rule: input } : input
  const m = RULE_RE.exec(spec.rule)
  if (!m) throw new Error(`monitor rule "${spec.rule}" is not understood: ${SYNTAX}`)
  const [, metric, braces, op, num, unit, forText] = m
  if (!(unit in UNITS)) throw new Error(`monitor rule "${spec.rule}": unknown unit "${unit}": ${SYNTAX}`)
  const matchers: Record<string, string> = {}
  if (braces) {
    const inner = braces.slice(1, -1)
    MATCHER_RE.lastIndex = 0
    while (MATCHER_RE.lastIndex < inner.length) {
      const at = MATCHER_RE.lastIndex
      const mm = MATCHER_RE.exec(inner)
      if (!mm || MATCHER_RE.lastIndex === at) throw new Error(`monitor rule "${spec.rule}": labels must read {name="value", …}`)
      matchers[mm[1]] = mm[2].replace(/\\(.)/g, '$1')
    }
  }
  const forMs = forText === undefined ? 0 : parseDuration(forText)
  if (forMs === undefined) throw new Error(`monitor rule "${spec.rule}": "for ${forText}" is not a duration (ms, s, min, h)`)
  return {
    text: spec.rule.trim(),
    name: spec.name ?? metric,
    metric: ALIASES[metric] ?? metric,
    matchers,
    op: op as Op,
    limit: Number(num) * UNITS[unit],
    limitText: `${num}${unit}`,
    forMs,
    level: spec.level ?? 'warn',
  }
}

export function parseRules(rules: ReadonlyArray<string | { rule: string; level?: Rule['level']; name?: string }>): Rule[] {
  return rules.map(parseRule)
}

/** The rule's metric now: the sum over the series its labels select; undefined when none exists. */
export function valueOf(rule: Rule, families: MetricFamily[]): number | undefined {
  let sum: number | undefined
  for (const f of families) {
    if (f.name !== rule.metric && f.name !== `${rule.metric}_total`) continue
    for (const s of f.samples) {
      if (s.suffix !== '') continue
      let ok = true
      for (const k in rule.matchers) if (s.labels[k] !== rule.matchers[k]) ok = false
      if (ok) sum = (sum ?? 0) + s.value
    }
  }
  return sum
}

function holds(op: Op, v: number, limit: number): boolean {
  return op === '>' ? v > limit : op === '>=' ? v >= limit : op === '<' ? v < limit : v <= limit
}

/** Clear of the limit by the band: 10% of it (so a value hovering at the limit stays firing). */
function clear(op: Op, v: number, limit: number): boolean {
  const band = Math.abs(limit) * 0.1
  return op === '>' || op === '>=' ? v < limit - band : v > limit + band
}

interface RuleState {
  firing: boolean
  /** since when the condition (or, firing, the recovery) has held; undefined when it does not */
  since: number | undefined
  firedAt: number
  peak: number
}

export type Emit = (level: number, message: string, fields: Record<string, unknown>) => void

export class Monitor {
  #states: RuleState[]

  constructor(
    readonly rules: Rule[],
    private readonly families: () => MetricFamily[],
    private readonly emit: Emit,
    private readonly now: () => number = Date.now,
  ) {
    this.#states = rules.map(() => ({ firing: false, since: undefined, firedAt: 0, peak: 0 }))
  }

  /** One evaluation of every rule (each sampling interval). */
  evaluate(): void {
    if (this.rules.length === 0) return
    const families = this.families()
    const t = this.now()
    this.rules.forEach((rule, i) => {
      const st = this.#states[i]
      const v = valueOf(rule, families)
      if (v === undefined) return
      const fmt = (x: number) => formatLike(rule, x)
      if (!st.firing) {
        if (!holds(rule.op, v, rule.limit)) return void (st.since = undefined)
        st.since ??= t
        st.peak = Math.max(st.peak, v)
        if (t - st.since < rule.forMs) return
        st.firing = true
        st.firedAt = t
        const heldMs = t - st.since
        st.since = undefined
        this.emit(LEVELS[rule.level], `threshold exceeded: ${rule.text} (value ${fmt(v)})`, {
          event: 'threshold_exceeded',
          ...ruleFields(rule, v),
          duration_ms: heldMs,
          severity: rule.level,
        })
        return
      }
      if (!clear(rule.op, v, rule.limit)) return void (st.since = undefined)
      st.since ??= t
      if (t - st.since < rule.forMs) return
      st.firing = false
      st.since = undefined
      st.peak = 0
      this.emit(LEVELS.info, `threshold recovered: ${rule.text} (value ${fmt(v)})`, {
        event: 'threshold_recovered',
        ...ruleFields(rule, v),
        duration_ms: t - st.firedAt,
      })
    })
  }

  /** Which rules fire now (for status). */
  firing(): string[] {
    return this.rules.filter((_, i) => this.#states[i].firing).map((r) => r.text)
  }
}

/** A value in the unit its rule's limit was written in (512ms, 1.6GB). */
/** What threshold_exceeded and threshold_recovered both say of the rule and the value that moved it. */
function ruleFields(rule: Rule, value: number): Record<string, unknown> {
  return { rule: rule.text, name: rule.name, metric: rule.metric, labels: rule.matchers, value, limit: rule.limit }
}

function formatLike(rule: Rule, v: number): string {
  const unit = rule.limitText.replace(/^[0-9.]+/, '')
  const scale = UNITS[unit] ?? 1
  return `${Number((v / scale).toPrecision(4))}${unit}`
}
