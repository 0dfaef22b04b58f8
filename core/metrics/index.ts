/** The metrics API (`log.metrics`): counters, gauges, histograms, summaries, and the registry's collectors. */
export { MetricsRegistry } from './registry.js'
export {
  Counter,
  Gauge,
  Histogram,
  Summary,
  DEFAULT_BUCKETS,
  type MetricOptions,
  type HistogramOptions,
  type SummaryOptions,
  type EndTimer,
  type AnyMetric,
} from './metric.js'
export type { Labels, MetricFamily, MetricType, Sample, Collector } from './types.js'
export { MetricErrors } from './errors.js'
