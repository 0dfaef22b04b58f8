/**
 * One logger's metrics (`log.metrics`): the application's counters, gauges, histograms and
 * summaries, plus collectors that compute families when scraped (logwarden's own figures, a
 * prom-client registry). It belongs to the logger, not to a config: a reload keeps every value.
 */
import { MetricErrors } from './errors.js'
import {
  Counter,
  Gauge,
  Histogram,
  Summary,
  checkMetricName,
  type AnyMetric,
  type HistogramOptions,
  type MetricOptions,
  type SummaryOptions,
} from './metric.js'
import type { Collector, MetricFamily } from './types.js'

type Ctor<M> = new (opts: never) => M

export class MetricsRegistry {
  #metrics = new Map<string, AnyMetric>()
  #collectors = new Map<string, Collector>()
  /** prefixed (with `_`) to the application's metric names when collected; set by the metrics plugin */
  namespace = ''

  counter(opts: MetricOptions): Counter {
    return this.#getOrCreate(Counter, 'counter', opts)
  }

  gauge(opts: MetricOptions): Gauge {
    return this.#getOrCreate(Gauge, 'gauge', opts)
  }

  histogram(opts: HistogramOptions): Histogram {
    return this.#getOrCreate(Histogram, 'histogram', opts)
  }

  summary(opts: SummaryOptions): Summary {
    return this.#getOrCreate(Summary, 'summary', opts)
  }

  /** The metric registered under this name, if any. */
  get(name: string): AnyMetric | undefined {
    return this.#metrics.get(name)
  }

  /** Forgets a metric (its name may then be registered again, with another shape). */
  remove(name: string): void {
    this.#metrics.delete(name)
  }

  /** Adds (or replaces, by key) a source of families computed at each collection; returns its removal. */
  addCollector(key: string, collector: Collector): () => void {
    this.#collectors.set(key, collector)
    return () => {
      if (this.#collectors.get(key) === collector) this.#collectors.delete(key)
    }
  }

  /** The application's metrics (namespaced), then every collector's; a failing collector is skipped and named in `errors`. */
  async collect(errors: string[] = []): Promise<MetricFamily[]> {
    const out = this.collectOwn()
    for (const [key, c] of this.#collectors) {
      try {
        out.push(...(await c()))
      } catch (err) {
        errors.push(`${key}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    return out
  }

  /** The application's metrics only, synchronously. */
  collectOwn(): MetricFamily[] {
    const prefix = this.namespace ? `${this.namespace}_` : ''
    return [...this.#metrics.values()].map((m) => m.collect(prefix + m.name))
  }

  /** Same name and shape: the existing metric (so a handler may declare it where it uses it). */
  #getOrCreate<M extends AnyMetric>(ctor: Ctor<M>, type: M['type'], opts: MetricOptions): M {
    checkMetricName(opts.name)
    const had = this.#metrics.get(opts.name)
    if (had) {
      const labels = (opts.labelNames ?? []).join(',')
      if (had.type !== type || had.labelNames.join(',') !== labels)
        throw MetricErrors.CONFLICT(opts.name, `a ${had.type} [${had.labelNames.join(', ')}]`, `a ${type} [${labels.split(',').filter(Boolean).join(', ')}]`)
      return had as M
    }
    const m = new ctor(opts as never)
    this.#metrics.set(opts.name, m)
    return m
  }
}
