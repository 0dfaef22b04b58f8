/**
 * prom-client interop, both ways. Into logwarden: a prom-client registry's metrics (your own, or
 * its default process metrics) are collected with logwarden's at each scrape. Out of logwarden:
 * `promCollector(log.metrics)` is a prom-client metric that yields logwarden's families, so an
 * app already serving prom-client's registry gets them too.
 */
import type { MetricFamily, MetricsRegistry, MetricType, Sample } from '../../core/metrics/index.js'

/** The part of prom-client's Registry this needs (so any 15.x registry fits). */
export interface PromRegistryLike {
  // prom-client types `type` as its own enum of strings: read as unknown, checked here
  getMetricsAsJSON(): Promise<unknown[]>
}

export interface PromMetricJson {
  name: string
  help: string
  type: string
  values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }>
}

const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary'])
const SUFFIXES = ['_bucket', '_sum', '_count'] as const

function toSample(name: string, v: PromMetricJson['values'][number]): Sample {
  const labels: Record<string, string> = {}
  for (const [k, x] of Object.entries(v.labels ?? {})) labels[k] = String(x)
  const suffix = v.metricName !== undefined && v.metricName !== name ? (SUFFIXES.find((s) => v.metricName === name + s) ?? '') : ''
  return { suffix, labels, value: v.value }
}

/** prom-client's JSON as metric families; `skip` leaves some out by name. */
export function fromPromJson(json: PromMetricJson[], skip: (m: PromMetricJson) => boolean = () => false): MetricFamily[] {
  const out: MetricFamily[] = []
  for (const m of json) {
    if (skip(m)) continue
    const type = (TYPES.has(m.type as MetricType) ? m.type : 'gauge') as MetricType
    // our families name counters with their _total, as the text format writes them
    const name = type === 'counter' && !m.name.endsWith('_total') ? `${m.name}_total` : m.name
    out.push({ name, help: m.help, type, samples: m.values.map((v) => toSample(m.name, v)) })
  }
  return out
}

/** A logwarden collector that reads a prom-client registry at each scrape. */
export function collectFromProm(registry: PromRegistryLike, skip?: (m: PromMetricJson) => boolean): () => Promise<MetricFamily[]> {
  return async () => fromPromJson((await registry.getMetricsAsJSON()) as PromMetricJson[], skip)
}

/**
 * Puts a prom-client registry's metrics into logwarden's /metrics: `includePromRegistry(log.metrics, register)`.
 * Returns the function that takes it out again.
 */
export function includePromRegistry(metrics: MetricsRegistry, registry: PromRegistryLike, key = 'prom-client'): () => void {
  return metrics.addCollector(key, collectFromProm(registry))
}

/**
 * logwarden's metrics as one prom-client "metric" per family, for `promRegistry.registerMetric(...)`.
 * prom-client asks each metric for `get()` at scrape; these answer from the logwarden registry then.
 */
export function promMetricsOf(
  metrics: MetricsRegistry,
  families: MetricFamily[],
): Array<{ name: string; help: string; type: string; aggregator: string; get(): Promise<PromMetricJson>; reset(): void }> {
  return families.map((f) => {
    // prom-client writes counters under the name given: keep the _total we add
    const name = f.name
    return {
      name,
      help: f.help,
      type: f.type,
      aggregator: 'sum',
      reset() {},
      async get() {
        const now = (await metrics.collect()).find((x) => x.name === name) ?? f
        return {
          name,
          help: f.help,
          type: f.type,
          aggregator: 'sum',
          values: now.samples.map((s) => ({ value: s.value, labels: s.labels, metricName: name + s.suffix })),
        }
      },
    }
  })
}

/**
 * Registers every metric logwarden has now (its own and the application's) into a prom-client
 * registry, answered live at each scrape: `await exportToPromRegistry(log.metrics, register)`.
 * Metrics created later need another call (names already there are skipped).
 */
export async function exportToPromRegistry(
  metrics: MetricsRegistry,
  registry: { registerMetric(m: never): void; getSingleMetric(name: string): unknown },
): Promise<string[]> {
  const added: string[] = []
  for (const m of promMetricsOf(metrics, await metrics.collect())) {
    if (registry.getSingleMetric(m.name)) continue
    registry.registerMetric(m as never)
    added.push(m.name)
  }
  return added
}
