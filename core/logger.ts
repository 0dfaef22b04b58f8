/** The public logger: level methods, categories, bound fields and the seeds' domain calls. */
import { Errors } from './errors.js'
import { LEVELS, levelLabel, levelValue, type LevelInput, type LevelName } from './levels.js'
import type { Controller } from './controller.js'
import { Bindings, type RecordHooks } from './bindings.js'
import type { Pipeline, PipelineStats } from './pipeline.js'
import { logEvent, startTimer, type EndTimer } from './events/write.js'
import type { EventFields, EventName } from './events/types.js'
import type { MetricsRegistry } from './metrics/registry.js'

export type Fields = Record<string, unknown>

export interface EnforcementEvent {
  account_id: string
  rule: string
  action: string
  details?: Fields
  /** default `warn`: an enforcement action is something a trader is told about */
  level?: LevelInput
  /** event type; default the action */
  event?: string
  message?: string
  [key: string]: unknown
}

export interface AuditEvent {
  action: string
  actor: string
  details?: Fields
  result?: string
  /** default `info`; an emergency is `critical`. Written whatever the logger's level */
  level?: LevelInput
  [key: string]: unknown
}

/** `fields` may be left out only when the event requires none. */
type EventArgs<N> = Partial<EventFields<N>> extends EventFields<N> ? [fields?: EventFields<N>] : [fields: EventFields<N>]

/**
 * A level method. Ours: `log.info(message, fields?)`. pino's: `log.info(fields, message?, ...args)`,
 * `log.error(err, message?, ...args)` (the error under `err`) and printf-style
 * `log.info('hello %s', name)` (`%s %d %i %f %j %o %O %%`).
 */
export interface LevelMethod {
  (message: string, fields?: Fields | Error): void
  (message: string, ...args: unknown[]): void
  (err: Error, fields?: Fields): void
  (fields: object | null | undefined, message?: string, ...args: unknown[]): void
  (message: unknown): void
}

/** pino's child options: the child's own level, and serializers for its records' fields. */
export interface ChildOptions {
  /** this child's threshold only (its parent keeps its own); `silent` writes nothing; an unknown name throws */
  level?: LevelInput | 'silent' | (string & {})
  /** a call field of this name is replaced by what its function returns (pino's `serializers`) */
  serializers?: Record<string, (value: never) => unknown>
}

/** The level table as pino shows it (`log.levels.values.info` is 30). */
export interface LevelTable {
  values: Record<LevelName | 'fatal', number>
  labels: Record<number, LevelName>
}

const LEVEL_TABLE: LevelTable = Object.freeze({
  values: Object.freeze({ ...LEVELS, fatal: LEVELS.critical }),
  labels: Object.freeze(Object.fromEntries(Object.entries(LEVELS).map(([name, value]) => [value, name]))) as Record<number, LevelName>,
})

/** `silent`: a threshold above every level (finite, so it travels like any level number) */
const SILENT = Number.MAX_SAFE_INTEGER

function thresholdOf(level: LevelInput | 'silent' | (string & {})): number {
  const value = level === 'silent' ? SILENT : levelValue(level)
  if (value === undefined) throw Errors.UNKNOWN_LEVEL(String(level))
  return value
}

/** One method per entry of the level table (trace … critical), generated in Logger's static block. */
export type LevelMethods = { [L in LevelName]: LevelMethod }

