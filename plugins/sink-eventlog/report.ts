/**
 * Counts delivered and undelivered records and reports the undelivered ones as a `system` record:
 * the first at once, then at most one per interval (summing what happened meanwhile), so a dead
 * server produces a steady trickle of notices, never a flood. flush and close report what is pending.
 */
import { Errors } from '../../core/errors.js'
import type { SinkContext } from '../../core/sink-contract.js'
import type { Delivery } from './transports/transport.js'

export class DeliveryReport implements Delivery {
  #pending = 0
  #total = 0
  #reason = ''
  #lastReport = -Infinity
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly ctx: SinkContext,
    private readonly transport: () => string,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get undeliveredTotal(): number {
    return this.#total
  }

  delivered(n: number): void {
    if (n > 0) this.ctx.count('delivered', n)
  }

  undelivered(n: number, reason: string): void {
    if (n <= 0) return
    this.ctx.count('undelivered', n)
    this.#pending += n
    this.#total += n
    this.#reason = reason
    const wait = this.#lastReport + this.intervalMs - this.now()
    if (wait <= 0) this.#emit()
    else if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#emit()
      }, wait)
      this.#timer.unref()
    }
  }

  /** Report whatever is pending now (log.flush(), close): an explicit call, so no rate limit. */
  close(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#emit()
  }

  #emit(): void {
    if (this.#pending === 0) return
    const err = Errors.SINK_UNDELIVERED(this.ctx.name, this.#pending, this.#reason)
    this.ctx.log('warn', 'system', err.message, {
      code: err.code,
      sink: this.ctx.name,
      transport: this.transport(),
      undelivered: this.#pending,
      undelivered_total: this.#total,
      reason: this.#reason,
    })
    this.#pending = 0
    this.#lastReport = this.now()
  }
}
