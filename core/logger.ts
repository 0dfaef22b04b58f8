/** The public logger: level methods, categories, bound fields and the seeds' domain calls. */
import { Errors } from './errors.js'
import { LEVELS, levelLabel, levelValue, type LevelInput, type LevelName } from './levels.js'
import type { Controller } from './controller.js'
import { Bindings } from './bindings.js'
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

/** A level method: `log.info(message, fields?)`; the message may also be an Error or an object. */
export type LevelMethod = (message: unknown, fields?: Fields | Error) => void

/** One method per entry of the level table (trace … critical), generated in Logger's static block. */
export type LevelMethods = { [L in LevelName]: LevelMethod }

// the class below gets these methods at load time; the interface is how the compiler learns of them
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Logger extends LevelMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Logger {
  static {
    for (const [name, value] of Object.entries(LEVELS)) {
      const method: LevelMethod = function (this: Logger, message, fields) {
        if (this.#c.rt.threshold > value && !this.#always) return
        this.#c.rt.write(value, this.#category, this.#bindings, message, fields)
      }
      Object.defineProperty(method, 'name', { value: name })
      Object.defineProperty(Logger.prototype, name, { value: method, writable: true, configurable: true })
    }
  }

  readonly #c: Controller
  readonly #category: string
  readonly #bindings: Bindings
  /** the audit trail is written whatever the level: it is evidence, not verbosity */
  readonly #always: boolean
  #categories = new Map<string, Logger>()

  /** @internal use createLogger() */
  constructor(controller: Controller, category: string, bindings: Bindings = Bindings.NONE) {
    this.#c = controller
    this.#category = category
    this.#bindings = bindings
    this.#always = category === 'audit'
  }

  /** alias of critical */
  fatal(message: unknown, fields?: Fields | Error): void {
    this.critical(message, fields)
  }

  log(level: LevelInput, message: unknown, fields?: Fields | Error): void {
    const value = levelValue(level)
    if (value === undefined) throw Errors.UNKNOWN_LEVEL(String(level))
    if (this.#c.rt.threshold > value && !this.#always) return
    this.#c.rt.write(value, this.#category, this.#bindings, message, fields)
  }

  get level(): LevelName {
    return levelLabel(this.#c.rt.threshold)
  }

  /** Changes the threshold for this logger and every child and category view of it. */
  set level(level: LevelInput) {
    this.#c.setLevel(level)
  }

  isLevelEnabled(level: LevelInput): boolean {
    const value = levelValue(level)
    return value !== undefined && value >= this.#c.rt.threshold
  }

  /** A logger whose records carry `bindings` (redacted and serialized once, here). */
  child(bindings: Fields): Logger {
    return new Logger(this.#c, this.#category, this.#bindings.extend(this.#c.rt, bindings))
  }

  /** The same logger writing to another declared category; unknown names throw here. */
  category(name: string): Logger {
    let view = this.#categories.get(name)
    if (view) return view
    if (!this.#c.rt.categories.has(name)) throw Errors.UNKNOWN_CATEGORY(name, [...this.#c.rt.categories])
    view = new Logger(this.#c, name, this.#bindings)
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

  /** Resolves when every record accepted before the call was written by every sink. */
  flush(): Promise<void> {
    return this.#c.flush()
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
