import { AsyncSeriesHook, HookMap, SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable'
import type { Tap } from 'tapable'
import { Errors, LwError, describeError } from './errors.js'
import { withDeadline } from './deadline.js'
import type { LogRecord } from './record.js'
import type { SinkRole, SinkSpec } from './sink-contract.js'
import type { ResolvedConfig } from './config-schema.js'
import { Scrubber } from './scrub.js'
import { MetricsRegistry } from './metrics/registry.js'
import type { WriteTimesSnapshot } from './lanes/write-times.js'
import type { FieldRedactor } from './field-redactor.js'

/** Creates the hooks object; see docs/pipeline.md for the order in which they fire. */
function createHooks() {
  return Object.freeze({
    /** after every plugin's apply, before the first record: open resources */
    init: new AsyncSeriesHook<[]>([]),
    /** transform a record before it is serialized; the first thing every record meets */
    redact: new SyncWaterfallHook<[LogRecord]>(['record']),
    /** return a line to replace the default JSON serialization (first tap to return wins) */
    format: new SyncBailHook<[LogRecord], string | undefined>(['record']),
    /** observers of each serialized record, just before it goes to the sinks (tail buffers, counters) */
    aggregate: new SyncHook<[string, LogRecord]>(['line', 'record']),
    /** per sink kind: amend a sink's spec before its worker lane starts (the rotate seam) */
    sink: new HookMap((_kind: string) => new SyncWaterfallHook<[SinkSpec]>(['spec'])),
    /** log.flush(): after every sink wrote everything accepted before the call */
    flush: new AsyncSeriesHook<[]>([]),
    /** log.close(): after the last flush; release resources */
    close: new AsyncSeriesHook<[]>([]),
    /** an internal failure (plugin, sink, queue); already logged to the error category */
    error: new SyncHook<[LwError]>(['error']),
  })
}

export type PipelineHooks = ReturnType<typeof createHooks>

/** Host-side services a pipeline needs; provided by the logger so the pipeline stays testable. */
export interface PipelineHost {
  /** log a record produced by logwarden itself (or by a sink's worker, tagged with origin) */
  internal(level: number, category: string, message: string, fields?: Record<string, unknown>, origin?: string): void
  runTask<T>(moduleUrl: string, exportName: string, args: unknown): Promise<T>
  stats(): PipelineStats
}

export interface LaneStats {
  name: string
  kind: string
  /** declared by the plugin (`SinkSpec.role`): `notifier` or `sink` */
  role: SinkRole
  queued: number
  inFlight: number
  accepted: number
  written: number
  dropped: number
  failed: number
  restarts: number
  lastError?: string
  counters: Record<string, number>
  /** batch write latency (post → acknowledgement), a histogram in milliseconds */
  writeMs?: WriteTimesSnapshot
}

export interface PipelineStats {
  level: string
  /** 'off' only when the config says `redact: false` and lists no redact plugin */
  redaction: 'on' | 'off'
  lanes: LaneStats[]
  plugins: string[]
  /** the durable journal, once a durable record was logged */
  journal?: import('./durable/journal.js').JournalStats
  /** records the emergency output (stderr, exit.crashFile) could write nowhere: a stalled pipe, a full disk */
  emergencyLost?: number
  /** log.event calls: how many were flagged `event_invalid`, how many named no declared event */
  events?: import('./events/registry.js').EventStats
}

/** What main-thread plugins (the control API) may do to the logger that owns this pipeline. */
export interface PipelineControl {
  setLevel(level: string | number): void
  /** re-read and re-validate the config and switch to it; rejects (old config kept) when it is bad */
  reload(): Promise<void>
  command(sink: string, name: string, args?: unknown): Promise<unknown>
  flush(): Promise<void>
  close(): Promise<void>
}

export class Pipeline {
  readonly hooks: PipelineHooks = createHooks()
  /** set by the logger before plugins are applied */
  control!: PipelineControl
  /** the logger's metrics (`log.metrics`), set by the logger before plugins are applied */
  metrics: MetricsRegistry = new MetricsRegistry()
  readonly sinks: SinkSpec[] = []
  readonly plugins: string[] = []
  /** the plugin whose apply runs now (set by the controller): who declared a sink, for start errors */
  applying: string | undefined
  /** sink name → the plugin that declared it */
  readonly sinkOwners = new Map<string, string>()
  #reporting = false
  #fieldRedactor: FieldRedactor | undefined

  constructor(
    readonly config: ResolvedConfig,
    private readonly host: PipelineHost,
    /** where every record ends: the logger's sink lanes (Runtime.deliver → SinkRouter.route) */
    private readonly deliver: (line: string, record: LogRecord) => void = () => undefined,
    /** the logger's: the redact plugin adds its value patterns to it (usePatterns) */
    readonly scrubber: Scrubber = new Scrubber(),
  ) {
    this.#guard('redact', this.hooks.redact, (record: LogRecord, err) => withheld(record, err))
    this.#guard('format', this.hooks.format, () => undefined)
    this.#guard('aggregate', this.hooks.aggregate, () => undefined)
    // a plugin that cannot initialise fails createLogger() with its name, like a failing apply
    this.#guard('init', this.hooks.init, (err: unknown) => {
      throw err
    })
    this.#guard('flush', this.hooks.flush, () => undefined)
    this.#guard('close', this.hooks.close, () => undefined)
    this.#guard('error', this.hooks.error, () => undefined)
    this.hooks.sink.intercept({
      factory: (kind: string, hook: SyncWaterfallHook<[SinkSpec]>) => {
        this.#guard(`sink:${String(kind)}`, hook, (spec: SinkSpec) => spec)
        return hook
      },
    })
  }

  /** Declare a sink; its worker lane starts when the logger starts. */
  addSink(spec: SinkSpec): void {
    if (this.sinks.some((s) => s.name === spec.name)) throw Errors.SINK_DUPLICATE(spec.name)
    this.sinks.push(spec)
    if (this.applying !== undefined) this.sinkOwners.set(spec.name, this.applying)
  }

  /** Log from plugin code on the main thread (audit of admin actions, system notices). */
  log(level: number, category: string, message: string, fields?: Record<string, unknown>): void {
    this.host.internal(level, category, message, fields)
  }

  runTask<T>(moduleUrl: string, exportName: string, args: unknown): Promise<T> {
    return this.host.runTask<T>(moduleUrl, exportName, args)
  }

  stats(): PipelineStats {
    return this.host.stats()
  }

  /**
   * The redact plugin's redaction fused with serialization (core/field-redactor.ts), used for
   * records nothing else needs to see redacted as an object.
   */
  useFieldRedactor(redactor: FieldRedactor): void {
    this.#fieldRedactor = redactor
  }

  /** redact → format (or serialize) → observers → the sinks, for one record. Never throws. */
  process(record: LogRecord, serialize: (r: LogRecord) => string, serializeRedacted?: (r: LogRecord, redactor: FieldRedactor) => string | undefined): void {
    const hooks = this.hooks
    const fused = this.#fieldRedactor
    // one pass when the redact plugin's tap is the only one and no format or observer tap needs the redacted record
    if (
      fused !== undefined &&
      serializeRedacted !== undefined &&
      hooks.redact.taps.length === 1 &&
      hooks.format.taps.length === 0 &&
      hooks.aggregate.taps.length === 0
    ) {
      let line: string | undefined
      try {
        line = serializeRedacted(record, fused)
      } catch {
        // the hook path reports the failure and withholds what it must
        line = undefined
      }
      if (line !== undefined) {
        this.deliver(line, record)
        return
      }
    }
    const redacted = hooks.redact.taps.length > 0 ? hooks.redact.call(record) : record
    // from the redacted fields: a template never puts a censored value back into the message
    if (redacted.render !== undefined) redacted.message = renderSafely(redacted)
    const line = (hooks.format.taps.length > 0 ? hooks.format.call(redacted) : undefined) ?? serialize(redacted)
    if (hooks.aggregate.taps.length > 0) hooks.aggregate.call(line, redacted)
    this.deliver(line, redacted)
  }

  /** Report a failure once through the error category; a failure while reporting goes to stderr. */
  reportError(err: LwError, origin?: string): void {
    // error-hook taps (notifiers) get the message too, not only the records
    this.scrubber.error(err)
    if (this.#reporting) {
      process.stderr.write(`logwarden: ${err.code}: ${err.message}\n`)
      return
    }
    this.#reporting = true
    try {
      this.hooks.error.call(err)
      this.host.internal(50, 'error', err.message, { code: err.code }, origin)
    } catch (inner) {
      process.stderr.write(`logwarden: ${err.code}: ${err.message} (and reporting failed: ${describeError(inner)})\n`)
    } finally {
      this.#reporting = false
    }
  }

  /** Wrap every tap of a hook so a plugin's exception is reported with its name and never escapes. */
  // tapable's taps are untyped at this level: the wrapper forwards whatever the hook passes
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #guard(hookName: string, hook: { intercept(i: object): void }, fallback: (...args: any[]) => unknown): void {
    const reason = (err: unknown) => this.scrubber.scrub(describeError(err))
    const report = (tap: Tap, err: unknown) => this.reportError(Errors.PLUGIN_FAILED(tap.name, hookName, reason(err)))
    hook.intercept({
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      register: (tap: Tap & { type: string; fn: (...args: any[]) => any }) => {
        const fn = tap.fn
        if (hookName === 'init') {
          tap.fn = async (...args: unknown[]) => {
            const ms = this.config.startTimeoutMs
            try {
              return await withDeadline(
                () => fn(...args),
                ms,
                () => Errors.PLUGIN_TIMEOUT(tap.name, 'init', ms),
              )
            } catch (err) {
              throw err instanceof LwError ? this.scrubber.error(err) : Errors.PLUGIN_FAILED(tap.name, hookName, reason(err))
            }
          }
          return tap
        }
        if (tap.type === 'sync') {
          tap.fn = (...args: unknown[]) => {
            try {
              return fn(...args)
            } catch (err) {
              report(tap, err)
              return fallback(...args, err)
            }
          }
        } else if (tap.type === 'promise') {
          tap.fn = async (...args: unknown[]) => {
            try {
              return await fn(...args)
            } catch (err) {
              report(tap, err)
              return fallback(...args, err)
            }
          }
        } else {
          tap.fn = (...args: unknown[]) => {
            const callback = args.pop() as (err?: unknown, result?: unknown) => void
            try {
              fn(...args, (err?: unknown, result?: unknown) => {
                if (err) report(tap, err)
                callback(undefined, err ? fallback(...args, err) : result)
              })
            } catch (err) {
              report(tap, err)
              callback(undefined, fallback(...args, err))
            }
          }
        }
        return tap
      },
    })
  }
}

/** Fail closed: when redaction breaks, keep the record but withhold everything it could leak. */
function withheld(record: LogRecord, err: unknown): LogRecord {
  return {
    ...record,
    message: '[withheld: redaction failed]',
    render: undefined,
    bindings: '',
    fields: { lw_error: Errors.REDACTION_FAILED(describeError(err)).code },
  }
}

/** A template never throws into a log call: a value whose getter throws leaves the event name. */
function renderSafely(record: LogRecord): string {
  try {
    return record.render!(record.fields)
  } catch {
    return record.message
  }
}
