import type { Clock } from './types.js'

export interface BreakerOptions {
  /** consecutive failed deliveries (after their retries) that open the circuit */
  failures: number
  /** first open period; doubles on each failed probe up to maxOpenMs */
  openMs: number
  maxOpenMs: number
}

/**
 * Stops a channel that keeps failing: after `failures` failed deliveries in a row it opens; after the
 * open period one delivery is let through as a probe; success closes it, failure reopens it for longer.
 */
export class CircuitBreaker {
  #state: 'closed' | 'open' | 'half-open' = 'closed'
  #consecutive = 0
  #openUntil = 0
  #openFor: number

  constructor(
    private readonly opts: BreakerOptions,
    private readonly clock: Clock,
  ) {
    this.#openFor = opts.openMs
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.#state === 'open' && this.clock.now() >= this.#openUntil) this.#state = 'half-open'
    return this.#state
  }

  /** ms until a delivery may be attempted (0 when closed or a probe is due) */
  msUntilAllowed(): number {
    return this.state === 'open' ? this.#openUntil - this.clock.now() : 0
  }

  /** records a success; true when this closed an open circuit (recovered) */
  success(): boolean {
    const wasOpen = this.#state !== 'closed'
    this.#state = 'closed'
    this.#consecutive = 0
    this.#openFor = this.opts.openMs
    return wasOpen
  }

  /** records a failed delivery; true when this opened the circuit */
  failure(): boolean {
    this.#consecutive++
    const probing = this.state === 'half-open'
    if (probing || this.#consecutive >= this.opts.failures) {
      if (probing) this.#openFor = Math.min(this.#openFor * 2, this.opts.maxOpenMs)
      this.#state = 'open'
      this.#openUntil = this.clock.now() + this.#openFor
      return !probing
    }
    return false
  }
}
