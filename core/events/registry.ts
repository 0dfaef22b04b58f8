/**
 * The event catalog of one logger: every declared event compiled for the log call — its level
 * (fixed, a function, or a `when` table), its message template, its field validator (on first
 * use) — and the counters of what failed validation.
 */
import { LEVELS, levelValue, type LevelInput } from '../levels.js'
import { compileTemplate, type Render } from './template.js'
import { compileFields } from './validator.js'
import type { EventCatalog, EventDef, LevelRule, ValidateMode } from './types.js'

export interface CompiledEvent {
  readonly name: string
  readonly category: string
  /** set when the level does not depend on the fields: the level check costs a comparison */
  readonly fixedLevel: number | undefined
  levelOf(fields: Record<string, unknown>): number
  readonly render: Render | undefined
  /** problems with the fields, undefined when valid (or when validation is off) */
  check(fields: Record<string, unknown>): string[] | undefined
  /** compiles (or loads) the validator now rather than at the first call */
  prepare(): void
}

export interface EventStats {
  /** events written with `event_invalid` (fields that broke the declaration) */
  invalid: number
  /** `log.event` calls naming no declared event (written, flagged) */
  unknown: number
  /** validation mode in effect */
  validate: 'on' | 'off'
}

/** What a sink's worker gets of the catalog (plain data): the title and template of each event. */
export type WorkerCatalog = Record<string, { title?: string; message?: string }>

export class EventRegistry {
  readonly #events = new Map<string, CompiledEvent>()
  readonly #validate: boolean
  invalid = 0
  unknown = 0

  constructor(
    readonly catalog: EventCatalog = {},
    mode: ValidateMode = 'on',
  ) {
    this.#validate = mode === 'on' || (mode === 'dev' && process.env.NODE_ENV !== 'production')
    for (const [name, def] of Object.entries(catalog)) this.#events.set(name, compileEvent(name, def, this.#validate))
  }

  get size(): number {
    return this.#events.size
  }

  /**
   * Prepares every validator after the logger started, one event per turn of the event loop, so
   * the first call of an event does not pay for compiling it (it compiles it itself if it comes
   * first). Never keeps the process alive.
   */
  warm(): void {
    if (!this.#validate || this.#events.size === 0) return
    const pending = [...this.#events.values()]
    const step = () => {
      const next = pending.shift()
      if (next === undefined) return
      next.prepare()
      setImmediate(step).unref()
    }
    setImmediate(step).unref()
  }

  get(name: string): CompiledEvent | undefined {
    return this.#events.get(name)
  }

  stats(): EventStats {
    return { invalid: this.invalid, unknown: this.unknown, validate: this.#validate ? 'on' : 'off' }
  }
}

/** The plain-data part of a catalog a sink's worker can use: titles and string templates. */
export function workerCatalog(catalog: EventCatalog | undefined): WorkerCatalog {
  const out: WorkerCatalog = {}
  for (const [name, def] of Object.entries(catalog ?? {})) {
    const message = typeof def.message === 'string' ? def.message : undefined
    if (def.title === undefined && message === undefined) continue
    out[name] = { ...(def.title !== undefined ? { title: def.title } : {}), ...(message !== undefined ? { message } : {}) }
  }
  return out
}

function compileEvent(name: string, def: EventDef, validate: boolean): CompiledEvent {
  const level = compileLevel(def.level)
  let checker: ((fields: Record<string, unknown>) => string[] | undefined) | undefined
  return {
    name,
    category: def.category,
    fixedLevel: typeof level === 'number' ? level : undefined,
    levelOf: typeof level === 'number' ? () => level : level,
    render: def.message === undefined ? undefined : typeof def.message === 'function' ? def.message : compileTemplate(def.message),
    check: validate ? (fields) => (checker ??= compileFields(def))(fields) : () => undefined,
    prepare() {
      if (validate) checker ??= compileFields(def)
    },
  }
}

function toValue(input: LevelInput | undefined): number {
  return input === undefined ? LEVELS.info : (levelValue(input) ?? LEVELS.info)
}

/** A number, or a function of the fields that never throws (a failing function means info). */
function compileLevel(level: EventDef['level']): number | ((fields: Record<string, unknown>) => number) {
  if (typeof level === 'function') {
    return (fields) => {
      try {
        return toValue(level(fields))
      } catch {
        return LEVELS.info
      }
    }
  }
  if (level !== null && typeof level === 'object') return compileRule(level)
  return toValue(level)
}

function compileRule(rule: LevelRule): (fields: Record<string, unknown>) => number {
  const fallback = toValue(rule.default)
  const cases = rule.when.map((w) => ({ match: Object.entries(w.match), level: toValue(w.level) }))
  return (fields) => {
    for (const c of cases) if (c.match.every(([k, v]) => fields[k] === v)) return c.level
    return fallback
  }
}
