/**
 * Counters, gauges, histograms and summaries in prom-client's shapes (`inc(labels?, n?)`,
 * `labels(...).inc()`, `startTimer()`), built for the hot path: a labelled increment is one Map
 * lookup keyed by the label values, with no allocation once the series exists.
 */
import { MetricErrors } from './errors.js'
import type { Labels, MetricFamily, MetricType, Sample } from './types.js'

export interface MetricOptions {
  name: string
  help: string
  labelNames?: readonly string[]
}

export interface HistogramOptions extends MetricOptions {
  /** upper bounds, ascending; `+Inf` is implied */
  buckets?: readonly number[]
}

export interface SummaryOptions extends MetricOptions {
  percentiles?: readonly number[]
  /** the quantiles are computed over this many latest observations */
  maxSamples?: number
}

/** prom-client's default buckets (seconds) */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

function text(v: string | number | undefined): string {
  return v === undefined ? '' : typeof v === 'string' ? v : String(v)
}

export function checkMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw MetricErrors.NAME('metric name', name)
}

/** The end of a timer: records the seconds since start (with labels added now) and returns them. */
export type EndTimer = (labels?: Labels) => number

function now(): number {
  return performance.now()
}

abstract class Metric<S extends { values: string[] }> {
  abstract readonly type: MetricType
  readonly name: string
  readonly help: string
  readonly labelNames: readonly string[]
  /**
   * label value → (next label's value → …) → series: one Map lookup per label, no key string
   * built per call (a joined key costs a concatenation and a fresh hash every time)
   */
  #root = new Map<string, unknown>()
  #single: S | undefined
  #all: S[] = []

  constructor(opts: MetricOptions) {
    checkMetricName(opts.name)
    for (const l of opts.labelNames ?? [])
      if (!LABEL_NAME.test(l) || l.startsWith('__') || l === 'le' || l === 'quantile') throw MetricErrors.NAME('label name', l)
    this.name = opts.name
    this.help = opts.help
    this.labelNames = [...(opts.labelNames ?? [])]
  }

  protected abstract make(values: string[]): S

  /** The series of these labels (created on first use); a missing label is the empty string. */
  protected series(labels: Labels | undefined): S {
    const names = this.labelNames
    const n = names.length
    if (n === 0) return this.#single ?? this.#createSingle()
    // one and two labels (most metrics) without the loop: fewer checks on the hot path
    if (n === 1) {
      const s = this.#root.get(text(labels?.[names[0]])) as S | undefined
      return s ?? this.#create(labels)
    }
    if (n === 2) {
      const inner = this.#root.get(text(labels?.[names[0]])) as Map<string, unknown> | undefined
      const s = inner?.get(text(labels?.[names[1]])) as S | undefined
      return s ?? this.#create(labels)
    }
    let node: Map<string, unknown> | undefined = this.#root
    for (let i = 0; i < n - 1 && node !== undefined; i++) node = node.get(text(labels?.[names[i]])) as Map<string, unknown> | undefined
    return (node?.get(text(labels?.[names[n - 1]])) as S | undefined) ?? this.#create(labels)
  }

  /** A new series, its path of maps created as needed (the slow path, once per label set). */
  #create(labels: Labels | undefined): S {
    const names = this.labelNames
    let node = this.#root
    for (let i = 0; i < names.length - 1; i++) {
      const k = text(labels?.[names[i]])
      let next = node.get(k) as Map<string, unknown> | undefined
      if (next === undefined) node.set(k, (next = new Map()))
      node = next
    }
    const s = this.make(names.map((name) => text(labels?.[name])))
    node.set(text(labels?.[names[names.length - 1]]), s)
    this.#all.push(s)
    return s
  }

  #createSingle(): S {
    this.#single = this.make([])
    this.#all.push(this.#single)
    return this.#single
  }

  /** The series for label values given in labelNames order (prom-client's `labels('a', 'b')`). */
  protected seriesOf(values: Array<string | number>): S {
    const labels: Labels = {}
    this.labelNames.forEach((name, i) => {
      if (values[i] !== undefined) labels[name] = values[i]
    })
    return this.series(labels)
  }

  protected allSeries(): S[] {
    return this.#all
  }

  protected labelsOf(s: S): Record<string, string> {
    const out: Record<string, string> = {}
    for (let i = 0; i < this.labelNames.length; i++) out[this.labelNames[i]] = s.values[i]
    return out
  }

  /** Forgets every series (prom-client's reset). */
  reset(): void {
    this.#root.clear()
    this.#single = undefined
    this.#all = []
  }

  /** Forgets one series. */
  remove(labels: Labels): void {
    const names = this.labelNames
    if (names.length === 0) return this.reset()
    let node: Map<string, unknown> | undefined = this.#root
    for (let i = 0; i < names.length - 1 && node; i++) node = node.get(text(labels[names[i]])) as Map<string, unknown> | undefined
    const k = text(labels[names[names.length - 1]])
    const s = node?.get(k) as S | undefined
    if (!s) return
    node!.delete(k)
    this.#all = this.#all.filter((x) => x !== s)
  }

  abstract collect(exposedName?: string): MetricFamily
}

