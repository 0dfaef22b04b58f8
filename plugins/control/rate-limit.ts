/**
 * Fixed-window request counting per client. A window starts with a client's first request; past
 * `max` in it, the client is told how many seconds remain (Retry-After). Idle clients are swept.
 */
export interface Verdict {
  ok: boolean
  /** whole seconds until the window resets (≥ 1) when refused */
  retryAfterS: number
  remaining: number
}

export class RateLimiter {
  #windows = new Map<string, { start: number; count: number }>()
  #lastSweep = 0

  constructor(
    public max: number,
    public windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key` and says whether it is allowed. */
  hit(key: string): Verdict {
    const now = this.now()
    this.#sweep(now)
    let w = this.#windows.get(key)
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 }
      this.#windows.set(key, w)
    }
    w.count++
    const retryAfterS = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000))
    return { ok: w.count <= this.max, retryAfterS, remaining: Math.max(0, this.max - w.count) }
  }

  /** Whether `key` is over the limit now, without counting a hit. */
  peek(key: string): Verdict {
    const now = this.now()
    const w = this.#windows.get(key)
    if (!w || now - w.start >= this.windowMs) return { ok: true, retryAfterS: 0, remaining: this.max }
    const retryAfterS = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000))
    return { ok: w.count < this.max, retryAfterS, remaining: Math.max(0, this.max - w.count) }
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.windowMs) return
    this.#lastSweep = now
    for (const [key, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(key)
  }
}
