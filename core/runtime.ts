/**
 * One logger's machinery: builds records and runs them through the pipeline (whose last step is
 * the sink router, core/lanes/), hosts the sink lanes on the worker pool, reports its own
 * failures, and drains at exit. The Logger class is its public face.
 */
import { randomBytes } from 'node:crypto'
import type { MessagePort } from 'node:worker_threads'
import type { Piscina } from 'piscina'
import { Pipeline, type PipelineHost, type PipelineStats } from './pipeline.js'
import { createSerializer, type Serializer } from './serialize.js'
import { currentCorrelationId, withCorrelation } from './correlation.js'
import { Errors, LwError, describeError, isLwErrorCode } from './errors.js'
import { LEVELS, levelLabel } from './levels.js'
import type { FieldRedactor } from './field-redactor.js'
import { EventIds } from './event-ids.js'
import type { LogRecord } from './record.js'
import type { ResolvedConfig } from './config-schema.js'
import { createPool, poolThreads, type PoolStarter } from './lanes/worker-pool.js'
import { SinkLane, type LaneHost } from './lanes/sink-lane.js'
import { SinkRouter } from './lanes/sink-router.js'
import { guard, type Drainable } from './exit-guard.js'
import { writeEmergency } from './lanes/emergency.js'
import { linesIn, writeAllSync } from './write-all.js'
import { withDeadline } from './deadline.js'
import { applyHooks, type Bindings } from './bindings.js'
import { callShape } from './call-shape.js'
import { traceFields } from './otel.js'
import { Scrubber } from './scrub.js'
import { Journal } from './durable/journal.js'
import { claimDeadJournals, forgetJournal, readJournal, releaseJournal } from './durable/replay.js'
import { resolve } from 'node:path'
import type { LaneStartResult } from './lanes/lane-protocol.js'
import { EventRegistry } from './events/registry.js'
import type { EventHost } from './events/write.js'
import type { Render } from './events/template.js'

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : v instanceof Error ? v.message : String(v)
  } catch {
    return '[unprintable message]'
  }
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>

export class Runtime implements PipelineHost, LaneHost, Drainable, EventHost {
  threshold: number
  /** the event catalog, compiled (core/events/) */
  readonly events: EventRegistry
  readonly pipeline: Pipeline
  readonly categories: ReadonlySet<string>
  readonly serializer: Serializer
  #router: SinkRouter
  #pool: Piscina | undefined
  #ids = new EventIds(randomBytes(6).toString('base64url'))
  #closed = false
  #unguard: (() => void) | undefined
  #dropTimer: NodeJS.Timeout | undefined
  #line: (r: LogRecord) => string
  #redactedLine: (r: LogRecord, redactor: FieldRedactor) => string | undefined
  #held: Array<[string, LogRecord, number]> | undefined
  /** the durable categories, undefined when `durable: false` */
  readonly #durable: ReadonlySet<string> | undefined
  #journal: Journal | undefined
  #closing: Promise<void> | undefined
  #started = false
  /** records the emergency output could write nowhere (stderr stalled or gone, crash file full) */
  #emergencyLost = 0
  /** the time of a call made before the start, while it is replayed (createLoggerSync); 0 otherwise */
  #replayTime = 0

  /** `starter`: a pool already booting, taken if its size fits (first start only, not reloads) */
  constructor(
    readonly config: ResolvedConfig,
    readonly scrubber: Scrubber = new Scrubber(),
    private readonly starter?: PoolStarter,
  ) {
    this.threshold = config.level
    this.categories = new Set(config.categories)
    this.events = new EventRegistry(config.events, config.validateEvents)
    this.serializer = createSerializer(config.record)
    this.#line = this.serializer.line
    this.#redactedLine = this.serializer.redactedLine
    this.#router = new SinkRouter(config.errorCopies, config.batch.maxDelayMs)
    this.pipeline = new Pipeline(config, this, this.#deliver, scrubber)
    if (config.durable && config.durable.categories.length > 0) this.#durable = new Set(config.durable.categories)
  }

  /**
   * The pipeline's last step: a durable record first into the journal (synchronously, before the
   * log call returns), then into the sink lanes, or held while a reload swaps them.
   */
  #deliver = (line: string, record: LogRecord): void => {
    const j = this.#durable !== undefined && this.#durable.has(record.category) ? (this.#journal ??= this.#openJournal()).append(line, record) : -1
    if (this.#held) this.#held.push([line, record, j])
    else {
      this.#router.route(line, record, j)
      if (j >= 0) this.#journal!.routed(j)
    }
  }

  #journalDir(): string {
    const d = this.config.durable
    if (d && d.dir !== undefined) return d.dir
    const offered = this.pipeline.sinks.find((s) => s.journalDir !== undefined)?.journalDir
    return offered ?? resolve(this.config.baseDir, 'logs', '.journal')
  }

