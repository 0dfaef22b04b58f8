/**
 * logwarden's `log.event` as a benchmark subject: the benchmark record declared as an event (its
 * six fields with types, four required), so each call checks the level, validates the fields
 * and renders the message. The cases compare it with `log.info` of the same fields.
 */
import { createLogger, type LogwardenConfig, type PluginEntry, type ValidateMode } from '../../core/index.js'
import { MESSAGE } from '../case.js'
import type { Subject } from '../case.js'

export const BENCH_EVENT = 'position_closed'

/** The benchmark record as a declared event; its template renders to the line marker. */
export const benchEvents: NonNullable<LogwardenConfig['events']> = {
  [BENCH_EVENT]: {
    category: 'system',
    message: MESSAGE,
    fields: {
      account_id: { type: 'string' },
      rule: { type: 'string' },
      pnl: { type: 'number' },
      symbol: { type: 'string' },
      qty: { type: 'integer', minimum: 0 },
      apiKey: { type: 'string' },
    },
    required: ['account_id', 'rule', 'pnl', 'symbol'],
  },
}

export async function logwardenEventSubject(plugins: PluginEntry[], validateEvents: ValidateMode): Promise<Subject> {
  const log = await createLogger({ config: { events: benchEvents, validateEvents, plugins } })
  return {
    log: (_message, fields) => void log.event(BENCH_EVENT, fields),
    flush: () => log.flush(),
    drain: () => log.flush(),
    close: () => log.close(),
  }
}
