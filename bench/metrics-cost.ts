/**
 * What the metrics API costs per call on the main thread, against prom-client's same call, and
 * what a /metrics scrape of 5,000 series costs (collect + render, text and OpenMetrics).
 *
 *   npm run build && node dist/bench/metrics-cost.js          # METRICS_N=2000000 calls per round by default
 *
 * Prints ns/call (best of 5 rounds after a warm-up) and ms/scrape (median of 20). A script and not
 * a test: the figures depend on the machine, so nothing is asserted about them.
 */
import client from 'prom-client'
import { MetricsRegistry } from '../core/metrics/index.js'
import { mergeFamilies, render } from '../plugins/metrics/exposition.js'

const N = Number(process.env.METRICS_N ?? 2_000_000)
const ROUNDS = 5

function measure(label: string, fn: (i: number) => void): number {
  for (let i = 0; i < 200_000; i++) fn(i)
  let best = Infinity
  for (let r = 0; r < ROUNDS; r++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < N; i++) fn(i)
    best = Math.min(best, Number(process.hrtime.bigint() - started) / N)
  }
  console.log(`${label.padEnd(58)} ${best.toFixed(1).padStart(7)} ns/call`)
  return best
}

const m = new MetricsRegistry()
const prom = new client.Registry()
const sides = ['buy', 'sell']

const c0 = m.counter({ name: 'plain_total', help: 'x' })
const c2 = m.counter({ name: 'labelled_total', help: 'x', labelNames: ['side', 'venue'] })
const bound = c2.labels('buy', 'cme')
const h1 = m.histogram({ name: 'latency_seconds', help: 'x', labelNames: ['op'] })
const p0 = new client.Counter({ name: 'p_plain_total', help: 'x', registers: [prom] })
const p2 = new client.Counter({ name: 'p_labelled_total', help: 'x', labelNames: ['side', 'venue'], registers: [prom] })
const pb = p2.labels('buy', 'cme')
const ph = new client.Histogram({ name: 'p_latency_seconds', help: 'x', labelNames: ['op'], registers: [prom] })

console.log('per call (main thread):')
measure('logwarden counter.inc()', () => c0.inc())
measure('prom-client counter.inc()', () => p0.inc())
measure('logwarden counter.inc({ side, venue })', (i) => c2.inc({ side: sides[i & 1], venue: 'cme' }))
measure('prom-client counter.inc({ side, venue })', (i) => p2.inc({ side: sides[i & 1], venue: 'cme' }))
measure("logwarden counter.labels('buy', 'cme').inc() (bound)", () => bound.inc())
measure("prom-client counter.labels('buy', 'cme').inc() (bound)", () => pb.inc())
measure('logwarden histogram.observe({ op }, v)', (i) => h1.observe({ op: 'place' }, (i & 1023) / 1000))
measure('prom-client histogram.observe({ op }, v)', (i) => ph.observe({ op: 'place' }, (i & 1023) / 1000))

// 5,000 series: 50 counters × 100 label values
const big = new MetricsRegistry()
for (let k = 0; k < 50; k++) {
  const c = big.counter({ name: `app_metric_${k}_total`, help: `Metric ${k}.`, labelNames: ['account'] })
  for (let a = 0; a < 100; a++) c.inc({ account: `ACC${a}` }, a)
}
async function scrape(format: 'text' | 'openmetrics'): Promise<{ ms: number; bytes: number }> {
  const times: number[] = []
  let bytes = 0
  for (let r = 0; r < 20; r++) {
    const t = process.hrtime.bigint()
    const text = render(mergeFamilies(await big.collect()), format)
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
    bytes = text.length
  }
  times.sort((a, b) => a - b)
  return { ms: times[10], bytes }
}
for (const format of ['text', 'openmetrics'] as const) {
  const { ms, bytes } = await scrape(format)
  console.log(`/metrics with 5,000 series (${format}): ${ms.toFixed(2)} ms/scrape (median of 20), ${bytes} bytes`)
}
