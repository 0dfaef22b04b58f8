/**
 * `log.event` and `log.time`: a declared event becomes one record in its category, at its level,
 * with `event: name`, the rendered message and the fields. Nothing here throws into the caller:
 * fields that break the declaration are written with `event_invalid`, and counted.
 */
import { performance } from 'node:perf_hooks'
import type { Bindings } from '../bindings.js'
import { LEVELS } from '../levels.js'
import { currentCorrelationId, withCorrelation } from '../correlation.js'
import type { EventRegistry } from './registry.js'
import type { Render } from './template.js'

/** What the runtime offers the event calls. */
export interface EventHost {
  readonly threshold: number
  readonly events: EventRegistry
  writeEvent(
    level: number,
    category: string,
    bindings: Bindings,
    event: string,
    fields: Record<string, unknown>,
    render: Render | undefined,
  ): string | undefined
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>

/** Returns the record's event_id; undefined when the event's level is below the logger's threshold. */
export function logEvent(host: EventHost, bindings: Bindings, ownCategory: string, name: string, given: unknown): string | undefined {
  const fields = given === undefined || given === null ? NO_FIELDS : typeof given === 'object' ? (given as Record<string, unknown>) : { value: given }
  const def = host.events.get(name)
  if (def === undefined) {
    // a typo must not lose the record: written in the logger's own category, flagged
    host.events.unknown++
    if (LEVELS.info < host.threshold && ownCategory !== 'audit') return undefined
    return host.writeEvent(
      LEVELS.info,
      ownCategory,
      bindings,
      String(name),
      { ...fields, event_invalid: [`"${String(name)}" is not a declared event`] },
      undefined,
    )
  }
  const level = def.fixedLevel ?? def.levelOf(fields)
  // the audit trail is written whatever the level: it is evidence, not verbosity
  if (level < host.threshold && def.category !== 'audit') return undefined
  let problems: string[] | undefined
  try {
    problems = def.check(fields)
  } catch (err) {
    problems = [`the fields could not be validated: ${err instanceof Error ? err.message : String(err)}`]
  }
  if (problems === undefined) return host.writeEvent(level, def.category, bindings, name, fields, def.render)
  host.events.invalid++
  return host.writeEvent(level, def.category, bindings, name, { ...fields, event_invalid: problems }, def.render)
}

/** `end(moreFields?)`: writes the event once, with `duration_ms`; a second call writes nothing and returns the same id. */
export type EndTimer<F = Record<string, unknown>> = (more?: Partial<F>) => string | undefined

/**
 * Starts a duration on the monotonic clock. The end writes in the correlation scope the timer
 * was started in (or the one it is called in, when it started outside any).
 */
export function startTimer(
  event: (name: string, fields: Record<string, unknown>) => string | undefined,
  name: string,
  fields?: Record<string, unknown>,
): EndTimer {
  const start = performance.now()
  const scope = currentCorrelationId()
  let done = false
  let id: string | undefined
  return (more) => {
    if (done) return id
    done = true
    const duration_ms = Math.round((performance.now() - start) * 1000) / 1000
    const all = { ...fields, ...more, duration_ms }
    id = scope !== undefined && currentCorrelationId() !== scope ? withCorrelation(() => event(name, all), scope) : event(name, all)
    return id
  }
}
