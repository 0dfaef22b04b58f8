/**
 * logwarden's own figures as metric families: records by category and level (counted in the
 * aggregate hook), and per sink what the core's lane stats say — written, dropped, failed,
 * queued, restarts — plus every counter a sink's worker reports through `ctx.count()` (rotations,
 * fsync failures, a notifier's sent/failed/retried per channel). Worker counters reach the host
 * as deltas with each acknowledgement, so a restarted worker never counts twice; a reload starts
 * new lanes from zero, so the old ones' final figures are carried into the new ones' totals.
 */
import type { LaneStats, Pipeline } from '../../core/pipeline.js'
import type { MetricFamily, Sample } from '../../core/metrics/index.js'
import { levelLabel } from '../../core/levels.js'
import { WRITE_MS_BUCKETS } from '../../core/lanes/write-times.js'

const NOTIFY_OUTCOMES = new Set(['sent', 'failed', 'retried', 'dropped', 'spooled', 'rate-limited', 'aggregated', 'silenced'])

/** Per-logger state that outlives a reload (the metrics plugin is applied again on each). */
export class OwnMetrics {
  /** category → counts indexed by level / 10 (levels are multiples of 10) */
  readonly records = new Map<string, Float64Array>()
  /** sink → counter → what retired lanes (before a reload) had counted */
  readonly #retired = new Map<string, { kind: string; totals: Record<string, number> }>()
  #current: Pipeline | undefined

  count(category: string, level: number): void {
    let row = this.records.get(category)
    if (row === undefined) this.records.set(category, (row = new Float64Array(8)))
    row[Math.min(7, (level / 10) | 0)]++
  }

  /** Records per level name, over every category. */
  recordsByLevel(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const row of this.records.values())
      for (let i = 1; i < row.length; i++) if (row[i] > 0) out[levelLabel(i * 10)] = (out[levelLabel(i * 10)] ?? 0) + row[i]
    return out
  }

  /**
   * The pipeline now serving. Called from its init hook: by then a reload has closed the previous
   * one, whose lanes' figures are final and carried over.
   */
  serve(pipeline: Pipeline): void {
    const prev = this.#current
    this.#current = pipeline
    if (!prev || prev === pipeline) return
    for (const l of prev.stats().lanes) {
      const r = this.#retired.get(l.name) ?? { kind: l.kind, totals: {} }
      for (const [k, v] of Object.entries(totalsOf(l))) r.totals[k] = (r.totals[k] ?? 0) + v
      this.#retired.set(l.name, r)
    }
  }

  collect(): MetricFamily[] {
    const lanes = this.#current?.stats().lanes ?? []
    const totals = new Map<string, { kind: string; t: Record<string, number> }>()
    for (const [name, r] of this.#retired) totals.set(name, { kind: r.kind, t: { ...r.totals } })
    for (const l of lanes) {
      const e = totals.get(l.name) ?? { kind: l.kind, t: {} }
      e.kind = l.kind
      for (const [k, v] of Object.entries(totalsOf(l))) e.t[k] = (e.t[k] ?? 0) + v
      totals.set(l.name, e)
    }

    const fam = (name: string, type: 'counter' | 'gauge', help: string, samples: Sample[]): MetricFamily => ({ name, type, help, samples })
    const perSink = (key: string) => [...totals].map(([sink, e]) => ({ suffix: '' as const, labels: { sink, kind: e.kind }, value: e.t[key] ?? 0 }))
    const events: Sample[] = []
    const notifications: Sample[] = []
    for (const [sink, e] of totals) {
      for (const [k, v] of Object.entries(e.t)) {
        if (!k.startsWith('c:')) continue
        const counter = k.slice(2)
        const dot = counter.indexOf('.')
        if (dot > 0 && e.kind.startsWith('notify-')) {
          const outcome = counter.slice(dot + 1)
          if (NOTIFY_OUTCOMES.has(outcome)) notifications.push({ suffix: '', labels: { notifier: sink, channel: counter.slice(0, dot), outcome }, value: v })
          continue
        }
        events.push({ suffix: '', labels: { sink, kind: e.kind, event: counter }, value: v })
      }
    }
    const records: Sample[] = []
    for (const [category, row] of this.records)
      for (let i = 1; i < row.length; i++) if (row[i] > 0) records.push({ suffix: '', labels: { category, level: levelLabel(i * 10) }, value: row[i] })

    return [
      fam('logwarden_records_total', 'counter', 'Records logged, by category and level (after the level check, before the sinks).', records),
      fam('logwarden_sink_records_accepted_total', 'counter', 'Records routed to the sink.', perSink('accepted')),
      fam('logwarden_sink_records_written_total', 'counter', 'Records the sink confirmed written.', perSink('written')),
      fam('logwarden_sink_records_dropped_total', 'counter', "Records dropped by the sink queue's overflow policy.", perSink('dropped')),
      fam('logwarden_sink_records_failed_total', 'counter', 'Records the sink could not write (sent to the emergency output).', perSink('failed')),
      fam('logwarden_sink_restarts_total', 'counter', "Times the sink's worker died and the sink was restarted.", perSink('restarts')),
      fam(
        'logwarden_sink_queue_records',
        'gauge',
        'Records waiting in the sink queue (not yet confirmed).',
        lanesNow(lanes, (l) => l.queued),
      ),
      fam(
        'logwarden_sink_in_flight_batches',
        'gauge',
        'Batches sent to the sink worker and not yet confirmed.',
        lanesNow(lanes, (l) => l.inFlight),
      ),
      {
        name: 'logwarden_sink_write_seconds',
        type: 'histogram',
        help: "Batch write latency: from sending a batch to the sink's worker to its confirmation.",
        samples: writeSeconds(totals),
      },
      fam('logwarden_sink_events_total', 'counter', "What a sink's worker counted (rotated, compressed, fsync_failed, sent, …), by event.", events),
      fam(
        'logwarden_notifications_total',
        'counter',
        'Alerts by notifier, channel and outcome (sent, failed, retried, dropped, spooled, rate-limited, aggregated, silenced).',
        notifications,
      ),
    ]
  }
}

