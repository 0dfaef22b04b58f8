/**
 * The shared shape of the transports that deliver by running a command (`logger`, PowerShell):
 * a bounded queue drained by a pump, idle waiters for flush, and one way to run a process and
 * read its failure from the exit status and the first line of stderr.
 */
import { spawn, type SpawnOptions } from 'node:child_process'
import { BoundedQueue, IdleWaiters } from './queue.js'
import type { Delivery, Transport } from './transport.js'

export abstract class CommandQueueTransport<T> implements Transport<T> {
  abstract readonly describe: string
  protected readonly queue: BoundedQueue<T>
  protected running = 0
  protected closed = false
  protected readonly idle: IdleWaiters

  constructor(
    maxBuffered: number,
    protected readonly delivery: Delivery,
  ) {
    this.queue = new BoundedQueue(maxBuffered, delivery)
    this.idle = new IdleWaiters(() => this.queue.size === 0 && this.running === 0)
  }

  /** Start what may run now; notify the idle waiters when nothing is left. */
  protected abstract pump(): void

  send(item: T): void {
    if (this.closed) {
      this.delivery.undelivered(1, 'sink closed')
      return
    }
    this.queue.push(item)
    this.pump()
  }

  flush(timeoutMs: number): Promise<boolean> {
    return this.idle.wait(timeoutMs)
  }

  async close(timeoutMs: number): Promise<void> {
    await this.flush(timeoutMs)
    this.closed = true
    const left = this.queue.clear()
    if (left > 0) this.delivery.undelivered(left, `closed before delivery to ${this.describe}`)
  }
}

/**
 * Runs a command to its end; `done` gets undefined on exit status 0, else why it failed (the
 * spawn error, or the first line of stderr, or the exit status). Never throws.
 */
export function runCommand(file: string, args: string[], options: SpawnOptions & { input?: string; what: string }, done: (error?: string) => void): void {
  let stderr = ''
  let settled = false
  const finish = (error?: string) => {
    if (settled) return
    settled = true
    done(error)
  }
  const child = spawn(file, args, { ...options, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] })
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 2048) stderr += d.toString()
  })
  child.on('error', (err) => finish(err.message))
  child.on('close', (code, signal) => {
    if (code === 0) finish()
    else finish(stderr.trim().split(/\r?\n/)[0] || `${options.what} exited with ${code ?? signal}`)
  })
  if (options.input !== undefined) {
    child.stdin!.on('error', () => {})
    child.stdin!.end(options.input, 'utf8')
  }
}
