/**
 * What a logger made by createLoggerSync() writes to until its sinks have started: every call is
 * kept as it was made (time, correlation id, trace ids, its fields as the logger's serializers
 * made them, the top level copied) and replayed into the
 * started runtime in order, before any later call, so the files read as if the logger had been
 * ready at once. Bindings made meanwhile are serialized (and redacted) by the started runtime.
 *
 * If the start fails, the calls kept are counted as lost in the one message that reports the
 * failure on stderr, and flush()/close() reject with the failure; a process that exits before the
 * start completes says on stderr how many records it did not write.
 */
import { currentCorrelationId } from './correlation.js'
import { Errors, describeError } from './errors.js'
import { levelLabel } from './levels.js'
import { writeAllSync } from './write-all.js'
import { applyHooks, type Bindings } from './bindings.js'
import { callShape } from './call-shape.js'
import { DEFAULTS } from './config-schema.js'
import { traceFields } from './otel.js'
import { createSerializer } from './serialize.js'
import type { PipelineStats } from './pipeline.js'
import type { Runtime } from './runtime.js'

type Call = [
  time: number,
  correlationId: string | undefined,
  trace: string,
  level: number,
  category: string,
  bindings: Bindings,
  message: string,
  fields: Record<string, unknown>,
]

/** for `%j %o %O` before the start: the record serializer with the default limits */
const json = createSerializer(DEFAULTS.record).value

export class PendingRuntime {
  #calls: Call[] = []
  #failure: unknown
  #lost = 0
  readonly #onExit = () => {
    if (this.#calls.length > 0) this.#report(`the process exited before the logger started: ${this.#calls.length} record(s) not written`)
  }

  /** resolves to the started runtime (set by the controller) */
  started!: Promise<Runtime>
  #threshold: number
  /** `log.level = …` before the start: it outlives the start */
  levelSet = false

  constructor(
    threshold: number,
    readonly categories: ReadonlySet<string>,
  ) {
    this.#threshold = threshold
    process.once('exit', this.#onExit)
  }

  get threshold(): number {
    return this.#threshold
  }

  set threshold(value: number) {
    this.#threshold = value
    this.levelSet = true
  }

  write(level: number, category: string, bindings: Bindings, message: unknown, fields: unknown, args?: ArrayLike<unknown>): void {
    if (this.#failure !== undefined) {
      this.#lost++
      return
    }
    // shaped now, with the logger's serializers and mixin run now, as they would have been: what
    // they read (a request's socket, the current context) may be gone by the time of the replay.
    // The fields' top level is copied: a caller may reuse its object once the call returned.
    const { message: text, fields: shapedFields } = callShape(message, fields, args, json)
    let f = shapedFields === fields ? { ...shapedFields } : shapedFields
    if (bindings.hooks !== undefined) f = applyHooks(bindings.hooks, f, level)
    const trace = traceFields === undefined ? '' : traceFields()
    this.#calls.push([Date.now(), currentCorrelationId(), trace, level, category, bindings, text, f])
  }

  /** Children made before the start: the started runtime serializes their bindings at their first record. */
  prepareBindings(): string {
    return ''
  }

  /** The sinks started: every kept call goes to them, in order. */
  replay(rt: Runtime): void {
    process.removeListener('exit', this.#onExit)
    const calls = this.#calls
    this.#calls = []
    for (const c of calls) rt.writeAt(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
  }

  fail(err: unknown): void {
    process.removeListener('exit', this.#onExit)
    this.#failure = err
    this.#lost += this.#calls.length
    this.#calls = []
    this.#report(`the logger could not start (${describeError(err)}); ${this.#lost} record(s) logged before were not written`)
  }

  #report(text: string): void {
    writeAllSync(2, `logwarden: ${text}\n`)
  }

  sync(): Promise<void> {
    return this.started.then((rt) => rt.sync())
  }

  command(sink: string, name: string, args?: unknown): Promise<unknown> {
    return this.started.then((rt) => rt.command(sink, name, args))
  }

  flush(): Promise<void> {
    return this.#failure === undefined ? this.started.then((rt) => rt.flush()) : Promise.reject(this.#failure)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }

  stats(): PipelineStats {
    return { level: levelLabel(this.threshold), redaction: 'on', lanes: [], plugins: [], emergencyLost: this.#lost }
  }

  get pipeline(): never {
    throw Errors.LOGGER_STARTING('log.pipeline')
  }
}
