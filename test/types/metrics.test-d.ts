/**
 * Type tests for `log.metrics` (prom-client's call shapes), against the package entry as users
 * import it. Each `@ts-expect-error` is a call that must stay an error.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { Counter, Histogram, Logger, type MetricFamily } from 'logwarden'

declare const log: Logger

describe('log.metrics', () => {
  it("takes prom-client's shapes", () => {
    const c = log.metrics.counter({ name: 'orders_total', help: 'Orders.', labelNames: ['side'] })
    expectTypeOf(c).toEqualTypeOf<Counter>()
    c.inc()
    c.inc(2)
    c.inc({ side: 'buy' })
    c.inc({ side: 'buy' }, 2)
    c.labels('buy').inc()
    // @ts-expect-error a counter has no set
    c.set(1)
    // @ts-expect-error labels are strings or numbers
    c.inc({ side: true })

    const h = log.metrics.histogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1] })
    expectTypeOf(h).toEqualTypeOf<Histogram>()
    const end = h.startTimer()
    expectTypeOf(end()).toEqualTypeOf<number>()
    expectTypeOf(h.time(async () => 'x')).toEqualTypeOf<Promise<string>>()
    // @ts-expect-error help is required
    log.metrics.gauge({ name: 'no_help' })
  })

  it('collects families', () => {
    expectTypeOf(log.metrics.collect()).toEqualTypeOf<Promise<MetricFamily[]>>()
  })
})
