/**
 * The main-thread end of one sink, its delivery and supervision: posts the batches its buffer
 * (lane-buffer.ts) seals, in order, to the sink's single owner in the pool, and re-sends what was
 * not acknowledged when that owner dies. Acks arrive twice: as a message (async path) and in a SharedArrayBuffer, so that exit and the
 * `block` policy can wait synchronously with Atomics.wait while the worker keeps writing.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { Errors, LwError, describeError } from '../errors.js'
import type { OverflowPolicy, SinkSpec } from '../sink-contract.js'
import type { LaneStats } from '../pipeline.js'
import type { ToWorker, FromWorker } from './lane-protocol.js'
import { LaneBuffer, groupsToLines, toBatchGroups, type Pending } from './lane-buffer.js'
import { backoffDelay } from '../backoff.js'
import { WriteTimes } from './write-times.js'

export interface LaneOptions {
  maxRecords: number
  maxBytes: number
  overflow: OverflowPolicy
  queueMax: number
  /** how long `block` may hold a caller, and close() may wait for its sink (exit.timeoutMs) */
  blockTimeoutMs: number
  /** how long flush() waits for a sink's confirmation before rejecting */
  flushTimeoutMs: number
}

export interface LaneHost {
  /** starts the worker side; resolves when the sink was created, rejects with createSink's error */
  attach(lane: SinkLane, port: MessagePort, ack: SharedArrayBuffer): Promise<void>
  /** a record from the worker (or about the lane) to log through the pipeline */
  log(level: number, category: string, message: string, fields: Record<string, unknown> | undefined, origin: string): void
  /** lines that could not be delivered: written synchronously to stderr or the crash file */
  emergency(lane: string, reason: string, lines: string[]): void
  runTask(module: string, exportName: string, args: unknown): Promise<unknown>
  /** a lane has work to post soon (one scheduled tick is shared by all lanes) */
  schedule(): void
}

const MAX_IN_FLIGHT = 4
const MAX_POISON_RESTARTS = 3

export class SinkLane {
  readonly name: string
  readonly kind: string
  readonly minLevel: number
  readonly spec: SinkSpec
  #ack = new Int32Array(new SharedArrayBuffer(4))
  #port: MessagePort | undefined
  #ready = false
  /** its worker ran once: at exit, what is left is the worker's to confirm or the crash file's */
  #started = false
  /** a background start waiting for the worker's `started` / `start-failed` */
  #startWait: { resolve(): void; reject(err: unknown): void } | undefined
  #closing = false
  #buf: LaneBuffer
  #inflight: Pending[] = []
  #waiters = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  #headRestarts = 0
  #headSeq = -1
  #stats = { written: 0, droppedReported: 0, failed: 0, restarts: 0 }
  #lastError: string | undefined
  #counters: Record<string, number> = {}
  /** from a batch's post to its acknowledgement: the sink's write latency as the host sees it */
  #writeTime = new WriteTimes()
  #restartTimer: NodeJS.Timeout | undefined
  /** the ack sequence when a `block` wait last timed out; until it moves, callers are not held */
  #stalledAt: number | undefined
  /** closed and acknowledged, or drained at exit: nothing more to do */
  #done = false
  /** the lowest journal index of a durable record this lane gave up on (emergency output): kept for the next start's replay */
  #lostJ = Infinity

  constructor(
    spec: SinkSpec,
    private readonly opts: LaneOptions,
    private readonly host: LaneHost,
  ) {
    this.spec = spec
    this.name = spec.name
    this.kind = spec.kind
    this.minLevel = spec.minLevel ?? 0
    this.#buf = new LaneBuffer(opts)
  }