interface ValueSeries {
  values: string[]
  v: number
}

function split(a: Labels | number | undefined, b: number | undefined, dflt: number): [Labels | undefined, number] {
  return typeof a === 'number' ? [undefined, a] : [a, b ?? dflt]
}

export class Counter extends Metric<ValueSeries> {
  readonly type = 'counter'

  protected make(values: string[]): ValueSeries {
    return { values, v: 0 }
  }

  /** `inc()`, `inc(n)`, `inc(labels)`, `inc(labels, n)`; n must not be negative. */
  inc(labels?: Labels | number, n?: number): void {
    // plain branches, no [labels, n] tuple: this is the hot path
    if (typeof labels === 'number') {
      n = labels
      labels = undefined
    } else if (n === undefined) n = 1
    if (!(n >= 0)) throw new RangeError(`metrics: counter ${this.name} cannot be increased by ${n} (a counter only goes up)`)
    this.series(labels).v += n
  }

  labels(...values: Array<string | number>): { inc(n?: number): void } {
    const s = this.seriesOf(values)
    const name = this.name
    return {
      inc(n = 1) {
        if (!(n >= 0)) throw new RangeError(`metrics: counter ${name} cannot be increased by ${n} (a counter only goes up)`)
        s.v += n
      },
    }
  }

  /** The current value of one series (0 when never increased). */
  get(labels?: Labels): number {
    return this.series(labels).v
  }

  collect(exposedName = this.name): MetricFamily {
    const name = exposedName.endsWith('_total') ? exposedName : `${exposedName}_total`
    return { name, help: this.help, type: 'counter', samples: this.allSeries().map((s) => ({ suffix: '', labels: this.labelsOf(s), value: s.v })) }
  }
}

export class Gauge extends Metric<ValueSeries> {
  readonly type = 'gauge'

  protected make(values: string[]): ValueSeries {
    return { values, v: 0 }
  }

  /** `set(value)` or `set(labels, value)` */
  set(labels: Labels | number, value?: number): void {
    const [l, v] = split(labels, value, 0)
    this.series(l).v = v
  }

  inc(labels?: Labels | number, n?: number): void {
    const [l, by] = split(labels, n, 1)
    this.series(l).v += by
  }

  dec(labels?: Labels | number, n?: number): void {
    const [l, by] = split(labels, n, 1)
    this.series(l).v -= by
  }

  setToCurrentTime(labels?: Labels): void {
    this.series(labels).v = Date.now() / 1000
  }

  /** Sets the gauge to the seconds elapsed when the returned function is called. */
  startTimer(labels?: Labels): EndTimer {
    const start = now()
    return (more) => {
      const s = (now() - start) / 1000
      this.set(more ? { ...labels, ...more } : (labels ?? {}), s)
      return s
    }
  }

  labels(...values: Array<string | number>): { set(v: number): void; inc(n?: number): void; dec(n?: number): void } {
    const s = this.seriesOf(values)
    return {
      set: (v) => void (s.v = v),
      inc: (n = 1) => void (s.v += n),
      dec: (n = 1) => void (s.v -= n),
    }
  }

  get(labels?: Labels): number {
    return this.series(labels).v
  }

  collect(exposedName = this.name): MetricFamily {
    return { name: exposedName, help: this.help, type: 'gauge', samples: this.allSeries().map((s) => ({ suffix: '', labels: this.labelsOf(s), value: s.v })) }
  }
}

/** Runs fn and observes its duration in seconds, also when it throws or its promise rejects. */
/** An end function observing the seconds since now; labels given at the end are added to the start's. */
function startTimerOf(observe: (labels: Labels | undefined, seconds: number) => void, labels?: Labels): EndTimer {
  const start = now()
  return (more) => {
    const sec = (now() - start) / 1000
    observe(more ? { ...labels, ...more } : labels, sec)
    return sec
  }
}

function timeIt<T>(observe: (seconds: number) => void, fn: () => T): T {
  const start = now()
  const done = () => observe((now() - start) / 1000)
  let out: T
  try {
    out = fn()
  } catch (err) {
    done()
    throw err
  }
  if (out !== null && typeof out === 'object' && typeof (out as { then?: unknown }).then === 'function') {
    return (out as unknown as Promise<unknown>).finally(done) as T
  }
  done()
  return out
}

