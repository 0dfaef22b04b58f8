/**
 * Syslog over TCP with RFC 6587 octet-counting framing, optionally TLS (RFC 5425, same framing).
 *
 * Never blocks the caller: frames go to a bounded queue (drop-oldest, counted) and are written
 * while connected. A lost connection is retried with jittered exponential backoff; frames whose
 * write the socket had not confirmed when it broke are queued again (at-least-once: the receiver
 * may see a record twice, never a half frame, as each connection starts a fresh stream).
 */
import net from 'node:net'
import tls from 'node:tls'
import type { SyslogMessage } from '../rfc5424.js'
import { formatRfc5424Bounded, octetCountingFrame } from '../rfc5424.js'
import { backoffDelay } from '../../../lib/util/index.js'
import { BoundedQueue, IdleWaiters } from './queue.js'
import type { Delivery, Transport } from './transport.js'

export interface TcpOptions {
  host: string
  port: number
  maxMessageBytes: number
  maxBuffered: number
  connectTimeoutMs: number
  reconnect: { initialDelayMs: number; maxDelayMs: number }
  /** present for the tls transport: PEM contents, not paths */
  tls?: { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized: boolean }
}

export class TcpTransport implements Transport<SyslogMessage> {
  readonly describe: string
  #queue: BoundedQueue<Buffer>
  /** written to the socket, write callback not yet called, oldest first */
  #unconfirmed: Buffer[] = []
  #socket: net.Socket | undefined
  #connected = false
  #attempt = 0
  #retryTimer: NodeJS.Timeout | undefined
  #closed = false
  #lastError = ''
  #idle: IdleWaiters

  constructor(
    private readonly opts: TcpOptions,
    private readonly delivery: Delivery,
  ) {
    this.describe = `${opts.tls ? 'tls' : 'tcp'}://${opts.host}:${opts.port}`
    this.#queue = new BoundedQueue(opts.maxBuffered, delivery)
    this.#idle = new IdleWaiters(() => this.#queue.size === 0 && this.#unconfirmed.length === 0)
  }

  /** last connection or write error, for reports */
  get lastError(): string {
    return this.#lastError
  }

  get connected(): boolean {
    return this.#connected
  }

  send(message: SyslogMessage): void {
    if (this.#closed) {
      this.delivery.undelivered(1, 'sink closed')
      return
    }
    this.#queue.push(octetCountingFrame(formatRfc5424Bounded(message, this.opts.maxMessageBytes)))
    this.#pump()
  }

  flush(timeoutMs: number): Promise<boolean> {
    this.#pump()
    return this.#idle.wait(timeoutMs)
  }

  async close(timeoutMs: number): Promise<void> {
    await this.flush(timeoutMs)
    this.#closed = true
    clearTimeout(this.#retryTimer)
    const left = this.#queue.clear() + this.#unconfirmed.length
    this.#unconfirmed = []
    if (left > 0) this.delivery.undelivered(left, `closed before delivery to ${this.describe}${this.#lastError ? ` (${this.#lastError})` : ''}`)
    const socket = this.#socket
    if (!socket) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          socket.destroy()
          resolve()
        },
        Math.min(timeoutMs, 1000),
      )
      socket.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      socket.end()
    })
  }

  /** Write queued frames while the socket accepts them; connect first if needed. */
  #pump(): void {
    if (this.#closed) return
    if (!this.#socket) {
      if (this.#queue.size > 0 && !this.#retryTimer) this.#connect()
      return
    }
    if (!this.#connected) return
    const socket = this.#socket
    while (this.#queue.size > 0 && !socket.writableNeedDrain) {
      const frame = this.#queue.shift()!
      this.#unconfirmed.push(frame)
      socket.write(frame, (err) => {
        if (err || this.#socket !== socket) return
        // callbacks come in write order, so the oldest unconfirmed frame is this one
        this.#unconfirmed.shift()
        this.delivery.delivered(1)
        this.#idle.notify()
      })
    }
  }

  #connect(): void {
    const { host, port, connectTimeoutMs } = this.opts
    const t = this.opts.tls
    const socket = t
      ? tls.connect({
          host,
          port,
          servername: t.servername ?? (net.isIP(host) ? undefined : host),
          ca: t.ca,
          cert: t.cert,
          key: t.key,
          rejectUnauthorized: t.rejectUnauthorized,
        })
      : net.connect({ host, port })
    this.#socket = socket
    const timer = setTimeout(() => socket.destroy(new Error(`connect timed out after ${connectTimeoutMs} ms`)), connectTimeoutMs)
    socket.setKeepAlive(true, 30_000)
    socket.setNoDelay(true)
    socket.once(t ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer)
      this.#connected = true
      this.#attempt = 0
      this.#pump()
    })
    socket.on('drain', () => this.#pump())
    // a syslog server sends nothing; read and discard so the socket never stalls
    socket.on('data', () => {})
    socket.on('error', (err) => {
      this.#lastError = `${this.describe}: ${err.message}`
    })
    socket.once('close', () => {
      clearTimeout(timer)
      if (this.#socket !== socket) return
      this.#socket = undefined
      this.#connected = false
      // the socket never confirmed these: send them again on the next connection
      const again = this.#unconfirmed
      this.#unconfirmed = []
      this.#queue.unshift(again)
      if (this.#closed) return
      if (this.#queue.size > 0) this.#scheduleReconnect()
      this.#idle.notify()
    })
  }

  #scheduleReconnect(): void {
    const delay = backoffDelay(this.#attempt++, this.opts.reconnect.initialDelayMs, this.opts.reconnect.maxDelayMs, Math.random)
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined
      this.#pump()
    }, delay)
    // a pending retry must not keep the process alive on its own
    this.#retryTimer.unref()
  }
}
