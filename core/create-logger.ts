import type { LoadOptions } from './config.js'
import { Controller } from './controller.js'
import { Logger } from './logger.js'
import { Bindings, type RecordHooks } from './bindings.js'
import { hostname } from 'node:os'
import { loadConfigSync } from './config-sync.js'
import { PendingRuntime } from './pending-runtime.js'
import { enableTraceContext } from './otel.js'
import type { Fields } from './logger.js'

export interface CreateLoggerOptions extends LoadOptions {
  /**
   * Fields on every record, bound once (pino's `base`, here opt-in): `true` for `pid` and
   * `hostname`; an object for those plus its own fields (`{ service: 'risk' }`; a key set to
   * `undefined` leaves that one out).
   */
  base?: boolean | Fields
  /** pino's `mixin`: called for every record written; its fields are added (the call's own win) */
  mixin?: (level: number) => Fields | undefined
  /** pino's `serializers`: a call field of this name is replaced by what its function returns */
  serializers?: Record<string, (value: never) => unknown>
}

/**
 * Loads the config (inline, a file, or found by cosmiconfig from the working directory; the
 * embedded default otherwise), applies its plugins in order and starts the sinks.
 */
export async function createLogger(options: CreateLoggerOptions = {}): Promise<Logger> {
  const controller = new Controller(options)
  await controller.start()
  return rootLogger(controller, options)
}

/**
 * A logger usable at once, for code that needs one at construction (Fastify, libraries): the
 * config is read synchronously (inline, or a JSON/YAML file; an ES module config is
 * an error naming the file), and records logged before the sinks have started are kept and
 * written in order once they have. `await log.flush()` resolves once started (and rejects if the
 * start failed, which is also said on stderr).
 */
export function createLoggerSync(options: CreateLoggerOptions = {}): Logger {
  const config = loadConfigSync(options)
  const controller = new Controller(options)
  controller.startPending(new PendingRuntime(config.level, new Set(config.categories)))
  return rootLogger(controller, options)
}

function rootLogger(controller: Controller, options: CreateLoggerOptions): Logger {
  enableTraceContext()
  const hooks: RecordHooks | undefined =
    options.mixin || options.serializers
      ? { ...(options.mixin ? { mixin: options.mixin } : {}), ...(options.serializers ? { serializers: options.serializers } : {}) }
      : undefined
  const base =
    options.base === true ? { pid: process.pid, hostname: hostname() } : options.base ? { pid: process.pid, hostname: hostname(), ...options.base } : undefined
  const bindings = base || hooks ? Bindings.NONE.extend(controller.rt, base ?? {}, hooks) : Bindings.NONE
  return new Logger(controller, 'system', bindings)
}
