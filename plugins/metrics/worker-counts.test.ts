/**
 * Metrics from a sink running in a worker thread are counted exactly: a worker that dies twice
 * mid-write (and is restarted, its batch sent again) and a config reload (new lanes from zero)
 * neither lose nor double a count. The sink counts what it wrote through ctx.count, the core
 * counts what it confirmed; both must equal the lines in the file.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger, type MetricFamily } from 'logwarden'
import { appendSink, readLines, tempDir } from '../../test/helpers/sinks.js'

const t = tempDir('lw-metrics-worker-')
let log: Logger | undefined
afterEach(async () => {
  await log?.close()
  t.cleanup()
})

function value(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const f = families.find((x) => x.name === name)
  const s = f?.samples.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v))
  return s?.value
}

describe('worker metrics', () => {
  it('counts a crashing worker sink exactly, across restarts and a reload', async () => {
    const file = join(t.dir, 'trades.log')
    const config = {
      categories: ['trades'],
      batch: { maxDelayMs: 5 },
      plugins: [
        appendSink('crashy', { file, crashTimes: 2, counterFile: join(t.dir, 'count') }, { categories: ['trades'] }),
        { metrics: { processMetrics: false, health: { every: 0 } } },
      ],
    }
    log = await createLogger({ config })
    const trades = log.category('trades')
    for (let i = 0; i < 50; i++) trades.info(`trade ${i}`)
    await log.flush()

    let m = await log.metrics.collect()
    const sink = { sink: 'crashy' }
    expect(readLines(file)).toHaveLength(50)
    expect(value(m, 'logwarden_sink_restarts_total', sink)).toBe(2)
    expect(value(m, 'logwarden_sink_records_written_total', sink)).toBe(50)
    expect(value(m, 'logwarden_sink_events_total', { ...sink, event: 'records' })).toBe(50)
    expect(value(m, 'logwarden_records_total', { category: 'trades', level: 'info' })).toBe(50)

    await log.reload()
    for (let i = 0; i < 30; i++) trades.warn(`trade ${i}`)
    await log.flush()

    m = await log.metrics.collect()
    expect(readLines(file)).toHaveLength(80)
    expect(value(m, 'logwarden_sink_restarts_total', sink)).toBe(2)
    expect(value(m, 'logwarden_sink_records_written_total', sink)).toBe(80)
    expect(value(m, 'logwarden_sink_records_accepted_total', sink)).toBe(80)
    expect(value(m, 'logwarden_sink_events_total', { ...sink, event: 'records' })).toBe(80)
    expect(value(m, 'logwarden_records_total', { category: 'trades', level: 'warn' })).toBe(30)
    expect(value(m, 'logwarden_records_total', { category: 'trades', level: 'info' })).toBe(50)
  })
})
