/**
 * One logger's machinery: builds records, runs them through the pipeline, feeds the sink lanes,
 * reports its own failures, and drains at exit. The Logger class is its public face.
 */
import { openSync, writeSync, closeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import type { MessagePort } from 'node:worker_threads'
import type { Piscina } from 'piscina'
import { Pipeline, type PipelineHost, type PipelineStats } from './pipeline.js'
import { createSerializer, type Serializer } from './serialize.js'
import { currentCorrelationId } from './correlation.js'
import { Errors, LwError, describeError, isLwErrorCode } from './errors.js'
import { LEVELS, levelLabel } from './levels.js'
import type { LogRecord } from './record.js'
import type { ResolvedConfig } from './config-schema.js'
import { createPool } from './worker-pool.js'
import { SinkLane, type LaneHost } from './sink-lane.js'
import { SinkRouter } from './sink-router.js'
import { guard, type Drainable } from './exit-guard.js'
import type { Bindings } from './bindings.js'
import type { LaneStartResult } from './lane-protocol.js'

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : v instanceof Error ? v.message : String(v)
  } catch {
    return '[unprintable message]'
  }
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>

export class Runtime implements PipelineHost, LaneHost, Drainable {
  threshold: number
  readonly pipeline: Pipeline
  readonly categories: ReadonlySet<string>
  readonly serializer: Serializer
  #router: SinkRouter
  #pool: Piscina | undefined
  #idPrefix = randomBytes(6).toString('base64url')
  #idSeq = 0
  #closed = false
  #unguard: (() => void) | undefined
  #dropTimer: NodeJS.Timeout | undefined
  #line: (r: LogRecord) => string
  #held: Array<[string, LogRecord]> | undefined
  #closing: Promise<void> | undefined
  #started = false

