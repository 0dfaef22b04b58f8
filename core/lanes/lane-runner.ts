/**
 * The worker end of a sink lane. It owns one sink instance, handles its messages strictly in
 * order, retries a failing batch by recreating the sink, and acknowledges through shared memory
 * (for the host's synchronous waits) and a message (for its promises).
 */
import type { MessagePort } from 'node:worker_threads'
import { Errors, isLwErrorCode } from '../errors.js'
import { levelValue, type LevelName } from '../levels.js'
import type { Batch, CreateSink, Sink, SinkContext } from '../sink-contract.js'
import type { FromWorker, LaneStartResult, LaneTask, ToWorker } from './lane-protocol.js'

const WRITE_ATTEMPTS = 3

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

class WorkerLane {
  #sink: Sink | undefined
  #create!: CreateSink
  #queue: Array<Exclude<ToWorker, { t: 'task-result' }>> = []
  #draining = false
  #ack: Int32Array
  #counters: Record<string, number> = {}
  #abort = new AbortController()
  #taskId = 0
  #tasks = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()

  constructor(private readonly task: LaneTask) {
    this.#ack = new Int32Array(task.ack)
  }

  get port(): MessagePort {
    return this.task.port
  }

  async start(): Promise<void> {
    const mod = (await import(this.task.module)) as { createSink?: CreateSink; default?: { createSink?: CreateSink } }
    const create = mod.createSink ?? mod.default?.createSink
    if (typeof create !== 'function') throw new Error(`${this.task.module} does not export createSink(options, ctx)`)
    this.#create = create
    this.#sink = await create(this.task.options, this.#context())
    this.port.on('message', (msg: ToWorker) => this.#receive(msg))
  }

  #context(): SinkContext {
    const send = (msg: FromWorker) => this.port.postMessage(msg)
    return {
      name: this.task.name,
      signal: this.#abort.signal,
      log: (level: LevelName, category, message, fields) => send({ t: 'log', level: levelValue(level) ?? 30, category, message, fields: toCloneable(fields) }),
      count: (counter, n = 1) => {
        this.#counters[counter] = (this.#counters[counter] ?? 0) + n
      },
      runTask: <T>(module: string, exportName: string, args: unknown) =>
        new Promise<T>((resolve, reject) => {
          const id = ++this.#taskId
          this.#tasks.set(id, { resolve: resolve as (v: unknown) => void, reject })
          send({ t: 'task', id, module, export: exportName, args })
        }),
    }
  }

  #receive(msg: ToWorker): void {
    if (msg.t === 'task-result') {
      const pending = this.#tasks.get(msg.id)
      this.#tasks.delete(msg.id)
      if (msg.error !== undefined) pending?.reject(new Error(msg.error))
      else pending?.resolve(msg.result)
      return
    }
    this.#queue.push(msg)
    if (!this.#draining) void this.#drain()
  }

