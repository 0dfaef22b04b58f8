/** What a registry collects: metric families with their samples, ready for any exposition format. */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary'

/** Label values by label name; numbers are written as text. */
export type Labels = Record<string, string | number>

export interface Sample {
  /** appended to the family name: '' for counters and gauges, `_bucket`, `_sum`, `_count` */
  suffix: '' | '_bucket' | '_sum' | '_count'
  labels: Record<string, string>
  value: number
}

export interface MetricFamily {
  /** the exposed name; a counter's ends in `_total` */
  name: string
  help: string
  type: MetricType
  samples: Sample[]
}

/** A source of families computed when collected (logwarden's own metrics, a prom-client registry). */
export type Collector = () => MetricFamily[] | Promise<MetricFamily[]>
