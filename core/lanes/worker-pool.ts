/** The piscina pool every sink lane and one-off task runs on. */
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'

/**
 * `threads` as configured, else min(2, cores), but never more threads than lanes: each thread
 * costs ~10 MB of RSS and a lane never spreads over two, so one sink gets one thread.
 */
export function createPool(threads: number | undefined, lanes: number, onError: (err: unknown) => void): Piscina {
  const n = threads ?? Math.max(1, Math.min(2, availableParallelism(), lanes))
  const pool = new Piscina({
    filename: new URL('./worker-entry.cjs', import.meta.url).href,
    minThreads: n,
    maxThreads: n,
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