  async #drain(): Promise<void> {
    this.#draining = true
    while (this.#queue.length > 0) {
      const msg = this.#queue.shift()!
      try {
        await this.#handle(msg)
      } catch (err) {
        // one message's failure must not escape and end the thread other sinks share
        this.port.postMessage({ t: 'error', error: describe(err) } satisfies FromWorker)
        this.#acknowledge(msg.seq, msg.t === 'command', undefined, describe(err))
      }
    }
    this.#draining = false
  }

  async #handle(msg: Exclude<ToWorker, { t: 'task-result' }>): Promise<void> {
    let result: unknown
    let error: string | undefined
    switch (msg.t) {
      case 'batch':
        await this.#write({ seq: msg.seq, groups: msg.groups })
        break
      case 'flush':
        error = await this.#safely(() => this.#sink?.flush?.())
        break
      case 'command':
        try {
          result = this.#sink?.command ? await this.#sink.command(msg.name, msg.args) : undefined
          if (!this.#sink?.command) error = `sink "${this.task.name}" does not answer commands`
        } catch (err) {
          error = describe(err)
        }
        break
      case 'close':
        this.#abort.abort()
        error = await this.#safely(() => this.#sink?.close?.())
        this.#sink = undefined
        break
    }
    if (error && msg.t !== 'command') this.port.postMessage({ t: 'error', error } satisfies FromWorker)
    this.#acknowledge(msg.seq, msg.t === 'command', toCloneable(result), error)
    if (msg.t === 'close') this.port.close()
  }

  /** A throwing sink is recreated and the batch retried; after the last try the host gets it back. */
  async #write(batch: Batch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#sink!.write(batch)
        return
      } catch (err) {
        this.#counters.retried = (this.#counters.retried ?? 0) + 1
        const reason = describe(err)
        this.port.postMessage({ t: 'error', error: reason } satisfies FromWorker)
        if (attempt >= WRITE_ATTEMPTS) {
          this.port.postMessage({ t: 'failed', seq: batch.seq, error: reason } satisfies FromWorker)
          return
        }
        this.port.postMessage({
          t: 'log',
          level: 50,
          category: 'error',
          message: `sink "${this.task.name}" failed to write a batch (attempt ${attempt} of ${WRITE_ATTEMPTS}); restarting it`,
          fields: { code: Errors.SINK_FAILED.code, sink: this.task.name, reason },
        } satisfies FromWorker)
        await this.#safely(() => this.#sink?.close?.())
        await new Promise((r) => setTimeout(r, 25 * 4 ** attempt))
        try {
          this.#sink = await this.#create(this.task.options, this.#context())
        } catch (createErr) {
          this.port.postMessage({ t: 'error', error: describe(createErr) } satisfies FromWorker)
        }
      }
    }
  }

  async #safely(fn: () => unknown): Promise<string | undefined> {
    try {
      await fn()
      return undefined
    } catch (err) {
      return describe(err)
    }
  }

  #acknowledge(seq: number, reply: boolean, result?: unknown, error?: string): void {
    const counters = Object.keys(this.#counters).length > 0 ? this.#counters : undefined
    this.#counters = {}
    this.port.postMessage({ t: 'ack', seq, counters, reply, result, error } satisfies FromWorker)
    Atomics.store(this.#ack, 0, seq)
    Atomics.notify(this.#ack, 0)
  }
}

/** Command results and log fields cross a thread: keep them to what structured clone accepts. Never throws. */
function toCloneable<T>(value: T): T {
  if (value === undefined || value === null || typeof value !== 'object') return value
  try {
    structuredClone(value)
    return value
  } catch {
    const seen = new WeakSet<object>()
    try {
      return JSON.parse(
        JSON.stringify(value, (_k, v: unknown) => {
          if (typeof v === 'bigint') return v.toString()
          if (typeof v === 'function' || typeof v === 'symbol') return String(v)
          if (v !== null && typeof v === 'object') {
            if (seen.has(v)) return '[Circular]'
            seen.add(v)
          }
          return v
        }),
      ) as T
    } catch (err) {
      return { unserializable: describe(err) } as T
    }
  }
}

/**
 * The pool task that attaches a lane: it settles as soon as the sink exists (so piscina does not
 * keep the host alive for it); the lane then lives on in this worker, driven by its own port.
 */
export async function runLane(task: LaneTask): Promise<LaneStartResult> {
  const lane = new WorkerLane(task)
  if (task.detached) {
    lane.start().then(
      () => task.port.postMessage({ t: 'started' } satisfies FromWorker),
      (err: unknown) => {
        task.port.postMessage({ t: 'start-failed', ...startFailure(err) } satisfies FromWorker)
        task.port.close()
      },
    )
    return { ok: true }
  }
  try {
    await lane.start()
  } catch (err) {
    task.port.close()
    return { ok: false, ...startFailure(err) }
  }
  return { ok: true }
}

/** A sink's own coded error (sink-file's DIR, LOCKED) crosses back with its code. */
function startFailure(err: unknown): { error: string; code?: string; message?: string } {
  const code = (err as { code?: unknown } | null)?.code
  if (isLwErrorCode(code) && err instanceof Error) return { error: describe(err), code, message: err.message }
  return { error: describe(err) }
}
