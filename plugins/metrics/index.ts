/**
 * `metrics`: exposes `log.metrics` and logwarden's own figures to Prometheus — `GET /metrics` on
 * the control API (text 0.0.4 or OpenMetrics) — samples the event loop and memory, evaluates the
 * monitor rules, runs the scheduled health checks, and optionally writes snapshots to the logs.
 * See docs/metrics.md for every metric and the rule syntax.
 */
import { definePlugin, type OptionProblem } from '../../core/plugin.js'
import type { MetricsRegistry } from '../../core/metrics/index.js'
import { parseDuration } from '../../lib/util/index.js'
import { registerEndpoint, registerStatusExtras } from '../../lib/control-api/index.js'
import { serveMetrics } from './endpoint.js'
import { OwnMetrics } from './own.js'
import { RuntimeSampler, processMetrics } from './runtime-sampler.js'
import { metricsSchema, type MetricsOptions } from './schema.js'
import { Monitor, parseRules } from './monitor.js'
import { HealthChecks } from './health.js'
import { Snapshots } from './snapshot.js'

export const PLUGIN_NAME = 'metrics'

/** One per logger: outlives reloads, as the registry does. */
const states = new WeakMap<MetricsRegistry, OwnMetrics>()

function ownOf(metrics: MetricsRegistry): OwnMetrics {
  let s = states.get(metrics)
  if (!s) states.set(metrics, (s = new OwnMetrics()))
  return s
}

const plugin = definePlugin<MetricsOptions>({
  name: PLUGIN_NAME,
  schema: metricsSchema,
  check(options, { config }) {
    const out: OptionProblem[] = []
    const every = parseDuration(options.snapshot.every ?? 0) ?? 0
    const category = options.snapshot.category ?? 'metrics'
    if (every > 0 && !config.categories.includes(category))
      out.push({ path: 'snapshot.category', message: `"${category}" is not a declared category; add it to "categories" (or set snapshot.every to 0)` })
    try {
      parseRules(options.rules)
    } catch (err) {
      out.push({ path: 'rules', message: (err as Error).message })
    }
    return out
  },
  apply(pipeline, options) {
    const metrics = pipeline.metrics
    metrics.namespace = options.namespace
    const own = ownOf(metrics)
    pipeline.hooks.aggregate.tap(PLUGIN_NAME, (_line, record) => own.count(record.category, record.level))

    const intervalMs = Math.max(100, parseDuration(options.sampleInterval) ?? 1000)
    const health = new HealthChecks(pipeline, options)
    let sampler: RuntimeSampler | undefined = undefined
    const monitor = new Monitor(
      parseRules(options.rules),
      () => [...metrics.collectOwn(), ...own.collect(), ...(sampler?.collect() ?? []), ...health.collect()],
      (level, message, fields) => pipeline.log(level, 'system', message, fields),
    )
    sampler = new RuntimeSampler(intervalMs, () => monitor.evaluate())
    const snapshots = new Snapshots(pipeline, metrics, options)

    metrics.addCollector('logwarden', () => [...own.collect(), ...sampler.collect(), ...health.collect()])
    if (options.processMetrics) metrics.addCollector('process', processMetrics())

    registerEndpoint(pipeline, '/metrics', { method: 'GET', access: options.access, handle: (req, res, url) => serveMetrics(metrics, req, res, url) })
    registerStatusExtras(pipeline, () => ({ records: own.recordsByLevel(), health: health.results() }))

    pipeline.hooks.init.tapPromise(PLUGIN_NAME, async () => {
      own.serve(pipeline)
      sampler.start()
      health.start()
      snapshots.start()
    })
    pipeline.hooks.close.tapPromise(PLUGIN_NAME, async () => {
      sampler.stop()
      health.stop()
      snapshots.stop()
    })
  },
})
export default plugin

export { metricsSchema, type MetricsOptions } from './schema.js'
export { render, negotiate, mergeFamilies, CONTENT_TYPE, type ExpositionFormat } from './exposition.js'
export { includePromRegistry, exportToPromRegistry, fromPromJson, type PromRegistryLike } from './prom-bridge.js'
export { parseRule, parseRules, type Rule } from './monitor.js'
export type { MetricFamily, Sample, Labels } from '../../core/metrics/index.js'