/** The lane's monotonic figures: its own counts, and its worker's counters under `c:`. */
function totalsOf(l: LaneStats): Record<string, number> {
  const out: Record<string, number> = { accepted: l.accepted, written: l.written, dropped: l.dropped, failed: l.failed, restarts: l.restarts }
  for (const [k, v] of Object.entries(l.counters)) out[`c:${k}`] = v
  if (l.writeMs) {
    l.writeMs.counts.forEach((n, i) => (out[`w:${i}`] = n))
    out['w:sum'] = l.writeMs.sumMs
    out['w:count'] = l.writeMs.count
  }
  return out
}

/** The write-latency histogram of each sink, in seconds, from the `w:` totals. */
function writeSeconds(totals: Map<string, { kind: string; t: Record<string, number> }>): Sample[] {
  const out: Sample[] = []
  for (const [sink, e] of totals) {
    if (e.t['w:count'] === undefined) continue
    const labels = { sink, kind: e.kind }
    let cum = 0
    for (let i = 0; i <= WRITE_MS_BUCKETS.length; i++) {
      cum += e.t[`w:${i}`] ?? 0
      out.push({ suffix: '_bucket', labels: { ...labels, le: i < WRITE_MS_BUCKETS.length ? String(WRITE_MS_BUCKETS[i] / 1000) : '+Inf' }, value: cum })
    }
    out.push({ suffix: '_sum', labels, value: e.t['w:sum'] / 1000 })
    out.push({ suffix: '_count', labels, value: e.t['w:count'] })
  }
  return out
}

function lanesNow(lanes: LaneStats[], value: (l: LaneStats) => number): Sample[] {
  return lanes.map((l) => ({ suffix: '', labels: { sink: l.name, kind: l.kind }, value: value(l) }))
}
