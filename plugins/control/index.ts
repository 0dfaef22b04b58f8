/**
 * `control`: the daemon's HTTP API, in the host process — health, status, live tail, recent
 * records, and the admin actions (reload, level, test-notify, stop), every one audited. Binds
 * 127.0.0.1:5555 by default; see docs/control-api.md for the endpoints.
 */
import { definePlugin } from '../../core/plugin.js'
import type { Pipeline } from '../../core/pipeline.js'
import { authFor } from './auth-seam.js'
import { ControlErrors, httpStatus } from './errors.js'
import { isLoopback } from './http-util.js'
import { handle } from './router.js'
import { schema, type ControlOptions } from './schema.js'
import { acquire, commit, release, serverOf, type ControlInstance } from './server.js'

export const PLUGIN_NAME = 'control'
// the API's refusals, for an auth plugin's answers on /auth/* (same codes as the router's)
export { ControlErrors, httpStatus }

const plugin = definePlugin<ControlOptions>({
  name: PLUGIN_NAME,
  // an auth plugin registers itself in its apply; control looks for it in its own
  after: ['auth-hmac'],
  schema,
  async apply(pipeline, options) {
    if (!isLoopback(options.host)) {
      if (!options.allowRemote)
        throw ControlErrors.REMOTE(options.host, 'set allowRemote: true (with an auth plugin) to accept remote clients, or use 127.0.0.1')
      // checked now, at start: the auth plugin must already be applied, so it is listed first
      if (!authFor(pipeline)) throw ControlErrors.REMOTE(options.host, 'allowRemote needs an auth plugin listed BEFORE control in "plugins" (e.g. auth-hmac)')
    }
    const instance: ControlInstance = { pipeline, options }
    // listening now makes a taken port fail createLogger() (and a reload) instead of a later log line
    const { server, created } = await acquire(instance, handle)
    pipeline.hooks.aggregate.tap(PLUGIN_NAME, (line, record) => server.offer(line, record))
    pipeline.hooks.init.tapPromise(PLUGIN_NAME, async () => {
      commit(instance)
      // once per server: a reload that adopts it is audited by the admin action itself
      if (created) pipeline.log(30, 'system', `control API listening on ${server.url}`, { event: 'control_listening', url: server.url })
    })
    pipeline.hooks.close.tapPromise(PLUGIN_NAME, async () => release(instance))
  },
})
export default plugin

/** The control API's base URL for a logger (`controlUrl(log.pipeline)`), e.g. with port 0. */
export function controlUrl(pipeline: Pipeline): string | undefined {
  return serverOf(pipeline)?.url || undefined
}

export { schema, type ControlOptions } from './schema.js'
export { registerAuth, type AuthProvider, type AuthIdentity, type AuthOutcome, type AuthCheck, type AuthClient, type Role } from './auth-seam.js'
export { checkRegex, compileFilter, parseWhere, filterToQuery, filterFromQuery, type FilterSpec, type LineFilter } from '../../lib/query/index.js'
export type { StatusBody } from '../../lib/control-api/index.js'
export { registerEndpoint, registerStatusExtras, type ControlEndpoint, type HealthCheckResult, type StatusExtras } from '../../lib/control-api/index.js'
