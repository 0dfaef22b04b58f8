/**
 * The metrics API and its exposition, in process: prom-client's call shapes, label handling,
 * histogram buckets, summary quantiles, timers, name checks, the text and OpenMetrics formats
 * (checked by promtool), the rule parser, and prom-client interop both ways.
 */
import client from 'prom-client'
import { describe, expect, it } from 'vitest'
import { MetricsRegistry } from '../../core/metrics/index.js'
import { mergeFamilies, negotiate, render } from './exposition.js'
import { exportToPromRegistry, includePromRegistry } from './prom-bridge.js'
import { parseRule, valueOf } from './monitor.js'
import { flatten } from './snapshot.js'
import { promtoolCheck } from './test-support/prometheus.js'

describe('counters, gauges, histograms, summaries', () => {
  it("takes prom-client's call shapes", async () => {
    const m = new MetricsRegistry()
    const c = m.counter({ name: 'orders_total', help: 'Orders.', labelNames: ['side', 'venue'] })
    c.inc()
    c.inc(2)
    c.inc({ side: 'buy', venue: 'cme' })
    c.inc({ side: 'buy', venue: 'cme' }, 4)
    c.labels('sell', 'ice').inc(3)
    expect(c.get({ side: 'buy', venue: 'cme' })).toBe(5)
    expect(c.get({ side: 'sell', venue: 'ice' })).toBe(3)
    expect(c.get()).toBe(3)
    expect(() => c.inc(-1)).toThrow(RangeError)

    const g = m.gauge({ name: 'positions', help: 'Open positions.' })
    g.set(5)
    g.inc()
    g.dec(3)
    expect(g.get()).toBe(3)

    // the same shape again is the same metric; another shape is refused with its code
    expect(m.counter({ name: 'orders_total', help: 'Orders.', labelNames: ['side', 'venue'] })).toBe(c)
    expect(() => m.gauge({ name: 'orders_total', help: 'x' })).toThrow(expect.objectContaining({ code: 'LW_ERR_METRIC_CONFLICT' }))
    expect(() => m.counter({ name: 'orders_total', help: 'x', labelNames: ['side'] })).toThrow(expect.objectContaining({ code: 'LW_ERR_METRIC_CONFLICT' }))
    expect(() => m.counter({ name: '1bad', help: 'x' })).toThrow(expect.objectContaining({ code: 'LW_ERR_METRIC_NAME' }))
    expect(() => m.counter({ name: 'ok', help: 'x', labelNames: ['__reserved'] })).toThrow(expect.objectContaining({ code: 'LW_ERR_METRIC_NAME' }))
  })

  it('counts histogram observations into cumulative buckets', () => {
    const m = new MetricsRegistry()
    const h = m.histogram({ name: 'latency_seconds', help: 'Latency.', labelNames: ['op'], buckets: [0.1, 0.5, 1] })
    for (const v of [0.05, 0.1, 0.3, 0.7, 2]) h.observe({ op: 'place' }, v)
    const f = h.collect()
    const buckets = f.samples.filter((s) => s.suffix === '_bucket').map((s) => [s.labels.le, s.value])
    expect(buckets).toEqual([
      ['0.1', 2],
      ['0.5', 3],
      ['1', 4],
      ['+Inf', 5],
    ])
    expect(f.samples.find((s) => s.suffix === '_count')!.value).toBe(5)
    expect(f.samples.find((s) => s.suffix === '_sum')!.value).toBeCloseTo(3.15)
  })

  it('times sync and async work, and startTimer labels at the end', async () => {
    const m = new MetricsRegistry()
    const h = m.histogram({ name: 'work_seconds', help: 'Work.', labelNames: ['result'] })
    expect(h.time(() => 42, { result: 'ok' })).toBe(42)
    await expect(h.time(() => new Promise((r) => setTimeout(() => r('late'), 30)), { result: 'ok' })).resolves.toBe('late')
    const end = h.startTimer()
    await new Promise((r) => setTimeout(r, 20))
    const seconds = end({ result: 'err' })
    expect(seconds).toBeGreaterThanOrEqual(0.015)
    const counts = Object.fromEntries(
      h
        .collect()
        .samples.filter((s) => s.suffix === '_count')
        .map((s) => [s.labels.result, s.value]),
    )
    expect(counts).toEqual({ ok: 2, err: 1 })
  })

  it('summaries give quantiles over the latest observations', () => {
    const m = new MetricsRegistry()
    const s = m.summary({ name: 'fill_seconds', help: 'Fill time.', percentiles: [0.5, 0.9], maxSamples: 100 })
    for (let i = 1; i <= 100; i++) s.observe(i)
    const q = Object.fromEntries(
      s
        .collect()
        .samples.filter((x) => x.labels.quantile)
        .map((x) => [x.labels.quantile, x.value]),
    )
    expect(q).toEqual({ '0.5': 50, '0.9': 90 })
  })
})

