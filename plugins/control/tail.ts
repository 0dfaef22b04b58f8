/**
 * One live /tail stream. Records are written as they are logged (on the logging thread: a
 * filter test and a socket write, no parse unless a field filter needs one). A client that
 * reads too slowly loses records once its unsent bytes pass a bound, and is told how many.
 */
import type { ServerResponse } from 'node:http'
import type { LineFilter, LineMeta } from './filter.js'

export type TailFormat = 'ndjson' | 'sse'

export class TailStream {
  #dropped = 0
  #heartbeat: NodeJS.Timeout
  #closed = false

  constructor(
    private readonly res: ServerResponse,
    private readonly filter: LineFilter,
    private readonly format: TailFormat,
    private readonly maxBufferBytes: number,
    heartbeatMs: number,
    private readonly onClose: (s: TailStream) => void,
    private readonly onDrop: () => void = () => undefined,
  ) {
    res.writeHead(200, {
      'content-type': format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    })
    res.flushHeaders()
    res.socket?.setNoDelay(true)
    // an idle stream still shows it is alive (and proxies do not time it out)
    this.#heartbeat = setInterval(() => this.#raw(format === 'sse' ? ':\n\n' : '\n'), heartbeatMs).unref()
    res.on('close', () => this.close())
  }

  /** Offered every record; writes the ones the filter keeps. */
  offer(line: string, meta: LineMeta): void {
    if (this.#closed || !this.filter(line, meta)) return
    this.send(line)
  }

  send(line: string): void {
    if (this.res.writableLength > this.maxBufferBytes) {
      this.#dropped++
      this.onDrop()
      return
    }
    if (this.#dropped > 0) {
      const n = this.#dropped
      this.#dropped = 0
      this.#raw(this.format === 'sse' ? `event: dropped\ndata: {"dropped":${n}}\n\n` : `{"notice":"dropped","dropped":${n}}\n`)
    }
    this.#raw(this.format === 'sse' ? `data: ${line}\n\n` : `${line}\n`)
  }

  #raw(text: string): void {
    if (!this.#closed) this.res.write(text)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#heartbeat)
    this.onClose(this)
    if (!this.res.writableEnded) this.res.end()
  }
}
