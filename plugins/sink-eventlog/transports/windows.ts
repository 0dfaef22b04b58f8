/**
 * Windows Application event log: runs the command from windows-command.ts, one PowerShell process
 * per chunk of queued entries (its start-up costs ~0.5 s, so entries are grouped, in order).
 */
import { spawn } from 'node:child_process'
import type { WindowsEntry } from '../message.js'
import { buildEventLogCommand } from '../windows-command.js'
import { BoundedQueue, IdleWaiters } from './queue.js'
import type { Delivery, Transport } from './transport.js'

export interface WindowsOptions {
  source: string
  maxBuffered: number
}

const MAX_ENTRIES_PER_RUN = 50
const RUN_TIMEOUT_MS = 60_000

export class WindowsTransport implements Transport<WindowsEntry> {
  readonly describe: string
  #queue: BoundedQueue<WindowsEntry>
  #running = 0
  #closed = false
  #idle: IdleWaiters

  constructor(
    private readonly opts: WindowsOptions,
    private readonly delivery: Delivery,
  ) {
    this.describe = `Windows event log (Application, source ${opts.source})`
    this.#queue = new BoundedQueue(opts.maxBuffered, delivery)
    this.#idle = new IdleWaiters(() => this.#queue.size === 0 && this.#running === 0)
  }

  send(entry: WindowsEntry): void {
    if (this.#closed) {
      this.delivery.undelivered(1, 'sink closed')
      return
    }
    this.#queue.push(entry)
    this.#pump()
  }

  flush(timeoutMs: number): Promise<boolean> {
    return this.#idle.wait(timeoutMs)
  }

  async close(timeoutMs: number): Promise<void> {
    await this.flush(timeoutMs)
    this.#closed = true
    const left = this.#queue.clear()
    if (left > 0) this.delivery.undelivered(left, `closed before delivery to the ${this.describe}`)
  }

  #pump(): void {
    if (this.#closed || this.#running > 0 || this.#queue.size === 0) {
      this.#idle.notify()
      return
    }
    const entries: WindowsEntry[] = []
    while (entries.length < MAX_ENTRIES_PER_RUN && this.#queue.size > 0) entries.push(this.#queue.shift()!)
    const cmd = buildEventLogCommand(entries, { source: this.opts.source, systemRoot: process.env.SystemRoot })
    this.#running++
    let stderr = ''
    let settled = false
    const done = (error?: string) => {
      if (settled) return
      settled = true
      this.#running--
      if (error) this.delivery.undelivered(entries.length, `${this.describe}: ${error}`)
      else this.delivery.delivered(entries.length)
      this.#pump()
    }
    const child = spawn(cmd.file, cmd.args, {
      env: { ...process.env, ...cmd.env },
      stdio: ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
      timeout: RUN_TIMEOUT_MS,
    })
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 2048) stderr += d.toString()
    })
    child.on('error', (err) => done(err.message))
    child.on('close', (code, signal) => {
      if (code === 0) done()
      else done(stderr.trim().split(/\r?\n/)[0] || `powershell exited with ${code ?? signal}`)
    })
    child.stdin.on('error', () => {})
    child.stdin.end(cmd.input, 'utf8')
  }
}