interface HistogramSeries {
  values: string[]
  /** per bucket, not cumulative; the last one is +Inf */
  counts: Float64Array
  sum: number
  count: number
}

export class Histogram extends Metric<HistogramSeries> {
  readonly type = 'histogram'
  readonly buckets: readonly number[]

  constructor(opts: HistogramOptions) {
    super(opts)
    const b = [...(opts.buckets ?? DEFAULT_BUCKETS)].filter((x) => x !== Infinity)
    for (let i = 1; i < b.length; i++) if (!(b[i] > b[i - 1])) throw new RangeError(`metrics: histogram ${opts.name}: buckets must be ascending`)
    this.buckets = b
  }

  protected make(values: string[]): HistogramSeries {
    return { values, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 }
  }

  /** `observe(value)` or `observe(labels, value)` */
  observe(labels: Labels | number, value?: number): void {
    if (typeof labels === 'number') this.#into(this.series(undefined), labels)
    else this.#into(this.series(labels), value ?? 0)
  }

  #into(s: HistogramSeries, v: number): void {
    const b = this.buckets
    let i = 0
    while (i < b.length && v > b[i]) i++
    s.counts[i]++
    s.sum += v
    s.count++
  }

  labels(...values: Array<string | number>): { observe(v: number): void; startTimer(): () => number } {
    const s = this.seriesOf(values)
    return {
      observe: (v) => this.#into(s, v),
      startTimer: () => {
        const start = now()
        return () => {
          const sec = (now() - start) / 1000
          this.#into(s, sec)
          return sec
        }
      },
    }
  }

  /** Observes the seconds elapsed when the returned function is called (labels may be added then). */
  startTimer(labels?: Labels): EndTimer {
    return startTimerOf((l, sec) => this.#into(this.series(l), sec), labels)
  }

  /** Runs fn (sync or async) and observes how long it took, in seconds. */
  time<T>(fn: () => T, labels?: Labels): T {
    return timeIt((sec) => this.#into(this.series(labels), sec), fn)
  }

  collect(exposedName = this.name): MetricFamily {
    const samples: Sample[] = []
    for (const s of this.allSeries()) {
      const labels = this.labelsOf(s)
      let cum = 0
      for (let i = 0; i <= this.buckets.length; i++) {
        cum += s.counts[i]
        samples.push({ suffix: '_bucket', labels: { ...labels, le: i < this.buckets.length ? String(this.buckets[i]) : '+Inf' }, value: cum })
      }
      samples.push({ suffix: '_sum', labels, value: s.sum })
      samples.push({ suffix: '_count', labels, value: s.count })
    }
    return { name: exposedName, help: this.help, type: 'histogram', samples }
  }
}

interface SummarySeries {
  values: string[]
  ring: Float64Array
  next: number
  filled: number
  sum: number
  count: number
}

/** Quantiles over the latest `maxSamples` observations (a ring), plus the all-time sum and count. */
export class Summary extends Metric<SummarySeries> {
  readonly type = 'summary'
  readonly percentiles: readonly number[]
  readonly #max: number

  constructor(opts: SummaryOptions) {
    super(opts)
    this.percentiles = [...(opts.percentiles ?? [0.5, 0.9, 0.99])]
    this.#max = Math.max(1, opts.maxSamples ?? 1024)
  }

  protected make(values: string[]): SummarySeries {
    return { values, ring: new Float64Array(this.#max), next: 0, filled: 0, sum: 0, count: 0 }
  }

  observe(labels: Labels | number, value?: number): void {
    const [l, v] = split(labels, value, 0)
    this.#into(this.series(l), v)
  }

  #into(s: SummarySeries, v: number): void {
    s.ring[s.next] = v
    s.next = (s.next + 1) % this.#max
    if (s.filled < this.#max) s.filled++
    s.sum += v
    s.count++
  }

  startTimer(labels?: Labels): EndTimer {
    return startTimerOf((l, sec) => this.#into(this.series(l), sec), labels)
  }

  time<T>(fn: () => T, labels?: Labels): T {
    return timeIt((sec) => this.#into(this.series(labels), sec), fn)
  }

  collect(exposedName = this.name): MetricFamily {
    const samples: Sample[] = []
    for (const s of this.allSeries()) {
      const labels = this.labelsOf(s)
      const sorted = s.ring.slice(0, s.filled).sort()
      for (const q of this.percentiles) {
        const value = sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
        samples.push({ suffix: '', labels: { ...labels, quantile: String(q) }, value })
      }
      samples.push({ suffix: '_sum', labels, value: s.sum })
      samples.push({ suffix: '_count', labels, value: s.count })
    }
    return { name: exposedName, help: this.help, type: 'summary', samples }
  }
}

export type AnyMetric = Counter | Gauge | Histogram | Summary
