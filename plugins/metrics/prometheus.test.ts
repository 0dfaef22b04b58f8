/**
 * The metrics plugin against a real Prometheus (Debian's, started here on loopback with a private
 * config and temp storage, scraping every second) and promtool: a test daemon in a child process
 * logs records and counts an application counter; PromQL through Prometheus's HTTP API returns
 * exactly those figures, and `promtool check metrics` accepts the live /metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDaemon, type Daemon } from './test-support/daemon.js'
import { promtoolCheck, startPrometheus, type Prometheus } from './test-support/prometheus.js'

const dir = mkdtempSync(join(tmpdir(), 'lw-metrics-prom-'))
let daemon: Daemon
let prom: Prometheus

beforeAll(async () => {
  daemon = await startDaemon({
    categories: ['trades'],
    plugins: [{ 'sink-file': { dir: join(dir, 'logs') } }, { control: { port: 0 } }, { metrics: { namespace: 'riskd', health: { every: 500 } } }],
  })
  prom = await startPrometheus([new URL(daemon.url).host])
}, 60_000)

afterAll(async () => {
  await prom?.stop()
  await daemon?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('metrics scraped by a real Prometheus', () => {
  it("PromQL returns the logged records' counts and an app counter's value", async () => {
    await daemon.send('log trades info 25')
    await daemon.send('log trades warn 3')
    await daemon.send('log trades error 1')
    await daemon.send('inc orders_total buy 7')
    await daemon.send('inc orders_total sell 2')
    await daemon.send('flush')

    const byLevel = await prom.waitFor('logwarden_records_total{category="trades"}', (r) => r.length === 3)
    expect(Object.fromEntries(byLevel.map((r) => [r.metric.level, r.value]))).toEqual({ info: 25, warn: 3, error: 1 })
    expect(byLevel.every((r) => r.metric.job === 'logwarden')).toBe(true)

    const orders = await prom.waitFor('riskd_orders_total', (r) => r.length === 2)
    expect(Object.fromEntries(orders.map((r) => [r.metric.side, r.value]))).toEqual({ buy: 7, sell: 2 })

    // the sink wrote every trades record (and logwarden's own system records): written = accepted
    const written = await prom.waitFor('logwarden_sink_records_written_total{sink="sink-file"}', (r) => r.length === 1 && r[0].value >= 29)
    const accepted = await prom.query('logwarden_sink_records_accepted_total{sink="sink-file"}')
    expect(written[0].value).toBe(accepted[0].value)

    // later increments reach Prometheus too (it keeps scraping)
    await daemon.send('inc orders_total buy 5')
    await prom.waitFor('riskd_orders_total{side="buy"}', (r) => r[0]?.value === 12)
    // and the process metrics are there
    const rss = await prom.query('process_resident_memory_bytes')
    expect(rss[0].value).toBeGreaterThan(1024 * 1024)
  })

  it('promtool check metrics accepts the live /metrics with no lint problem', async () => {
    const res = await fetch(`${daemon.url}/metrics`)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await res.text()
    expect(text).toMatch(/^logwarden_records_total\{category="trades",level="info"\} 25$/m)
    // every kind of family is in what promtool checks: histograms, health, file sizes, process metrics
    for (const family of [
      'logwarden_sink_write_seconds_bucket{',
      'logwarden_health_check_up{',
      'logwarden_log_file_bytes{',
      'nodejs_gc_duration_seconds',
      'riskd_orders_total{',
    ])
      expect(text).toContain(family)
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' })
  })

  it('answers OpenMetrics when asked by Accept', async () => {
    const res = await fetch(`${daemon.url}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5' } })
    expect(res.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
    const text = await res.text()
    expect(text).toMatch(/^# TYPE riskd_orders counter$/m)
    expect(text).toMatch(/^riskd_orders_total\{side="buy"\} 12$/m)
    expect(text.endsWith('# EOF\n')).toBe(true)
    // Prometheus itself scrapes with that Accept header first: its target is up
    const up = await prom.waitFor('up{job="logwarden"}', (r) => r[0]?.value === 1)
    expect(up).toHaveLength(1)
  })
})
