/**
 * One live /tail stream. A log call only ENQUEUES a record here (after a constant-time category
 * and level check): the filter a client sent (grep, where, regex) runs later, in a drain on
 * the event loop, so no client's filter ever runs inside the host's log call. The queue and the
 * socket's unsent bytes are bounded: a client that reads too slowly loses records, and is told
 * how many.
 */
import type { ServerResponse } from 'node:http'
import type { LineFilter, LineMeta } from '../../lib/query/index.js'

export type TailFormat = 'ndjson' | 'sse'

/** a drain yields to the event loop after this long, and goes on in the next turn */
const DRAIN_SLICE_MS = 10

export interface TailOptions {
  /** the full filter: run in the drain */
  filter: LineFilter
  /** the constant-time part of it (category, level): run when a record is offered */
  accepts?: (meta: LineMeta) => boolean
  format: TailFormat
  maxBufferBytes: number
  heartbeatMs: number
  onClose: (s: TailStream) => void
  onDrop?: () => void
  /** a drain failed: the stream is closed, and this says why (for the error log) */
  onFail?: (err: unknown) => void
}

export class TailStream {
  #dropped = 0
  #heartbeat: NodeJS.Timeout
  #closed = false
  /** `dropped`: records refused after this one while it waited, told where they were lost */
  #queue: Array<{ line: string; meta: LineMeta; dropped: number }> = []
  #queuedChars = 0
  #drain: NodeJS.Immediate | undefined
  readonly #o: TailOptions

  constructor(
    private readonly res: ServerResponse,
    options: TailOptions,
  ) {
    this.#o = options
    const { format } = options
    res.writeHead(200, {
      'content-type': format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      // a stream ends when the client or the server is done: its connection is not reused
      connection: 'close',
    })
    res.flushHeaders()
    res.socket?.setNoDelay(true)
    // an idle stream still shows it is alive (and proxies do not time it out)
    this.#heartbeat = setInterval(() => this.#raw(format === 'sse' ? ':\n\n' : '\n'), options.heartbeatMs).unref()
    res.on('close', () => this.close())
  }

  /** Called inside every log call: constant time, the filter runs in the drain. */
  offer(line: string, meta: LineMeta): void {
    if (this.#closed || (this.#o.accepts && !this.#o.accepts(meta))) return
    // queued and unsent bytes share one bound (chars approximate bytes: a cheap, safe side bound)
    if (this.#queuedChars + line.length + this.res.writableLength > this.#o.maxBufferBytes && this.#queue.length > 0) {
      this.#queue[this.#queue.length - 1]!.dropped++
      this.#o.onDrop?.()
      return
    }
    this.#queue.push({ line, meta, dropped: 0 })
    this.#queuedChars += line.length
    this.#drain ??= setImmediate(() => this.#runDrain())
  }

  #runDrain(): void {
    this.#drain = undefined
    try {
      const until = performance.now() + DRAIN_SLICE_MS
      let i = 0
      for (; i < this.#queue.length && !this.#closed; i++) {
        const { line, meta, dropped } = this.#queue[i]!
        this.#queuedChars -= line.length
        if (this.#o.filter(line, meta)) this.send(line)
        this.#dropped += dropped
        if (performance.now() > until) {
          i++
          break
        }
      }
      this.#queue = i >= this.#queue.length ? [] : this.#queue.slice(i)
      if (this.#queue.length > 0 && !this.#closed) this.#drain = setImmediate(() => this.#runDrain())
    } catch (err) {
      // never an uncaught exception in the host: this stream ends, the others go on
      this.close()
      this.#o.onFail?.(err)
    }
  }

  /** Writes a line that passed the filter (the backlog, and the drain). */
  send(line: string): void {
    if (this.res.writableLength > this.#o.maxBufferBytes) {
      this.#dropped++
      this.#o.onDrop?.()
      return
    }
    const sse = this.#o.format === 'sse'
    if (this.#dropped > 0) {
      const n = this.#dropped
      this.#dropped = 0
      this.#raw(sse ? `event: dropped\ndata: {"dropped":${n}}\n\n` : `{"notice":"dropped","dropped":${n}}\n`)
    }
    this.#raw(sse ? `data: ${line}\n\n` : `${line}\n`)
  }

  #raw(text: string): void {
    if (!this.#closed) this.res.write(text)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#heartbeat)
    if (this.#drain) clearImmediate(this.#drain)
    this.#drain = undefined
    this.#queue = []
    this.#queuedChars = 0
    this.#o.onClose(this)
    if (!this.res.writableEnded) this.res.end()
  }
}
