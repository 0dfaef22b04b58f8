/**
 * Syslog over UDP (RFC 5426): one message per datagram, no framing. UDP cannot tell whether a
 * record arrived; what it can tell (send errors, ICMP unreachable on later sends) is counted.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import type { SyslogMessage } from '../rfc5424.js'
import { formatRfc5424Bounded } from '../rfc5424.js'
import { IdleWaiters } from './queue.js'
import type { Delivery, Transport } from './transport.js'

export interface UdpOptions {
  host: string
  port: number
  maxMessageBytes: number
  /** datagrams handed to the socket and not yet sent, beyond which new ones are dropped */
  maxBuffered: number
}

export class UdpTransport implements Transport<SyslogMessage> {
  readonly describe: string
  #socket: dgram.Socket
  #pending = 0
  #closed = false
  /** set at close: sends still pending were already counted undelivered */
  #abandoned = false
  #idle = new IdleWaiters(() => this.#pending === 0)

  constructor(
    private readonly opts: UdpOptions,
    private readonly delivery: Delivery,
  ) {
    this.describe = `udp://${opts.host}:${opts.port}`
    this.#socket = dgram.createSocket(net.isIP(opts.host) === 6 ? 'udp6' : 'udp4')
    // errors also reach each send's callback; this listener only keeps them from being thrown
    this.#socket.on('error', () => {})
    this.#socket.unref()
  }

  send(message: SyslogMessage): void {
    if (this.#closed) {
      this.delivery.undelivered(1, 'sink closed')
      return
    }
    if (this.#pending >= this.opts.maxBuffered) {
      this.delivery.undelivered(1, `${this.describe}: ${this.#pending} datagrams waiting (maxBuffered)`)
      return
    }
    const data = Buffer.from(formatRfc5424Bounded(message, this.opts.maxMessageBytes), 'utf8')
    this.#pending++
    this.#socket.send(data, this.opts.port, this.opts.host, (err) => {
      if (this.#abandoned) return
      this.#pending--
      if (err) this.delivery.undelivered(1, `${this.describe}: ${err.message}`)
      else this.delivery.delivered(1)
      this.#idle.notify()
    })
  }

  flush(timeoutMs: number): Promise<boolean> {
    return this.#idle.wait(timeoutMs)
  }

  async close(timeoutMs: number): Promise<void> {
    await this.flush(timeoutMs)
    this.#closed = true
    if (this.#pending > 0) {
      this.#abandoned = true
      this.delivery.undelivered(this.#pending, `${this.describe}: closed before ${this.#pending} datagram(s) were sent`)
    }
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()))
  }
}