  #openJournal(): Journal {
    const fsyncMode = this.config.durable ? this.config.durable.sync === 'fsync' : false
    const journal = new Journal(this.#journalDir(), fsyncMode, (err) => this.pipeline.reportError(err))
    if (this.#started) journal.watch(() => this.#router.lanes)
    return journal
  }

  /** Resolves once every durable record logged so far was fdatasync'd (at once when there is none). */
  sync(): Promise<void> {
    return this.#journal?.sync() ?? Promise.resolve()
  }

  /** Journals of killed processes: their records go to the sinks that had not confirmed them. */
  #replay(): void {
    if (this.#durable === undefined) return
    const dir = this.#journalDir()
    let dead
    try {
      dead = claimDeadJournals(dir)
    } catch (err) {
      this.pipeline.reportError(Errors.JOURNAL_REPLAY(dir, describeError(err)))
      return
    }
    for (const journal of dead) {
      let records = 0
      try {
        for (const r of readJournal(journal)) {
          const marks = journal.acks
          this.#router.replay(r.line, r, (lane) => r.index > (marks[lane.name] ?? -1))
          records++
        }
      } catch (err) {
        this.pipeline.reportError(Errors.JOURNAL_REPLAY(journal.id, describeError(err)))
      }
      if (records > 0)
        this.internal(
          LEVELS.info,
          'system',
          `replaying ${records} durable record(s) journaled by process ${journal.id.split('-')[0]}, which did not exit cleanly`,
          { event: 'journal_replay', journal: journal.id, records },
        )
      // the files go once every lane confirmed; a kill before that replays them again (deduplicated)
      Promise.all(this.#router.lanes.map((l) => l.flush())).then(
        () => forgetJournal(journal),
        (err: unknown) => {
          releaseJournal(journal)
          this.pipeline.reportError(Errors.JOURNAL_REPLAY(journal.id, describeError(err)))
        },
      )
    }
  }

  get handleSignals(): boolean {
    return this.config.exit.handleSignals
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Starts the pool and every declared sink; rejects (and cleans up) if any sink cannot start. */
  async start(): Promise<void> {
    const threads = poolThreads(this.config.workers.threads || undefined, this.pipeline.sinks.length)
    const onError = (err: unknown) => this.pipeline.reportError(Errors.SINK_FAILED('worker pool', describeError(err)))
    this.#pool = this.starter ? this.starter.take(threads, onError) : createPool(threads, onError)
    const { queue, batch, exit } = this.config
    const lanes = this.pipeline.sinks.map((declared) => {
      const spec = this.pipeline.hooks.sink.get(declared.kind)?.call(declared) ?? declared
      const lane = new SinkLane(
        spec,
        {
          maxRecords: spec.batch?.maxRecords ?? batch.maxRecords,
          maxBytes: spec.batch?.maxBytes ?? batch.maxBytes,
          queueMax: spec.queue?.maxRecords ?? queue.maxRecords,
          overflow: spec.queue?.overflow ?? queue.overflow,
          blockTimeoutMs: exit.timeoutMs,
          flushTimeoutMs: this.config.flushTimeoutMs,
        },
        this,
      )
      this.#router.add(lane, this.config.categories)
      return lane
    })
    try {
      const ms = this.config.startTimeoutMs
      // a worker thread takes ~100 ms to boot: sinks that checked their start on the main thread do not hold createLogger()
      for (const lane of lanes) if (lane.spec.start === 'background') lane.startInBackground(ms)
      await Promise.all(
        lanes
          .filter((lane) => lane.spec.start !== 'background')
          .map((lane) =>
            withDeadline(
              () => lane.start(),
              ms,
              () => Errors.PLUGIN_TIMEOUT(this.pipeline.sinkOwners.get(lane.name) ?? lane.kind, `starting its sink "${lane.name}"`, ms),
            ),
          ),
      )
      this.#replay()
      await this.pipeline.hooks.init.promise()
    } catch (err) {
      await this.#destroyPool()
      throw err
    }
    this.#unguard ??= guard(this)
    this.#started = true
    this.events.warm()
    this.#journal?.watch(() => this.#router.lanes)
    this.#dropTimer = setInterval(() => this.#reportDrops(), 1000).unref()
    // the one way to run without redaction is said once in the logs themselves, where an auditor looks
    if (this.stats().redaction === 'off') {
      this.internal(LEVELS.warn, 'system', 'redaction is off (the config says redact: false): records are written as logged', { event: 'redaction_off' })
    }
  }

  /**
   * Reload: keep records back (already redacted and serialized) until the old sinks are closed and
   * the new ones started. Held records are covered by the exit guard from now on.
   */
  hold(initial: Array<[string, LogRecord, number]> = []): void {
    // records held by another runtime are in its journal, not ours: routed here as not journaled
    this.#held = [...(this.#held ?? []), ...initial.map(([line, record]): [string, LogRecord, number] => [line, record, -1])]
    this.#unguard ??= guard(this)
  }

  takeHeld(): Array<[string, LogRecord, number]> {
    const held = this.#held ?? []
    this.#held = []
    return held
  }

  release(): void {
    const held = this.#held ?? []
    this.#held = undefined
    for (const [line, record, j] of held) {
      this.#router.route(line, record, j)
      if (j >= 0) this.#journal!.routed(j)
    }
  }

  /** A runtime that failed to start: stop whatever it had started, without draining. */
  async abandon(): Promise<void> {
    this.#closed = true
    for (const lane of this.#router.lanes) lane.abandon()
    // plugins release what apply acquired (ports, timers); their failures are reported, not thrown
    await this.pipeline.hooks.close.promise()
    // what it journaled (records held during a reload) stays for a later replay
    this.#journal?.closeSync(undefined)
    this.#stop()
    await this.#destroyPool()
  }

  /**
   * A start that failed or timed out: a worker stuck in native code (a hung mount) can never be
   * terminated, and must not keep createLogger() from rejecting.
   */
  async #destroyPool(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.min(this.config.exit.timeoutMs, 1000)).unref()
    })
    await Promise.race([this.#pool?.destroy(), gaveUp]).finally(() => clearTimeout(timer))
  }

  /** The hot path behind every log call that passed the level check. */
  /** `args`: all of the call's arguments when there were more than two (pino's printf arguments). */
  write(level: number, category: string, bindings: Bindings, message: unknown, fields: unknown, args?: ArrayLike<unknown>): void {
    try {
      this.#write(level, category, bindings, message, fields, args)
    } catch (err) {
      // last resort: a record whose arguments defeat every guard is still logged, minimally
      this.#emit(level, category, bindings.text, safeString(message), { lw_error: `record could not be built: ${describeError(err)}` }, undefined, undefined)
    }
  }

  /**
   * A call made before the start (createLoggerSync), already shaped and passed through the
   * logger's hooks when it was made; written with its own time, correlation id and trace ids.
   */
  writeAt(
    time: number,
    correlationId: string | undefined,
    trace: string,
    level: number,
    category: string,
    bindings: Bindings,
    message: string,
    fields: Record<string, unknown>,
  ): void {
    const emit = () => {
      const event = typeof fields.event === 'string' ? fields.event : undefined
      const bound = bindings.keys === undefined ? bindings.text : bindings.textFor(this, fields)
      this.#emit(level, category, bound + trace, message, fields, event, undefined, undefined, bindings.correlationId)
    }
    this.#replayTime = time
    try {
      if (correlationId === undefined) emit()
      else withCorrelation(emit, correlationId)
    } catch (err) {
      this.#emit(level, category, bindings.text, message, { lw_error: `record could not be built: ${describeError(err)}` }, undefined, undefined)
    } finally {
      this.#replayTime = 0
    }
  }

  #write(level: number, category: string, bindings: Bindings, message: unknown, fields: unknown, args: ArrayLike<unknown> | undefined): void {
    let msg: string
    let f: Record<string, unknown>
    // the plain call first: `(message)` or `(message, fields)` with no placeholder to fill
    if (
      typeof message === 'string' &&
      args === undefined &&
      (fields === undefined || (typeof fields === 'object' && fields !== null && !(fields instanceof Error) && message.indexOf('%') === -1))
    ) {
      msg = message
      f = (fields as Record<string, unknown>) ?? NO_FIELDS
    } else if (
      // pino's `(fields, message)` with nothing to interpolate: no request or response to serialize
      typeof fields === 'string' &&
      args === undefined &&
      typeof message === 'object' &&
      message !== null &&
      !(message instanceof Error) &&
      (message as { socket?: unknown }).socket === undefined &&
      (message as { setHeader?: unknown }).setHeader === undefined
    ) {
      msg = fields
      f = message as Record<string, unknown>
    } else {
      const shaped = callShape(message, fields, args, this.serializer.value)
      msg = shaped.message
      f = shaped.fields
    }
    if (bindings.hooks !== undefined) f = applyHooks(bindings.hooks, f, level)
    const event = typeof f.event === 'string' ? f.event : undefined
    let bound = bindings.keys === undefined ? bindings.text : bindings.textFor(this, f)
    if (traceFields !== undefined) bound += traceFields()
    this.#emit(level, category, bound, msg, f, event, undefined, undefined, bindings.correlationId)
  }

  /** log.event's write: the fields as given, the message rendered from them after redaction. */
  writeEvent(
    level: number,
    category: string,
    bindings: Bindings,
    event: string,
    fields: Record<string, unknown>,
    render: Render | undefined,
  ): string | undefined {
    try {
      const bound = bindings.keys === undefined ? bindings.text : bindings.textFor(this, fields)
      return this.#emit(level, category, bound, event, fields, event, undefined, render, bindings.correlationId)
    } catch (err) {
      return this.#emit(level, category, bindings.text, event, { lw_error: `record could not be built: ${describeError(err)}` }, event, undefined)
    }
  }

  #emit(
    level: number,
    category: string,
    bindings: string,
    message: string,
    fields: Record<string, unknown>,
    event: string | undefined,
    origin: string | undefined,
    render?: Render,
    boundCorrelationId?: string,
  ): string {
    const record: LogRecord = {
      time: this.#replayTime || Date.now(),
      level,
      category,
      message,
      event,
      eventId: this.#ids.next(),
      correlationId: currentCorrelationId() ?? boundCorrelationId,
      bindings,
      fields,
      origin,
      render,
    }
    if (this.#closed) {
      // the sinks are gone, but the redact taps are plain functions and still hold
      const hook = this.pipeline.hooks.redact
      const redacted = hook.taps.length > 0 ? hook.call(record) : record
      if (redacted.render !== undefined) redacted.message = redacted.render(redacted.fields)
      const text = `logwarden (closed): ${this.#line(redacted)}\n`
      // synchronous and pipe-safe: process.stderr.write on a pipe is asynchronous, lost at exit
      const { unwritten } = writeAllSync(2, text)
      if (unwritten > 0) this.#emergencyLost += linesIn(text, unwritten)
      return record.eventId
    }
    this.pipeline.process(record, this.#line, this.#redactedLine)
    return record.eventId
  }

  /** Redacts and serializes child bindings once, so each later record only concatenates them. */
  prepareBindings(bindings: Record<string, unknown>): string {
    const synthetic: LogRecord = { time: 0, level: 0, category: 'system', message: '', eventId: '', bindings: '', fields: bindings }
    const redacted = this.pipeline.hooks.redact.taps.length > 0 ? this.pipeline.hooks.redact.call(synthetic) : synthetic
    return this.serializer.fields(redacted.fields)
  }

  // ---- PipelineHost / LaneHost

  internal(level: number, category: string, message: string, fields?: Record<string, unknown>, origin?: string): void {
    // logwarden's own records (and those its sinks report) obey the threshold like any other,
    // except the audit trail, which is evidence rather than verbosity
    if (level < this.threshold && category !== 'audit') return
    const target = this.categories.has(category) ? category : 'system'
    const event = typeof fields?.event === 'string' ? fields.event : undefined
    // what logwarden says itself quotes failures (a sink's error, a plugin's exception): the
    // config's secrets go whether or not the redact plugin runs
    this.#emit(level, target, '', this.scrubber.scrub(message), fields ? this.#scrubFields(fields) : NO_FIELDS, event, origin)
  }

  #scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
    let out: Record<string, unknown> | undefined
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v !== 'string') continue
      const s = this.scrubber.scrub(v)
      if (s !== v) (out ??= { ...fields })[k] = s
    }
    return out ?? fields
  }

  log(level: number, category: string, message: string, fields: Record<string, unknown> | undefined, origin: string): void {
    const code = fields?.code
    if (level >= LEVELS.error && isLwErrorCode(code)) {
      this.pipeline.hooks.error.call(new LwError(code, this.scrubber.scrub(message)))
    }
    this.internal(level, category, message, fields, origin)
  }

  runTask<T>(module: string, exportName: string, args: unknown): Promise<T> {
    if (!this.#pool) return Promise.reject(Errors.SINK_FAILED('worker pool', 'it is not running'))
    return this.#pool.run({ kind: 'call', module, export: exportName, args }) as Promise<T>
  }

  async attach(lane: SinkLane, port: MessagePort, ack: SharedArrayBuffer): Promise<void> {
    const task = { kind: 'lane', name: lane.name, module: lane.spec.module, options: lane.spec.options, port, ack, detached: lane.spec.start === 'background' }
    const result = (await this.#pool!.run(task, { transferList: [port] as never })) as LaneStartResult
    if (result.ok) return
    // the sink's documented code (a log directory that cannot be created, a held lock) is kept
    if (result.code && result.message !== undefined) throw new LwError(result.code, result.message)
    throw Errors.SINK_FAILED(lane.name, result.error)
  }

  emergency(lane: string, reason: string, lines: string[]): void {
    // the reason is the sink's own error text; the lines were redacted on their way in
    this.#emergencyLost += writeEmergency(this.config.exit.crashFile, lane, this.scrubber.scrub(reason), lines)
  }

  schedule(): void {
    this.#router.schedule()
  }

  stats(): PipelineStats {
    const redaction = this.pipeline.plugins.includes('redact') ? 'on' : 'off'
    // a sink's last error is shown by the control API's /status and the CLI's status
    const lanes = this.#router.lanes.map((l) => {
      const s = l.stats()
      return s.lastError === undefined ? s : { ...s, lastError: this.scrubber.scrub(s.lastError) }
    })
    return {
      level: levelLabel(this.threshold),
      redaction,
      lanes,
      plugins: [...this.pipeline.plugins],
      emergencyLost: this.#emergencyLost,
      ...(this.events.size > 0 || this.events.unknown > 0 ? { events: this.events.stats() } : {}),
      ...(this.#journal ? { journal: this.#journal.stats() } : {}),
    }
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
      // each sink gets exit.timeoutMs in all, not flushTimeoutMs (30 s) and then exit.timeoutMs:
      // one that cannot confirm its flush within it has only what is left of it to close
      const budget = this.config.exit.timeoutMs
      const deadline = Date.now() + budget
      this.#reportDrops()
      const flushed = await Promise.all(
        this.#router.lanes.map((l) =>
          l.flush(Math.min(budget, this.config.flushTimeoutMs)).then(
            () => true,
            () => false,
          ),
        ),
      )
      await this.pipeline.hooks.flush.promise()
      await this.pipeline.hooks.close.promise()
      const lanes = this.#router.lanes
      for (let i = lanes.length - 1; i >= 0; i--) await lanes[i].close(flushed[i] ? budget : Math.max(0, deadline - Date.now()))
      this.#journal?.closeSync(this.#router.lanes)
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
      else if (this.#held.length > 0)
        this.emergency(
          '(reload)',
          'held during a reload when the process exited',
          this.takeHeld().map(([line]) => line),
        )
    }
    this.#reportDrops()
    const deadline = Date.now() + this.config.exit.timeoutMs
    for (const lane of this.#router.lanes) lane.drainSync(deadline)
    this.#journal?.closeSync(this.#router.lanes)
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
