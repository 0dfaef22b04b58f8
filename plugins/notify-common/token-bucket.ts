import type { Clock } from './types.js'

/**
 * Per-channel token bucket: `capacity` tokens, refilled at `max` per `intervalMs`.
 * Default 10 a minute with a burst of 10, so a quiet channel can send 10 at once, then one every 6 s.
 */
export class TokenBucket {
  #tokens: number
  #last: number
  readonly #perMs: number

  constructor(
    readonly max: number,
    readonly intervalMs: number,
    readonly capacity: number,
    private readonly clock: Clock,
  ) {
    this.#tokens = capacity
    this.#last = clock.now()
    this.#perMs = max > 0 ? max / intervalMs : Infinity
  }

  /** unlimited when max is 0 */
  get unlimited(): boolean {
    return this.max <= 0
  }

  #refill(): void {
    const now = this.clock.now()
    if (now > this.#last) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#last) * this.#perMs)
      this.#last = now
    }
  }

  /** whole tokens available now */
  available(): number {
    if (this.unlimited) return Infinity
    this.#refill()
    return Math.floor(this.#tokens + 1e-9)
  }

  /** ms until one token is available (0 when one is) */
  msUntilToken(): number {
    if (this.unlimited) return 0
    this.#refill()
    if (this.#tokens >= 1 - 1e-9) return 0
    return Math.ceil((1 - this.#tokens) / this.#perMs)
  }

  /** takes one token; false when none is available */
  take(): boolean {
    if (this.unlimited) return true
    this.#refill()
    if (this.#tokens < 1 - 1e-9) return false
    this.#tokens -= 1
    return true
  }
}
