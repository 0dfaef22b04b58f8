/**
 * `notify-alertmanager`: alerts to Prometheus Alertmanager (POST /api/v2/alerts), so a fleet of
 * processes shares Alertmanager's routing, grouping, deduplication and silences. Built on the
 * notifier machinery: routing, durable spool, retries and breaker run in the worker (worker.ts).
 */
import { withDefaults } from '../../lib/options/index.js'
import { definePlugin } from '../../core/plugin.js'
import { declareNotifier } from '../notify-common/declare.js'
import { checkOptions, defaultRoutes } from './options.js'
import { alertmanagerSchema, type AlertmanagerOptions } from './schema.js'

export const PLUGIN_NAME = 'notify-alertmanager'

const plugin = definePlugin<AlertmanagerOptions>({
  name: PLUGIN_NAME,
  schema: alertmanagerSchema,
  apply(pipeline, options) {
    // fail createLogger() now on a bad URL or a per-process label
    checkOptions(withDefaults(alertmanagerSchema as never, options) as AlertmanagerOptions)
    const routes = options.routes ?? defaultRoutes(options)
    declareNotifier(pipeline, PLUGIN_NAME, new URL('./worker.js', import.meta.url).href, { ...options, routes })
  },
})
export default plugin

export { alertmanagerSchema, DEFAULT_RESOLVE, type AlertmanagerOptions, type ResolvePair } from './schema.js'
export { toAmAlert, type AmAlert } from './labels.js'
