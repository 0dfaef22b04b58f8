/** A sink's batch write latencies, counted into fixed buckets (ms): per batch, not per record, so it costs nothing noticeable. */

/** upper bounds in ms; the last bucket is +Inf */
export const WRITE_MS_BUCKETS: readonly number[] = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]

export interface WriteTimesSnapshot {
  /** per bucket of WRITE_MS_BUCKETS, then +Inf; not cumulative */
  counts: number[]
  sumMs: number
  count: number
}

export class WriteTimes {
  #counts = new Array<number>(WRITE_MS_BUCKETS.length + 1).fill(0)
  #sum = 0
  #count = 0

  observe(ms: number): void {
    let i = 0
    while (i < WRITE_MS_BUCKETS.length && ms > WRITE_MS_BUCKETS[i]) i++
    this.#counts[i]++
    this.#sum += ms
    this.#count++
  }

  snapshot(): WriteTimesSnapshot {
    return { counts: [...this.#counts], sumMs: this.#sum, count: this.#count }
  }
}