describe('exposition', () => {
  function sample() {
    const m = new MetricsRegistry()
    m.namespace = 'riskd'
    m.counter({ name: 'orders', help: 'Orders "placed"\nby side.', labelNames: ['side'] }).inc({ side: 'b"u\\y\n' }, 2)
    m.gauge({ name: 'exposure_ratio', help: 'Exposure.' }).set(NaN)
    m.histogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1] }).observe(0.05)
    m.summary({ name: 'fill_seconds', help: 'Fill.' }).observe(1)
    return m
  }

  it('writes the text format, escaping help and label values, that promtool accepts', async () => {
    const text = render(await sample().collect(), 'text')
    expect(text).toContain('# HELP riskd_orders_total Orders "placed"\\nby side.\n# TYPE riskd_orders_total counter\n')
    expect(text).toContain('riskd_orders_total{side="b\\"u\\\\y\\n"} 2\n')
    expect(text).toContain('riskd_exposure_ratio NaN\n')
    expect(text).toContain('riskd_latency_seconds_bucket{le="+Inf"} 1\n')
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' })
  })

  it('writes OpenMetrics: counter families without _total, # EOF at the end', async () => {
    const text = render(await sample().collect(), 'openmetrics')
    expect(text).toContain('# TYPE riskd_orders counter\nriskd_orders_total{')
    expect(text.endsWith('# EOF\n')).toBe(true)
    expect(negotiate('application/openmetrics-text;version=1.0.0,text/plain;q=0.5')).toBe('openmetrics')
    expect(negotiate('text/plain')).toBe('text')
    expect(negotiate(undefined)).toBe('text')
  })

  it('merges a family two sources give, and leaves out a name reused with another type', () => {
    const problems: string[] = []
    const a = { name: 'x_total', help: 'x', type: 'counter' as const, samples: [{ suffix: '' as const, labels: { a: '1' }, value: 1 }] }
    const b = { ...a, samples: [{ suffix: '' as const, labels: { a: '2' }, value: 2 }] }
    const c = { ...a, type: 'gauge' as const }
    const merged = mergeFamilies([a, b, c], problems)
    expect(merged).toHaveLength(1)
    expect(merged[0].samples.map((s) => s.value)).toEqual([1, 2])
    expect(problems).toEqual(['x_total: registered as counter and as gauge; the gauge is left out'])
  })

  it('flattens into a snapshot record, without buckets', async () => {
    const flat = flatten(await sample().collect())
    expect(flat['riskd_latency_seconds_count']).toBe(1)
    expect(Object.keys(flat).some((k) => k.includes('_bucket'))).toBe(false)
  })
})

describe('monitor rules', () => {
  it('parses metric, labels, operator, units and hold time', () => {
    expect(parseRule('event_loop_delay_p99 > 200ms for 30s')).toMatchObject({
      metric: 'logwarden_event_loop_delay_p99_seconds',
      op: '>',
      limit: 0.2,
      forMs: 30_000,
      level: 'warn',
    })
    expect(parseRule('rss > 1.5GB')).toMatchObject({ metric: 'logwarden_process_resident_memory_bytes', limit: 1.5 * 1024 ** 3, forMs: 0 })
    expect(parseRule({ rule: 'sink_queue{sink="notify-discord", kind="notify-discord"} >= 1000', level: 'critical' })).toMatchObject({
      metric: 'logwarden_sink_queue_records',
      matchers: { sink: 'notify-discord', kind: 'notify-discord' },
      op: '>=',
      limit: 1000,
      level: 'critical',
    })
    expect(parseRule('event_loop_utilization > 90%').limit).toBeCloseTo(0.9)
    expect(() => parseRule('rss >> 1GB')).toThrow(/not understood/)
    expect(() => parseRule('rss > 1 parsecs')).toThrow(/not understood|unknown unit/)
    expect(() => parseRule('rss > 1GB for ever')).toThrow(/not a duration/)
  })

  it('sums the series its labels select', () => {
    const m = new MetricsRegistry()
    const c = m.counter({ name: 'app_orders_total', help: 'x', labelNames: ['side', 'venue'] })
    c.inc({ side: 'buy', venue: 'a' }, 2)
    c.inc({ side: 'buy', venue: 'b' }, 3)
    c.inc({ side: 'sell', venue: 'a' }, 7)
    const fam = m.collectOwn()
    expect(valueOf(parseRule('app_orders_total{side="buy"} > 1'), fam)).toBe(5)
    expect(valueOf(parseRule('app_orders > 1'), fam)).toBe(12)
    expect(valueOf(parseRule('nothing_here > 1'), fam)).toBeUndefined()
  })
})

describe('prom-client interop', () => {
  it("puts a prom-client registry's metrics into logwarden's, and logwarden's into a prom-client registry", async () => {
    const theirs = new client.Registry()
    new client.Counter({ name: 'legacy_jobs_total', help: 'Jobs.', labelNames: ['queue'], registers: [theirs] }).inc({ queue: 'q1' }, 4)
    const m = new MetricsRegistry()
    const c = m.counter({ name: 'orders_total', help: 'Orders.' })
    c.inc(3)

    const remove = includePromRegistry(m, theirs)
    const text = render(await m.collect(), 'text')
    expect(text).toContain('legacy_jobs_total{queue="q1"} 4\n')
    remove()
    expect(render(await m.collect(), 'text')).not.toContain('legacy_jobs_total')

    const target = new client.Registry()
    expect(await exportToPromRegistry(m, target)).toEqual(['orders_total'])
    c.inc(2) // answered live at each scrape
    expect(await target.metrics()).toContain('orders_total 5')
  })
})