// the class below gets these methods at load time; the interface is how the compiler learns of them
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Logger extends LevelMethods {
  /** alias of critical */
  fatal: LevelMethod
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Logger {
  static {
    for (const [name, value] of Object.entries(LEVELS)) {
      // the plain `(message, fields)` call reads two arguments; only a longer call passes them all
      const method = function (this: Logger, message: unknown, fields?: unknown) {
        if ((this.#level ?? this.#c.rt.threshold) > value && !this.#always) return
        // eslint-disable-next-line prefer-rest-params
        this.#c.rt.write(value, this.#category, this.#bindings, message, fields, arguments.length > 2 ? arguments : undefined)
      }
      Object.defineProperty(method, 'name', { value: name })
      Object.defineProperty(Logger.prototype, name, { value: method, writable: true, configurable: true })
    }
    Object.defineProperty(Logger.prototype, 'fatal', { value: Logger.prototype.critical, writable: true, configurable: true })
  }

  readonly #c: Controller
  readonly #category: string
  #bindings: Bindings
  /** a child's own threshold (`child(b, { level })`); undefined: the logger's */
  #level: number | undefined
  /** the audit trail is written whatever the level: it is evidence, not verbosity */
  readonly #always: boolean
  #categories = new Map<string, Logger>()

  /** @internal use createLogger() */
  constructor(controller: Controller, category: string, bindings: Bindings = Bindings.NONE, level?: number) {
    this.#c = controller
    this.#category = category
    this.#bindings = bindings
    this.#level = level
    this.#always = category === 'audit'
  }

  /** pino's `silent` method: writes nothing */
  silent(..._args: unknown[]): void {}

  /** A level given at call time: `log.log('warning', message, fields?)`, any call shape after the level. */
  log(level: LevelInput, message: unknown, ...rest: unknown[]): void {
    const value = levelValue(level)
    if (value === undefined) throw Errors.UNKNOWN_LEVEL(String(level))
    if ((this.#level ?? this.#c.rt.threshold) > value && !this.#always) return
    this.#c.rt.write(value, this.#category, this.#bindings, message, rest[0], rest.length > 1 ? [message, ...rest] : undefined)
  }

  /** The threshold's name (`silent` when nothing is written). */
  get level(): LevelName | 'silent' {
    const threshold = this.#level ?? this.#c.rt.threshold
    return threshold >= SILENT ? 'silent' : levelLabel(threshold)
  }

  /**
   * Changes the threshold for this logger and every child and category view of it; a child given
   * its own level (`child(b, { level })`) changes only its own.
   */
  set level(level: LevelInput | 'silent') {
    if (this.#level !== undefined) this.#level = thresholdOf(level)
    else this.#c.setLevel(thresholdOf(level))
  }

  isLevelEnabled(level: LevelInput): boolean {
    const value = levelValue(level)
    return value !== undefined && value >= (this.#level ?? this.#c.rt.threshold)
  }

  /** The level table, as pino's `logger.levels`. */
  get levels(): LevelTable {
    return LEVEL_TABLE
  }

  /**
   * A logger whose records carry `bindings` (redacted and serialized once, here). A `correlation_id`
   * or `reqId` binding becomes the records' correlation id. pino's options: its own `level`, and
   * `serializers` for its records' fields.
   */
  child(bindings: Fields, options?: ChildOptions): Logger {
    const hooks: RecordHooks | undefined = options?.serializers ? { serializers: options.serializers } : undefined
    const child = new Logger(this.#c, this.#category, this.#bindings.extend(this.#c.rt, bindings ?? {}, hooks))
    child.#level = options?.level !== undefined ? thresholdOf(options.level) : this.#level
    return child
  }

  /** The fields this logger binds (pino's `bindings()`). */
  bindings(): Fields {
    const fields = this.#bindings.fields
    const id = this.#bindings.correlationId
    return id === undefined ? fields : { ...fields, correlation_id: id }
  }

  /** Adds bound fields to this logger itself (pino's `setBindings`); children made earlier keep theirs. */
  setBindings(bindings: Fields): void {
    this.#bindings = this.#bindings.extend(this.#c.rt, bindings)
  }

  /** The same logger writing to another declared category; unknown names throw here. */
  category(name: string): Logger {
    let view = this.#categories.get(name)
    if (view) return view
    if (!this.#c.rt.categories.has(name)) throw Errors.UNKNOWN_CATEGORY(name, [...this.#c.rt.categories])
    view = new Logger(this.#c, name, this.#bindings, this.#level)
    this.#categories.set(name, view)
    return view
  }

  /** The seeds' log_enforcement: one record in `enforcement` per action taken on an account. */
  enforcement(e: EnforcementEvent): void {
    const { level = 'warn', event, message, ...fields } = e
    const value = levelValue(level) ?? LEVELS.warn
    if (this.#c.rt.threshold > value) return
    const text = message ?? `${e.rule}: ${e.action}`
    this.#c.rt.write(value, 'enforcement', this.#bindings, text, { event: event ?? e.action, ...fields })
  }

  /**
   * A declared event (docs/events.md): one record in the event's category, at its level, with its
   * rendered message. Returns the record's `event_id`; undefined when the level is below the
   * threshold. Never throws: fields that break the declaration are written with `event_invalid`.
   */
  event<N extends EventName>(name: N, ...[fields]: EventArgs<N>): string | undefined {
    return logEvent(this.#c.rt, this.#bindings, this.#category, name, fields)
  }

  /** Starts a duration: `end(moreFields?)` writes the event with `duration_ms` (monotonic clock). */
  time<N extends EventName>(name: N, fields?: Partial<EventFields<N>>): EndTimer<EventFields<N>> {
    return startTimer((n, f) => logEvent(this.#c.rt, this.#bindings, this.#category, n, f), name, fields)
  }

  /** The seeds' log_audit: who did what, in `audit`, at `level` (default info); written whatever the level. */
  audit(a: AuditEvent): void {
    const { level, ...rest } = a
    const value = (level === undefined ? undefined : levelValue(level)) ?? LEVELS.info
    this.#c.rt.write(value, 'audit', this.#bindings, `${a.action} by ${a.actor}`, { event: a.action, ...rest })
  }

  /**
   * Resolves once every durable record logged so far is on stable storage: one fdatasync of the
   * journal, shared with every caller of the same turn of the event loop and with those arriving
   * while one runs (group commit). `log.audit(…); await log.sync()` before acting on it survives a
   * power loss. At once when no durable record was logged.
   */
  sync(): Promise<void> {
    return this.#c.rt.sync()
  }

  /** The seeds' log_system_event: daemon lifecycle and connection events, in `system`. */
  systemEvent(type: string, details: Fields & { level?: LevelInput; message?: string } = {}): void {
    const { level = 'info', message, ...rest } = details
    const value = levelValue(level) ?? LEVELS.info
    if (this.#c.rt.threshold > value) return
    this.#c.rt.write(value, 'system', this.#bindings, message ?? type, { event: type, ...rest })
  }

  /**
   * Resolves when every record accepted before the call was written by every sink. pino's
   * `flush(cb)` form calls `cb(err?)` as well.
   */
  flush(cb?: (err?: Error) => void): Promise<void> {
    const done = this.#c.flush()
    if (!cb) return done
    // with a callback the failure goes to it, not to an unhandled rejection
    return done.then(
      () => cb(),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    )
  }

  /** Flushes, closes every sink and stops the worker pool. */
  close(): Promise<void> {
    return this.#c.close()
  }

  /**
   * Re-reads and re-validates the config and switches to it (level, routes, plugins) without
   * losing or duplicating a record. A bad config rejects and the current one keeps running.
   */
  reload(): Promise<void> {
    return this.#c.reload()
  }

  /** Asks a notifier to send a test message (`name` is the sink's name). */
  testChannel(name: string): Promise<unknown> {
    return this.#c.rt.command(name, 'test', undefined)
  }

  /** Sends any command a sink answers (see the sink's README). */
  command(sink: string, name: string, args?: unknown): Promise<unknown> {
    return this.#c.rt.command(sink, name, args)
  }

  /** Counters, gauges, histograms and summaries (prom-client's shapes); exposed by the metrics plugin. */
  get metrics(): MetricsRegistry {
    return this.#c.metrics
  }

  stats(): PipelineStats {
    return this.#c.rt.stats()
  }

  /** The pipeline, for plugins and advanced use (hooks, sinks). */
  get pipeline(): Pipeline {
    return this.#c.rt.pipeline
  }
}
