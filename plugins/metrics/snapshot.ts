/**
 * Periodic snapshots: every `snapshot.every`, one `metrics` record carrying every metric's
 * current values, in a category of its own, so the figures stay in the log files for offline
 * analysis after Prometheus has forgotten them.
 */
import type { Pipeline } from '../../core/pipeline.js'
import type { MetricFamily, MetricsRegistry } from '../../core/metrics/index.js'
import { LEVELS } from '../../core/levels.js'
import { parseDuration } from '../../lib/util/index.js'
import type { MetricsOptions } from './schema.js'

/** `name{a="x"}` → value, one entry per series (histogram buckets left out: _sum and _count stay). */
export function flatten(families: MetricFamily[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of families)
    for (const s of f.samples) {
      if (s.suffix === '_bucket') continue
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')
      out[`${f.name}${s.suffix}${labels ? `{${labels}}` : ''}`] = s.value
    }
  return out
}

export class Snapshots {
  #timer: NodeJS.Timeout | undefined
  readonly #everyMs: number

  constructor(
    private readonly pipeline: Pipeline,
    private readonly metrics: MetricsRegistry,
    private readonly options: MetricsOptions,
  ) {
    this.#everyMs = parseDuration(options.snapshot.every ?? 0) ?? 0
  }

  start(): void {
    if (this.#everyMs <= 0) return
    this.#timer = setInterval(() => void this.write(), this.#everyMs).unref()
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  async write(): Promise<void> {
    const values = flatten(await this.metrics.collect())
    this.pipeline.log(LEVELS.info, this.options.snapshot.category ?? 'metrics', 'metrics snapshot', { event: 'metrics', metrics: values })
  }
}
