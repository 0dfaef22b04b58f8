/** The piscina pool every sink lane and one-off task runs on. */
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'

/**
 * `threads` as configured, else min(2, cores), but never more threads than lanes: each thread
 * costs ~10 MB of RSS and a lane never spreads over two, so one sink gets one thread.
 */
export function poolThreads(threads: number | undefined, lanes: number): number {
  return threads ?? Math.max(1, Math.min(2, availableParallelism(), lanes))
}

export function createPool(threads: number, onError: (err: unknown) => void): Piscina {
  const pool = new Piscina({
    filename: new URL('./worker-entry.cjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // lanes are long-lived and I/O bound: many share a thread
    concurrentTasksPerWorker: 256,
    // piscina's 'sync' atomics mode freezes a worker's event loop between tasks; lanes need it running
    atomics: 'disabled',
    idleTimeout: 2 ** 31 - 1,
  })
  // without a listener, a worker crash outside any task would be thrown in the host
  pool.on('error', onError)
  return pool
}

/**
 * A one-thread pool started before the config is read: its thread boots (and loads the lane code)
 * while the main thread loads the config and the plugins. The logger takes it when it needs
 * exactly one thread, the common case; otherwise it is stopped and a pool of the right size made.
 */
export class PoolStarter {
  #pool: Piscina | undefined
  #onError: ((err: unknown) => void) | undefined

  constructor() {
    this.#pool = createPool(1, (err) => this.#onError?.(err))
  }

  take(threads: number, onError: (err: unknown) => void): Piscina {
    const pool = this.#pool
    this.#pool = undefined
    if (pool && threads === 1) {
      this.#onError = onError
      return pool
    }
    void pool?.destroy()
    return createPool(threads, onError)
  }

  /** Stops the early pool if no logger took it (the config or a plugin failed first). */
  async discard(): Promise<void> {
    const pool = this.#pool
    this.#pool = undefined
    await pool?.destroy()
  }
}
