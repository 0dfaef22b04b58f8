/** A logwarden logger as a benchmark subject; the cases differ only in their plugin list. */
import { createLogger } from '../../core/index.js'
import type { Logger, PluginEntry } from '../../core/index.js'
import type { Subject } from '../case.js'

/**
 * `log.flush()` resolves once every sink wrote every record accepted before the call, so it is
 * both the warm-up flush and the timed drain. `close()` (not timed) also stops the worker pool.
 */
export async function logwardenSubject(plugins: PluginEntry[], extraClose?: () => Promise<void>, category?: string): Promise<Subject & { logger: Logger }> {
  const root = await createLogger({ config: { plugins } })
  // `audit` is a durable category by default: each record goes through the journal
  const log = category === undefined ? root : root.category(category)
  return {
    logger: log,
    log: (message, fields) => log.info(message, fields),
    flush: () => log.flush(),
    drain: () => log.flush(),
    async close() {
      await log.close()
      await extraClose?.()
    },
  }
}

/** The spec's logwarden configuration: redaction of `apiKey`, one JSON-lines file per category. */
export function baseLogwardenPlugins(dir: string): PluginEntry[] {
  return [{ redact: { paths: ['apiKey'] } }, { 'sink-file': { dir } }]
}
