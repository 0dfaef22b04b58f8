/**
 * The process as the monitor rules see it, sampled every interval: event-loop delay (p50, p99,
 * max over the interval), event-loop utilization, memory. The delay is measured here, by a 10 ms
 * timer recording how late it fires, into a histogram reset each interval: perf_hooks'
 * monitorEventLoopDelay loses the delay of a block when reset right after it (its reset also
 * forgets when it last fired), and a block is exactly what the rules are for. Prometheus gets the same figures as gauges; prom-client's default metrics add the rest
 * (CPU, fds, GC, heap spaces).
 */
import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks'
import type { MetricFamily } from '../../core/metrics/index.js'
import { collectFromProm, type PromRegistryLike } from './prom-bridge.js'

export interface RuntimeSample {
  eventLoopDelayP50: number
  eventLoopDelayP99: number
  eventLoopDelayMax: number
  eventLoopUtilization: number
  rss: number
  heapUsed: number
}

const RESOLUTION_MS = 10

export class RuntimeSampler {
  #h: RecordableHistogram = createHistogram()
  #lastTick = 0
  #ticker: NodeJS.Timeout | undefined
  #elu: EventLoopUtilization = performance.eventLoopUtilization()
  #timer: NodeJS.Timeout | undefined
  last: RuntimeSample = { eventLoopDelayP50: 0, eventLoopDelayP99: 0, eventLoopDelayMax: 0, eventLoopUtilization: 0, rss: 0, heapUsed: 0 }

  constructor(
    private readonly intervalMs: number,
    private readonly onSample: (s: RuntimeSample) => void = () => {},
  ) {}

  start(): void {
    this.#lastTick = performance.now()
    this.#ticker = setInterval(() => {
      const now = performance.now()
      // how late this tick is: the time the loop could not run timers (in ns, at least 1)
      this.#h.record(Math.max(1, Math.round((now - this.#lastTick - RESOLUTION_MS) * 1e6)))
      this.#lastTick = now
    }, RESOLUTION_MS).unref()
    this.#timer = setInterval(() => this.sample(), this.intervalMs).unref()
  }

  stop(): void {
    clearInterval(this.#timer)
    clearInterval(this.#ticker)
  }

  sample(): RuntimeSample {
    const h = this.#h
    const s = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0)
    const elu = performance.eventLoopUtilization(this.#elu)
    this.#elu = performance.eventLoopUtilization()
    const mem = process.memoryUsage()
    this.last = {
      eventLoopDelayP50: h.count > 0 ? s(h.percentile(50)) : 0,
      eventLoopDelayP99: h.count > 0 ? s(h.percentile(99)) : 0,
      eventLoopDelayMax: h.count > 0 ? s(h.max) : 0,
      eventLoopUtilization: elu.utilization,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
    }
    h.reset()
    this.onSample(this.last)
    return this.last
  }

  collect(): MetricFamily[] {
    const g = (name: string, help: string, value: number): MetricFamily => ({ name, help, type: 'gauge', samples: [{ suffix: '', labels: {}, value }] })
    const l = this.last
    return [
      g('logwarden_event_loop_delay_p50_seconds', 'Event-loop delay, median over the last sampling interval.', l.eventLoopDelayP50),
      g('logwarden_event_loop_delay_p99_seconds', 'Event-loop delay, 99th percentile over the last sampling interval.', l.eventLoopDelayP99),
      g('logwarden_event_loop_delay_max_seconds', 'Event-loop delay, largest over the last sampling interval.', l.eventLoopDelayMax),
      g('logwarden_event_loop_utilization_ratio', 'Share of the last sampling interval the event loop was busy (0 to 1).', l.eventLoopUtilization),
      g('logwarden_process_resident_memory_bytes', 'Resident memory at the last sample.', l.rss),
      g('logwarden_process_heap_used_bytes', 'V8 heap in use at the last sample.', l.heapUsed),
    ]
  }
}

let processRegistry: Promise<PromRegistryLike> | undefined

/**
 * prom-client's default process metrics, from one private registry per process (its GC observer
 * and event-loop monitor are process-wide). Its `*_total` gauges are left out: Prometheus keeps
 * `_total` for counters (promtool flags them), and the same counts are there without the suffix.
 */
export function processMetrics(): () => Promise<MetricFamily[]> {
  // loaded at the first collection, not at start: a logger never scraped never pays for it
  return async () => {
    processRegistry ??= import('prom-client').then(({ default: client }) => {
      const r = new client.Registry()
      client.collectDefaultMetrics({ register: r })
      return r
    })
    return collectFromProm(await processRegistry, (m) => m.type !== 'counter' && m.name.endsWith('_total'))()
  }
}