  constructor(readonly config: ResolvedConfig) {
    this.threshold = config.level
    this.categories = new Set(config.categories)
    this.serializer = createSerializer(config.record)
    this.#line = this.serializer.line
    this.pipeline = new Pipeline(config, this)
    this.#router = new SinkRouter(config.errorCopies, config.batch.maxDelayMs)
    this.pipeline.hooks.aggregate.tap({ name: 'logwarden:lanes', stage: 1000 }, (line, record) => {
      if (this.#held) this.#held.push([line, record])
      else this.#router.route(line, record)
    })
  }

  get handleSignals(): boolean {
    return this.config.exit.handleSignals
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Starts the pool and every declared sink; rejects (and cleans up) if any sink cannot start. */
  async start(): Promise<void> {
    this.#pool = createPool(this.config.workers.threads || undefined, (err) =>
      this.pipeline.reportError(Errors.SINK_FAILED('worker pool', describeError(err))))
    const { queue, batch, exit } = this.config
    const lanes = this.pipeline.sinks.map((declared) => {
      const spec = this.pipeline.hooks.sink.get(declared.kind)?.call(declared) ?? declared
      const lane = new SinkLane(spec, {
        maxRecords: spec.batch?.maxRecords ?? batch.maxRecords,
        maxBytes: spec.batch?.maxBytes ?? batch.maxBytes,
        queueMax: spec.queue?.maxRecords ?? queue.maxRecords,
        overflow: spec.queue?.overflow ?? queue.overflow,
        blockTimeoutMs: exit.timeoutMs,
        flushTimeoutMs: this.config.flushTimeoutMs,
      }, this)
      this.#router.add(lane, this.config.categories)
      return lane
    })
    try {
      await Promise.all(lanes.map((lane) => lane.start()))
      await this.pipeline.hooks.init.promise()
    } catch (err) {
      await this.#pool.destroy()
      throw err
    }
    this.#unguard ??= guard(this)
    this.#started = true
    this.#dropTimer = setInterval(() => this.#reportDrops(), 1000).unref()
  }

  /**
   * Reload: keep records back (already redacted and serialized) until the old sinks are closed and
   * the new ones started. Held records are covered by the exit guard from now on.
   */
  hold(initial: Array<[string, LogRecord]> = []): void {
    this.#held = [...(this.#held ?? []), ...initial]
    this.#unguard ??= guard(this)
  }

  takeHeld(): Array<[string, LogRecord]> {
    const held = this.#held ?? []
    this.#held = []
    return held
  }

  release(): void {
    const held = this.#held ?? []
    this.#held = undefined
    for (const [line, record] of held) this.#router.route(line, record)
  }

  /** A runtime that failed to start: stop whatever it had started, without draining. */
  async abandon(): Promise<void> {
    this.#closed = true
    for (const lane of this.#router.lanes) lane.abandon()
    // plugins release what apply acquired (ports, timers); their failures are reported, not thrown
    await this.pipeline.hooks.close.promise()
    this.#stop()
    await this.#pool?.destroy()
  }

  /** The hot path behind every log call that passed the level check. */
  write(level: number, category: string, bindings: Bindings, message: unknown, fields: unknown): void {
    try {
      this.#write(level, category, bindings, message, fields)
    } catch (err) {
      // last resort: a record whose arguments defeat every guard is still logged, minimally
      this.#emit(level, category, bindings.text, safeString(message), { lw_error: `record could not be built: ${describeError(err)}` }, undefined, undefined)
    }
  }

  #write(level: number, category: string, bindings: Bindings, message: unknown, fields: unknown): void {
    let msg: string
    let f: Record<string, unknown>
    if (typeof message === 'string') {
      msg = message
      f = fields instanceof Error ? { err: fields } : ((fields as Record<string, unknown>) ?? NO_FIELDS)
    } else if (message instanceof Error) {
      msg = message.message
      f = { err: message, ...(fields as object) }
    } else if (message !== null && typeof message === 'object') {
      f = message as Record<string, unknown>
      msg = typeof f.message === 'string' ? f.message : ''
    } else {
      msg = String(message)
      f = (fields as Record<string, unknown>) ?? NO_FIELDS
    }
    const event = typeof f.event === 'string' ? f.event : undefined
    const bound = bindings.keys === undefined ? bindings.text : bindings.textFor(this, f)
    this.#emit(level, category, bound, msg, f, event, undefined)
  }

  #emit(level: number, category: string, bindings: string, message: string, fields: Record<string, unknown>, event: string | undefined, origin: string | undefined): void {
    const record: LogRecord = {
      time: Date.now(),
      level,
      category,
      message,
      event,
      eventId: this.#idPrefix + (this.#idSeq++).toString(36),
      correlationId: currentCorrelationId(),
      bindings,
      fields,
      origin,
    }
    if (this.#closed) {
      process.stderr.write(`logwarden (closed): ${this.#line(record)}\n`)
      return
    }
    this.pipeline.process(record, this.#line)
  }

  /** Redacts and serializes child bindings once, so each later record only concatenates them. */
  prepareBindings(bindings: Record<string, unknown>): string {
    const synthetic: LogRecord = { time: 0, level: 0, category: 'system', message: '', eventId: '', bindings: '', fields: bindings }
    const redacted = this.pipeline.hooks.redact.isUsed() ? this.pipeline.hooks.redact.call(synthetic) : synthetic
    return this.serializer.fields(redacted.fields)
  }

  // ---- PipelineHost / LaneHost

  internal(level: number, category: string, message: string, fields?: Record<string, unknown>, origin?: string): void {
    // logwarden's own records (and those its sinks report) obey the threshold like any other,
    // except the audit trail, which is evidence rather than verbosity
    if (level < this.threshold && category !== 'audit') return
    const target = this.categories.has(category) ? category : 'system'
    const event = typeof fields?.event === 'string' ? fields.event : undefined
    this.#emit(level, target, '', message, fields ?? NO_FIELDS, event, origin)
  }

  log(level: number, category: string, message: string, fields: Record<string, unknown> | undefined, origin: string): void {
    const code = fields?.code
    if (level >= LEVELS.error && isLwErrorCode(code)) {
      this.pipeline.hooks.error.call(new LwError(code, message))
    }
    this.internal(level, category, message, fields, origin)
  }

  runTask<T>(module: string, exportName: string, args: unknown): Promise<T> {
    if (!this.#pool) return Promise.reject(Errors.SINK_FAILED('worker pool', 'it is not running'))
    return this.#pool.run({ kind: 'call', module, export: exportName, args }) as Promise<T>
  }

  async attach(lane: SinkLane, port: MessagePort, ack: SharedArrayBuffer): Promise<void> {
    const task = { kind: 'lane', name: lane.name, module: lane.spec.module, options: lane.spec.options, port, ack }
    const result = (await this.#pool!.run(task, { transferList: [port] as never })) as LaneStartResult
    if (result.ok) return
    // the sink's documented code (a log directory that cannot be created, a held lock) is kept
    if (result.code && result.message !== undefined) throw new LwError(result.code, result.message)
    throw Errors.SINK_FAILED(lane.name, result.error)
  }

  emergency(lane: string, reason: string, lines: string[]): void {
    const text = `logwarden: sink "${lane}": ${lines.length} record(s) ${reason}; written here instead:\n${lines.join('\n')}\n`
    const file = this.config.exit.crashFile
    try {
      if (file) {
        const fd = openSync(file, 'a', 0o600)
        try {
          writeSync(fd, text)
        } finally {
          closeSync(fd)
        }
        return
      }
    } catch {
      // the crash file is unusable: stderr is the last resort
    }
    writeSync(2, text)
  }

  schedule(): void {
    this.#router.schedule()
  }

  stats(): PipelineStats {
    return { level: levelLabel(this.threshold), lanes: this.#router.lanes.map((l) => l.stats()), plugins: [...this.pipeline.plugins] }
  }

  command(sink: string, name: string, args?: unknown): Promise<unknown> {
    const lane = this.#router.lanes.find((l) => l.name === sink)
    if (!lane) {
      const known = this.#router.lanes.map((l) => l.name).join(', ') || '(none)'
      return Promise.reject(Errors.UNKNOWN_SINK(sink, known))
    }
    return lane.command(name, args)
  }

  // ---- lifecycle

  async flush(): Promise<void> {
    if (this.#closed) return
    this.#reportDrops()
    await Promise.all(this.#router.lanes.map((l) => l.flush()))
    await this.pipeline.hooks.flush.promise()
  }

  /**
   * Sinks close one at a time in reverse order of declaration, while the logger still accepts
   * records: what a closing notifier reports (undelivered alerts) lands in the files declared first.
   */
  async close(): Promise<void> {
    if (this.#closed || this.#closing) return this.#closing
    this.#closing = (async () => {
      // a sink that cannot confirm a flush is still closed below, within exit.timeoutMs
      await this.flush().catch(() => undefined)
      await this.pipeline.hooks.close.promise()
      for (const lane of [...this.#router.lanes].reverse()) await lane.close()
      this.#closed = true
      this.#stop()
      await this.#pool?.destroy()
    })()
    return this.#closing
  }

  /** Exit path (process exit, fatal error, signal): synchronous, bounded by exit.timeoutMs. */
  drainSync(reason: string, error?: unknown): void {
    if (this.#closed) return
    if (error !== undefined) {
      this.internal(LEVELS.critical, 'error', `process is exiting: ${reason}`, { err: error, event: reason })
    }
    // records held during a reload: to the new sinks if they run, else to the emergency output
    if (this.#held !== undefined) {
      if (this.#started) this.release()
      else if (this.#held.length > 0) this.emergency('(reload)', 'held during a reload when the process exited', this.takeHeld().map(([line]) => line))
    }
    this.#reportDrops()
    const deadline = Date.now() + this.config.exit.timeoutMs
    for (const lane of this.#router.lanes) lane.drainSync(deadline)
    this.#closed = true
    this.#stop()
  }

  #stop(): void {
    clearInterval(this.#dropTimer)
    this.#unguard?.()
  }

  #reportDrops(): void {
    for (const lane of this.#router.lanes) {
      const dropped = lane.takeDroppedReport()
      if (dropped > 0) {
        const err = Errors.QUEUE_OVERFLOW(lane.name, dropped, lane.overflowPolicy)
        this.internal(LEVELS.warn, 'system', err.message, { code: err.code, sink: lane.name, dropped, policy: lane.overflowPolicy })
      }
    }
  }
}
