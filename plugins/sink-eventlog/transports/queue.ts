/** A bounded FIFO that drops its oldest item when full, and a helper to wait until a transport is idle. */
import type { Delivery } from './transport.js'

export class BoundedQueue<T> {
  #items: T[] = []
  #head = 0

  constructor(
    readonly max: number,
    private readonly delivery: Delivery,
  ) {}

  get size(): number {
    return this.#items.length - this.#head
  }

  /** Appends; when full, the oldest item is dropped and counted (newest records matter most in an incident). */
  push(item: T): void {
    if (this.size >= this.max) {
      this.shift()
      this.delivery.undelivered(1, `buffer full (maxBuffered ${this.max}), oldest record dropped`)
    }
    this.#items.push(item)
  }

  /** Puts items back at the front (e.g. writes a dropped connection never confirmed), within the bound. */
  unshift(items: T[]): void {
    if (items.length === 0) return
    const rest = this.#items.slice(this.#head)
    const all = items.concat(rest)
    const over = all.length - this.max
    if (over > 0) {
      all.splice(0, over)
      this.delivery.undelivered(over, `buffer full (maxBuffered ${this.max}), oldest record dropped`)
    }
    this.#items = all
    this.#head = 0
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head] = undefined as T
    this.#head++
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return item
  }

  /** Removes everything, returning how many items there were. */
  clear(): number {
    const n = this.size
    this.#items = []
    this.#head = 0
    return n
  }
}

/** Resolves waiters when `idle()` turns true; `notify()` is called by the transport on every change. */
export class IdleWaiters {
  #waiters = new Set<() => void>()

  constructor(private readonly idle: () => boolean) {}

  notify(): void {
    if (!this.idle()) return
    for (const w of [...this.#waiters]) w()
  }

  wait(timeoutMs: number): Promise<boolean> {
    if (this.idle()) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer)
        this.#waiters.delete(onIdle)
        resolve(ok)
      }
      const onIdle = () => done(true)
      const timer = setTimeout(() => done(this.idle()), timeoutMs)
      this.#waiters.add(onIdle)
    })
  }
}