  async start(): Promise<void> {
    // a dead owner may have acknowledged in shared memory a batch whose ack message never came:
    // resending it would duplicate its records
    if (this.#inflight.length > 0) this.#ackedUpTo(this.#ackedSeq())
    const { port1, port2 } = new MessageChannel()
    this.#port = port1
    this.#ready = false
    port1.on('message', (msg: FromWorker) => this.#onMessage(msg))
    port1.once('close', () => this.#onPortClose(port1))
    // until the worker runs, the process stays up: an app that logs and ends at once still has its records written
    port1.ref()
    // a background start's result comes on the lane's port (LaneTask.detached)
    const started = this.spec.start === 'background' ? new Promise<void>((resolve, reject) => (this.#startWait = { resolve, reject })) : undefined
    started?.catch(() => undefined) // awaited below; may settle before the pool task answers
    try {
      await this.host.attach(this, port2, this.#ack.buffer as SharedArrayBuffer)
      await started
    } finally {
      this.#startWait = undefined
      this.#refresh()
    }
    this.#ready = true
    this.#started = true
    // what was in flight when a previous owner died is sent again, in order
    for (const p of this.#inflight) this.#post(p)
    this.pump()
  }

  /**
   * Starts without anyone waiting: records queue until the worker runs; a start that fails is
   * reported and retried with backoff, as when a running sink's worker dies.
   */
  startInBackground(timeoutMs: number): void {
    // a start stuck in native code (a hung mount) must not keep the process alive for ever
    const timer = setTimeout(() => {
      if (this.#ready || this.#closing) return
      this.#lastError = `not started within ${timeoutMs} ms`
      this.host.log(
        50,
        'error',
        `sink "${this.name}" has not started within ${timeoutMs} ms; its records stay queued`,
        { code: Errors.SINK_FAILED.code, sink: this.name },
        this.name,
      )
      this.#port?.unref()
    }, timeoutMs).unref()
    this.start()
      .catch((err: unknown) => this.#startFailed(err))
      .finally(() => clearTimeout(timer))
  }

  #startFailed(err: unknown): void {
    if (this.#closing) return
    this.#lastError = describeError(err)
    this.host.log(
      50,
      'error',
      `sink "${this.name}" could not start: ${this.#lastError}; retrying, its records stay queued`,
      { code: Errors.SINK_FAILED.code, sink: this.name },
      this.name,
    )
    this.#scheduleRestart()
  }

  /**
   * Hot path: one serialized line for this sink. `jidx`: its index in the durable journal (-1: not
   * journaled); `replay`: from a killed process's journal (the sink deduplicates such groups).
   */
  push(category: string, errorCopy: boolean, line: string, jidx = -1, replay = false): void {
    if (this.#closing) {
      // the sink is gone or going: a late record is not dropped silently
      this.host.emergency(this.name, 'arrived after the sink was closed', [line])
      if (jidx >= 0 && jidx < this.#lostJ) this.#lostJ = jidx
      return
    }
    const buf = this.#buf
    // dropped by the overflow policy: counted and reported, and not kept for a replay either
    if (buf.full && !buf.makeRoom(this.#blockUntilRoom)) return
    if (buf.append(category, errorCopy, line, jidx, replay)) {
      buf.seal()
      this.pump()
    } else if (buf.openCount === 1) {
      this.host.schedule()
    }
  }

  /**
   * The lowest journal index of a durable record this lane has not confirmed (open, queued, in
   * flight, or given up on); Infinity when there is none. Read by the journal's watermark timer.
   */
  durableLow(): number {
    if (this.#inflight.length > 0) this.#ackedUpTo(this.#ackedSeq())
    let low = this.#lostJ
    for (const p of this.#inflight) if (p.kind === 'batch' && p.minJ >= 0 && p.minJ < low) low = p.minJ
    for (const p of this.#buf.sealed) if (p.kind === 'batch' && p.minJ >= 0 && p.minJ < low) low = p.minJ
    if (this.#buf.openMinJ >= 0 && this.#buf.openMinJ < low) low = this.#buf.openMinJ
    return low
  }

  #markLost(lost: Pending[]): void {
    for (const p of lost) if (p.kind === 'batch' && p.minJ >= 0 && p.minJ < this.#lostJ) this.#lostJ = p.minJ
  }

  /** Seal the open batch and post what flow control allows. Called on the shared tick. */
  tick(): void {
    this.#buf.seal()
    this.pump()
  }

  pump(limit = MAX_IN_FLIGHT): void {
    if (!this.#ready) return
    // a busy main thread may not have read the ack messages yet; shared memory already has them
    if (this.#inflight.length > 0) this.#ackedUpTo(this.#ackedSeq())
    const sealed = this.#buf.sealed
    while (sealed.length > 0 && this.#inflight.length < limit) {
      const p = sealed.shift()!
      this.#inflight.push(p)
      this.#post(p)
    }
  }

  /** Resolves when the sink confirmed everything before it; rejects if it cannot within flushTimeoutMs. */
  flush(timeoutMs = this.opts.flushTimeoutMs): Promise<void> {
    return this.#bounded(this.#control({ kind: 'flush' }), timeoutMs, 'flush') as Promise<void>
  }

  command(name: string, args: unknown): Promise<unknown> {
    try {
      structuredClone(args)
    } catch (err) {
      return Promise.reject(Errors.SINK_FAILED(this.name, `command "${name}": its arguments cannot be sent to a worker (${describeError(err)})`))
    }
    return this.#control({ kind: 'command', name, args })
  }

  /** Closes the sink; never waits past blockTimeoutMs (exit.timeoutMs): the rest goes to the emergency output. */
  async close(timeoutMs = this.opts.blockTimeoutMs): Promise<void> {
    const closed = this.#control({ kind: 'close' })
    // what arrives from now on could never be posted after the close message
    this.#closing = true
    clearTimeout(this.#restartTimer)
    try {
      await this.#bounded(closed, timeoutMs, 'close')
    } catch {
      this.#abandonPending(`not confirmed by the sink within ${this.opts.blockTimeoutMs} ms of close (${this.#lastError ?? 'no answer'})`)
    } finally {
      this.#done = true
      this.#port?.close()
    }
  }

  #bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            Errors.SINK_FAILED(
              this.name,
              `${what} not confirmed within ${ms} ms${this.#ready ? '' : ` (the sink is not running: ${this.#lastError ?? 'restarting'})`}; its records stay queued`,
            ),
          ),
        ms,
      )
    })
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
  }

  /** Everything not confirmed goes to the emergency output, and every waiter is answered. */
  #abandonPending(reason: string): void {
    this.#buf.seal()
    const lost = [...this.#inflight, ...this.#buf.sealed]
    this.#markLost(lost)
    const lines = lost.flatMap((p) => (p.kind === 'batch' ? groupsToLines(p.groups) : []))
    if (lines.length > 0) this.host.emergency(this.name, reason, lines)
    this.#stats.failed += lines.length
    this.#inflight = []
    this.#buf.sealed = []
    this.#buf.queued = 0
    for (const seq of [...this.#waiters.keys()]) this.#settle(seq, undefined, reason)
  }

  /** A lane of a runtime that failed to start: nothing to drain, and no restart when its pool goes. */
  abandon(): void {
    this.#closing = true
    clearTimeout(this.#restartTimer)
    this.#port?.close()
  }

  /**
   * Exit path: post everything and close, then wait synchronously for the worker's ack.
   * Returns how many records could not be confirmed within the deadline (they go to emergency).
   */
  drainSync(deadline: number): number {
    if (this.#done) return 0
    this.#done = true
    // a lane already closing (a reload, log.close()) has posted its close: only the wait is left
    if (!this.#closing) {
      this.#closing = true
      this.#buf.control({ kind: 'close' })
    }
    this.pump(Infinity)
    const target = this.#buf.seq
    while (this.#ready && this.#ackedSeq() < target) {
      const left = deadline - Date.now()
      if (left <= 0) break
      Atomics.wait(this.#ack, 0, this.#ack[0], Math.min(left, 50))
    }
    this.#ackedUpTo(this.#ackedSeq())
    const lost = this.#ready || this.#started ? [...this.#inflight, ...this.#buf.sealed] : this.#writeBeforeStart()
    this.#markLost(lost)
    const lines = lost.flatMap((p) => (p.kind === 'batch' ? groupsToLines(p.groups) : []))
    if (lines.length > 0) this.host.emergency(this.name, `not written within the exit deadline${this.#ready ? '' : ' (sink not running)'}`, lines)
    this.#inflight = []
    this.#buf.sealed = []
    return lines.length
  }

  /** Exit before the worker ever ran: the sink's own synchronous writer, if it has one; returns what it could not write. */
  #writeBeforeStart(): Pending[] {
    const write = this.spec.writeBeforeStart
    const pending = [...this.#inflight, ...this.#buf.sealed]
    if (write === undefined) return pending
    const lost: Pending[] = []
    for (const p of pending) {
      if (p.kind !== 'batch') continue
      try {
        write(toBatchGroups(p.groups))
        this.#stats.written += p.count
      } catch (err) {
        this.#lastError = describeError(err)
        lost.push(p)
      }
    }
    return lost
  }

  stats(): LaneStats {
    return {
      name: this.name,
      kind: this.kind,
      role: this.spec.role ?? 'sink',
      queued: this.#buf.queued,
      inFlight: this.#inflight.length,
      accepted: this.#buf.accepted,
      written: this.#stats.written,
      dropped: this.#buf.dropped,
      failed: this.#stats.failed,
      restarts: this.#stats.restarts,
      lastError: this.#lastError,
      counters: { ...this.#counters },
      writeMs: this.#writeTime.snapshot(),
    }
  }

  /** Dropped records since the last report; the logger turns this into a `system` record. */
  takeDroppedReport(): number {
    const n = this.#buf.dropped - this.#stats.droppedReported
    this.#stats.droppedReported = this.#buf.dropped
    return n
  }

  get overflowPolicy(): OverflowPolicy {
    return this.opts.overflow
  }

  /**
   * `block`: the caller waits, synchronously, for the worker to acknowledge; never past the deadline.
   * After a wait that timed out, callers are not held again until the sink makes progress: a stuck
   * sink costs one wait, not one per log call.
   */
  #blockUntilRoom = (): boolean => {
    if (this.#stalledAt !== undefined) {
      this.#ackedUpTo(this.#ackedSeq())
      if (this.#ackedSeq() === this.#stalledAt) return false
      this.#stalledAt = undefined
    }
    this.#buf.seal()
    this.pump(Infinity)
    const deadline = Date.now() + this.opts.blockTimeoutMs
    while (this.#ready && this.#buf.full) {
      const left = deadline - Date.now()
      if (left <= 0) break
      Atomics.wait(this.#ack, 0, this.#ack[0], Math.min(left, 50))
      this.#ackedUpTo(this.#ackedSeq())
    }
    if (!this.#buf.full) return true
    this.#stalledAt = this.#ackedSeq()
    return false
  }

  #control(p: { kind: 'flush' | 'close' } | { kind: 'command'; name: string; args: unknown }): Promise<unknown> {
    if (this.#closing) return Promise.resolve(undefined)
    const seq = this.#buf.control(p)
    const promise = new Promise<unknown>((resolve, reject) => this.#waiters.set(seq, { resolve, reject }))
    this.#refresh()
    this.pump(Infinity)
    return promise
  }

  #post(p: Pending): void {
    const port = this.#port!
    let msg: ToWorker
    if (p.kind === 'batch') {
      msg = { t: 'batch', seq: p.seq, groups: toBatchGroups(p.groups) }
      p.sentAt = performance.now()
    } else if (p.kind === 'command') {
      msg = { t: 'command', seq: p.seq, name: p.name, args: p.args }
    } else {
      msg = { t: p.kind, seq: p.seq }
    }
    try {
      port.postMessage(msg)
    } catch (err) {
      // only this message is given up; earlier batches are still the worker's to confirm
      const i = this.#inflight.indexOf(p)
      if (i >= 0) this.#inflight.splice(i, 1)
      this.#settle(p.seq, undefined, describeError(err))
    }
  }

  #ackedSeq(): number {
    return Atomics.load(this.#ack, 0)
  }

  #ackedUpTo(seq: number): void {
    while (this.#inflight.length > 0 && this.#inflight[0].seq <= seq) {
      const p = this.#inflight.shift()!
      if (p.kind === 'batch') {
        this.#buf.queued -= p.count
        this.#stats.written += p.count
        if (p.sentAt !== undefined) this.#writeTime.observe(performance.now() - p.sentAt)
        this.#buf.recycle(p.groups)
      } else if (p.kind !== 'command') {
        this.#settle(p.seq, undefined)
      }
      this.#headRestarts = 0
    }
  }

  #settle(seq: number, result: unknown, error?: string): void {
    const w = this.#waiters.get(seq)
    if (!w) return
    this.#waiters.delete(seq)
    this.#refresh()
    if (error) w.reject(Errors.SINK_FAILED(this.name, error))
    else w.resolve(result)
  }

  #onMessage(msg: FromWorker): void {
    switch (msg.t) {
      case 'started':
        this.#startWait?.resolve()
        return
      case 'start-failed':
        // the sink's documented code (a log directory that cannot be created, a held lock) is kept
        this.#startWait?.reject(msg.code && msg.message !== undefined ? new LwError(msg.code, msg.message) : Errors.SINK_FAILED(this.name, msg.error))
        return
      case 'ack':
        if (msg.counters) for (const [k, v] of Object.entries(msg.counters)) this.#counters[k] = (this.#counters[k] ?? 0) + v
        if (msg.reply) this.#settle(msg.seq, msg.result, msg.error)
        this.#ackedUpTo(msg.seq)
        this.pump()
        return
      case 'failed': {
        const p = this.#inflight.find((x) => x.seq === msg.seq)
        if (p?.kind === 'batch') {
          this.#markLost([p])
          this.#stats.failed += p.count
          this.#stats.written -= p.count // counted as written by the ack that follows
          this.host.emergency(this.name, msg.error, groupsToLines(p.groups))
        }
        this.#lastError = msg.error
        return
      }
      case 'log':
        this.host.log(msg.level, msg.category, msg.message, msg.fields, this.name)
        return
      case 'error':
        this.#lastError = msg.error
        return
      case 'task':
        this.host.runTask(msg.module, msg.export, msg.args).then(
          (result) => this.#port?.postMessage({ t: 'task-result', id: msg.id, result } satisfies ToWorker),
          (err) => this.#port?.postMessage({ t: 'task-result', id: msg.id, error: describeError(err) } satisfies ToWorker),
        )
        return
    }
  }

  /** The owner's thread died: start a new owner and re-send what it had not acknowledged. */
  #onPortClose(port: MessagePort): void {
    if (this.#closing || port !== this.#port) return
    if (this.#startWait !== undefined) {
      // the worker died while starting the sink: that start failed, and is retried as such
      this.#startWait.reject(Errors.SINK_FAILED(this.name, 'its worker exited while starting it'))
      return
    }
    this.#ready = false
    this.#stats.restarts++
    this.#lastError = 'worker exited; sink restarted'
    const head = this.#inflight[0]
    if (head && head.seq === this.#headSeq && ++this.#headRestarts >= MAX_POISON_RESTARTS) {
      // a message that kills its worker every time is given up: a batch to the emergency output
      this.#inflight.shift()
      if (head.kind === 'batch') {
        this.#buf.queued -= head.count
        this.#stats.failed += head.count
        this.host.emergency(this.name, 'batch crashed the sink worker repeatedly', groupsToLines(head.groups))
      } else {
        this.#settle(head.seq, undefined, `${head.kind} crashed the sink worker repeatedly`)
      }
      this.#headRestarts = 0
    }
    this.#headSeq = this.#inflight[0]?.seq ?? -1
    this.host.log(
      50,
      'error',
      `sink "${this.name}" worker exited; restarting it`,
      { code: Errors.SINK_FAILED.code, sink: this.name, restarts: this.#stats.restarts },
      this.name,
    )
    this.#scheduleRestart()
  }

  /** One restart at a time, with backoff up to 30 s: a sink that cannot start does not spin. */
  #scheduleRestart(): void {
    if (this.#closing || this.#restartTimer !== undefined) return
    const delay = backoffDelay(this.#stats.restarts, 50, 30_000)
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined
      this.start().catch((err: unknown) => this.#startFailed(err))
    }, delay).unref()
  }

  /** Keep the process alive only while someone awaits this lane (flush/close/command). */
  #refresh(): void {
    if (!this.#port) return
    if (this.#waiters.size > 0) this.#port.ref()
    else this.#port.unref()
  }
}
