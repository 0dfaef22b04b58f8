/**
 * One destination (a webhook, a chat) and its delivery loop: aggregation → pending → token bucket →
 * send with retries. Each channel has its own loop, so a 429 wait or an outage on one channel never
 * holds back another, and nothing here ever blocks `write()`.
 */
import { Aggregator } from './aggregator.js'
import { backoffDelay } from '../../lib/util/index.js'
import { CircuitBreaker, type BreakerOptions } from './breaker.js'
import { buildSummary } from './summary.js'
import { TokenBucket } from './token-bucket.js'
import type { Outgoing, SendResult, Transport } from './transport.js'
import type { AlertEvent, Clock, Notification } from './types.js'
import type { AlertOutcome } from '../../lib/control-api/index.js'

export const COUNTERS = ['sent', 'failed', 'retried', 'rate-limited', 'aggregated', 'spooled', 'dropped'] as const
export type Counter = (typeof COUNTERS)[number]

export interface ChannelConfig {
  rateLimit: { max: number; intervalMs: number; burst?: number }
  aggregateWindowMs: number
  retry: { tries: number; baseDelayMs: number; maxDelayMs: number }
  retryAfterCapMs: number
  breaker: BreakerOptions
  footer?: string
}

/** What the channel needs from the notifier that owns it. */
export interface ChannelHost {
  clock: Clock
  /** a `system` record (the notifier scrubs and throttles) */
  log(level: 'info' | 'warn' | 'error' | 'critical', message: string, fields?: Record<string, unknown>, throttleKey?: string): void
  count(channel: string, counter: Counter, n: number): void
  /** confirmed by the API: remove from the spool */
  delivered(events: AlertEvent[]): void
  /** rejected for good: remove from the spool, the notifier already counted */
  dropped(events: AlertEvent[]): void
  /** a global 429: pause every channel of this notifier */
  pauseAll(ms: number): void
  migrated?(channel: string, record: Record<string, unknown>): void
  describe(err: unknown): string
  /** an outcome for the alert history (`logwarden alerts`); `error` is scrubbed by the host */
  history?(channel: string, events: AlertEvent[], outcome: AlertOutcome, detail?: { error?: string; status?: number }): void
}

interface Item {
  events: AlertEvent[]
  parts?: Outgoing[]
  /** parts already confirmed */
  next: number
  plain: boolean
  migrations: number
}

export interface TestResult {
  ok: boolean
  status?: number
  error?: string
}

export class Channel<Target> {
  /** the newest delivery failure (scrubbed by the host's log), for `logwarden status`; kept after a recovery, with its time */
  lastError: { message: string; at: string } | undefined
  readonly counters: Record<Counter, number> = { sent: 0, failed: 0, retried: 0, 'rate-limited': 0, aggregated: 0, spooled: 0, dropped: 0 }
  disabled = false
  readonly #bucket: TokenBucket
  readonly #breaker: CircuitBreaker
  readonly #aggregator: Aggregator
  #pending: Item[] = []
  #inFlight: Item | undefined
  #pausedUntil = 0
  #stopped = false
  #busy = false
  #wake: (() => void) | undefined
  #idleWaiters: Array<() => void> = []
  /** aborts requests in flight (after the close grace period) */
  readonly #abort = new AbortController()
  /** ends backoff waits at once when stopping */
  readonly #stopping = new AbortController()
  readonly #loop: Promise<void>

  constructor(
    readonly name: string,
    readonly target: Target,
    private readonly transport: Transport<Target>,
    private readonly config: ChannelConfig,
    private readonly host: ChannelHost,
  ) {
    const { max, intervalMs, burst } = config.rateLimit
    this.#bucket = new TokenBucket(max, intervalMs, burst ?? Math.max(1, max), host.clock)
    this.#breaker = new CircuitBreaker(config.breaker, host.clock)
    this.#aggregator = new Aggregator(config.aggregateWindowMs, host.clock, (events) => this.#push({ events, next: 0, plain: false, migrations: 0 }))
    this.#loop = this.#run().catch((err) => {
      this.#failed(`stopped: ${this.host.describe(err)}`)
      this.host.log('critical', `notifier channel "${this.name}" stopped: ${this.host.describe(err)}; its alerts stay in the spool`, {
        channel: this.name,
        event: 'notify_channel_stopped',
      })
    })
  }

  /** a new alert: through the aggregation window into the pending queue */
  offer(event: AlertEvent): void {
    this.#aggregator.offer(event)
  }

  /** alerts reloaded from the spool after a restart: straight to the queue, oldest first */
  restore(events: AlertEvent[]): void {
    for (const e of events) this.#push({ events: [e], next: 0, plain: false, migrations: 0 })
  }

  /** alerts waiting here (held for aggregation, pending, in flight) */
  get backlog(): number {
    return this.#aggregator.held().length + this.#pending.reduce((n, i) => n + i.events.length, 0) + (this.#inFlight?.events.length ?? 0)
  }

  get breakerState(): string {
    return this.#breaker.state
  }

  /** Removes one waiting alert (drop-oldest); false when it is in flight or not here. */
  evict(event: AlertEvent): boolean {
    if (this.#aggregator.remove(event)) return true
    for (let i = 0; i < this.#pending.length; i++) {
      const item = this.#pending[i]
      const at = item.events.indexOf(event)
      if (at < 0) continue
      item.events.splice(at, 1)
      item.parts = undefined
      item.next = 0
      if (item.events.length === 0) this.#pending.splice(i, 1)
      return true
    }
    return false
  }

  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.host.clock.now() + ms)
    this.#wake?.()
  }

  /** Resolves once nothing is ready to send right now (idle, or waiting on a rate limit or breaker). */
  settle(): Promise<void> {
    if (!this.#busy && this.#readyIn() > 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Stops the loop; an in-flight request gets `graceMs` to finish, then it is aborted (its alert stays spooled). */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true
    this.#stopping.abort()
    this.#aggregator.drain()
    this.#wake?.()
    const timer = setTimeout(() => this.#abort.abort(), graceMs)
    try {
      await this.#loop
    } finally {
      clearTimeout(timer)
      this.#abort.abort()
    }
  }

  /** Sends a test message now, outside the queue and the rate limit; reports the API's answer. */
  async test(n: Notification): Promise<TestResult> {
    let parts: Outgoing[]
    try {
      parts = this.transport.render(n, this.target, false)
    } catch (err) {
      return { ok: false, error: this.host.describe(err) }
    }
    let status: number | undefined
    for (const part of parts) {
      const res = await this.#send(part)
      status = res.status
      if (res.outcome !== 'ok') return { ok: false, ...(status ? { status } : {}), error: res.detail }
    }
    return { ok: true, ...(status ? { status } : {}) }
  }

  #push(item: Item): void {
    this.#pending.push(item)
    this.#wake?.()
  }

  #failed(detail: string): void {
    this.lastError = { message: detail.length > 200 ? `${detail.slice(0, 197)}...` : detail, at: new Date(this.host.clock.now()).toISOString() }
  }

  #count(counter: Counter, n = 1): void {
    this.counters[counter] += n
    this.host.count(this.name, counter, n)
  }

  /** ms until the next send may start; Infinity when there is nothing to send */
  #readyIn(): number {
    if (this.#stopped || this.disabled || this.#pending.length === 0) return Infinity
    return Math.max(0, this.#pausedUntil - this.host.clock.now(), this.#breaker.msUntilAllowed(), this.#bucket.msUntilToken())
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.host.clock.clearTimeout(timer)
        this.#wake = undefined
        resolve()
      }
      const timer = Number.isFinite(ms) ? this.host.clock.setTimeout(done, Math.max(1, ms)) : undefined
      this.#wake = done
    })
  }

  async #run(): Promise<void> {
    // start on a later tick so the constructor's caller can finish wiring first
    await Promise.resolve()
    while (!this.#stopped) {
      const wait = this.#readyIn()
      if (wait > 0) {
        this.#busy = false
        for (const w of this.#idleWaiters.splice(0)) w()
        await this.#sleep(wait)
        continue
      }
      this.#busy = true
      const item = this.#take()
      this.#bucket.take()
      this.#inFlight = item
      try {
        await this.#deliver(item)
      } catch (err) {
        // a bug must not kill the loop; the alert goes back and stays spooled
        this.#failed(this.host.describe(err))
        this.host.log('error', `notifier channel "${this.name}" failed unexpectedly: ${this.host.describe(err)}`, {
          channel: this.name,
          event: 'notify_channel_error',
        })
        this.#requeue(item)
        this.pauseFor(this.config.retry.maxDelayMs)
      } finally {
        this.#inFlight = undefined
      }
    }
    this.#busy = false
    for (const w of this.#idleWaiters.splice(0)) w()
  }

  /** The next unit: one alert while tokens last; on the last token everything waiting becomes one summary. */
  #take(): Item {
    const head = this.#pending[0]
    if (this.#pending.length > 1 && this.#bucket.available() < 2) {
      // a partly sent item keeps its remaining parts; the rest are folded behind it
      const keep = head.next > 0 ? [this.#pending.shift() as Item] : []
      if (keep.length) return keep[0]
      const events = this.#pending.flatMap((i) => i.events)
      this.#pending = []
      return { events, next: 0, plain: false, migrations: 0 }
    }
    return this.#pending.shift() as Item
  }

  #requeue(item: Item): void {
    if (item.events.length) this.#pending.unshift(item)
  }

  #render(item: Item): Outgoing[] {
    const n = item.events.length === 1 ? item.events[0].notification : buildSummary(item.events, this.config.footer)
    return this.transport.render(n, this.target, item.plain)
  }

  async #send(part: Outgoing): Promise<SendResult> {
    try {
      return await this.transport.send(part, this.target, this.#abort.signal)
    } catch (err) {
      return { outcome: 'retry', detail: this.host.describe(err) }
    }
  }

  async #deliver(item: Item): Promise<void> {
    const { tries, baseDelayMs, maxDelayMs } = this.config.retry
    let attempt = 1
    for (;;) {
      let res: SendResult = { outcome: 'ok', status: 200 }
      try {
        item.parts ??= this.#render(item)
      } catch (err) {
        res = { outcome: 'reject', status: 0, detail: `could not render: ${this.host.describe(err)}` }
      }
      while (res.outcome === 'ok' && item.parts && item.next < item.parts.length) {
        res = await this.#send(item.parts[item.next])
        if (res.outcome === 'ok') {
          item.next++
          this.#pace(res.pace?.remaining, res.pace?.resetAfterMs)
        }
      }
      if (this.#stopped && res.outcome === 'retry') {
        this.#requeue(item)
        return
      }
      switch (res.outcome) {
        case 'ok':
          this.#onDelivered(item)
          return
        case 'rate-limited': {
          this.#count('rate-limited')
          this.host.history?.(this.name, item.events, 'rate-limited', { error: res.detail, status: 429 })
          const ms = Math.min(res.retryAfterMs ?? 1000, this.config.retryAfterCapMs)
          if (res.global) this.host.pauseAll(ms)
          else this.pauseFor(ms)
          this.#requeue(item)
          this.host.log(
            'warn',
            `notifier channel "${this.name}" rate limited by the API (HTTP 429${res.global ? ', global' : ''}); waiting ${ms} ms, alerts meanwhile are folded into a summary`,
            { channel: this.name, retry_after_ms: ms, event: 'notify_rate_limited' },
            `${this.name}:429`,
          )
          return
        }
        case 'migrate':
          if (item.migrations++ < 2 && this.transport.migrate) {
            this.host.migrated?.(this.name, this.transport.migrate(this.target, res.migrateTo))
            this.host.log('warn', `notifier channel "${this.name}": ${res.detail}; now sending to chat ${res.migrateTo}. Update the chat id in the config.`, {
              channel: this.name,
              migrate_to_chat_id: res.migrateTo,
              event: 'notify_chat_migrated',
            })
            item.parts = undefined
            item.next = 0
            continue
          }
          return this.#reject(item, res.status, res.detail)
        case 'reject':
          this.#breaker.success()
          if (!item.plain && this.transport.hasPlainForm && item.next === 0) {
            this.host.log(
              'warn',
              `notifier channel "${this.name}": the API rejected the message (HTTP ${res.status}: ${res.detail}); sending it again as plain text`,
              { channel: this.name, status: res.status, payload: item.parts?.[item.next]?.describe, event: 'notify_sent_as_plain_text' },
            )
            item.plain = true
            item.parts = undefined
            continue
          }
          return this.#reject(item, res.status, res.detail)
        case 'disable':
          this.#count('failed')
          this.#failed(`HTTP ${res.status}: ${res.detail}`)
          this.host.history?.(this.name, item.events, 'failed', { error: `channel disabled: ${res.detail}`, status: res.status })
          this.disabled = true
          this.#requeue(item)
          this.host.log(
            'critical',
            `notifier channel "${this.name}" disabled: ${res.detail} (HTTP ${res.status}). Its ${this.backlog} undelivered alert(s) stay in the spool; fix the destination in the config and restart.`,
            { channel: this.name, status: res.status, event: 'notify_channel_disabled' },
          )
          return
        case 'retry':
          if (attempt < tries) {
            this.#count('retried')
            this.host.history?.(this.name, item.events, 'retried', { error: res.detail, ...(res.status ? { status: res.status } : {}) })
            await this.#delay(backoffDelay(attempt - 1, baseDelayMs, maxDelayMs, Math.random))
            attempt++
            if (this.#stopped) {
              this.#requeue(item)
              return
            }
            continue
          }
          this.#count('failed')
          this.#failed(res.detail)
          this.host.history?.(this.name, item.events, 'failed', { error: `${res.detail}; will try again`, ...(res.status ? { status: res.status } : {}) })
          this.#requeue(item)
          if (this.#breaker.failure()) {
            this.host.log(
              'error',
              `notifier channel "${this.name}" keeps failing (${res.detail}); circuit open, probing again later. Alerts are kept in the spool.`,
              { channel: this.name, status: res.status, backlog: this.backlog, event: 'notify_circuit_open' },
            )
          } else if (this.#breaker.state === 'closed') {
            this.pauseFor(backoffDelay(attempt, baseDelayMs, maxDelayMs, Math.random))
            this.host.log(
              'warn',
              `notifier channel "${this.name}": delivery failed after ${tries} tries (${res.detail}); will try again`,
              { channel: this.name, status: res.status, event: 'notify_failed' },
              `${this.name}:fail`,
            )
          }
          return
      }
    }
  }

  #pace(remaining: number | undefined, resetAfterMs: number | undefined): void {
    // the API says the bucket is empty: wait for its reset rather than collect a 429
    if (remaining === 0 && resetAfterMs !== undefined) this.pauseFor(Math.min(resetAfterMs, this.config.retryAfterCapMs))
  }

  #onDelivered(item: Item): void {
    this.#count('sent')
    if (item.events.length > 1) this.#count('aggregated', item.events.length)
    this.host.history?.(this.name, item.events, 'sent')
    if (this.#breaker.success()) {
      this.host.log('info', `notifier channel "${this.name}" delivers again`, { channel: this.name, event: 'notify_recovered' })
    }
    this.host.delivered(item.events)
  }

  #reject(item: Item, status: number, detail: string): void {
    this.#count('failed')
    this.#count('dropped', item.events.length)
    this.#failed(`HTTP ${status}: ${detail}`)
    this.host.history?.(this.name, item.events, 'rejected', { error: detail, ...(status ? { status } : {}) })
    this.host.log('error', `notifier channel "${this.name}": the API rejected an alert (HTTP ${status}: ${detail}); ${item.events.length} alert(s) dropped`, {
      channel: this.name,
      status,
      payload: item.parts?.[Math.min(item.next, item.parts.length - 1)]?.describe,
      event_ids: item.events.slice(0, 20).map((e) => e.id),
      event: 'notify_rejected',
    })
    this.host.dropped(item.events)
  }

  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.host.clock.setTimeout(done, ms)
      const signal = this.#stopping.signal
      const onAbort = () => done()
      signal.addEventListener('abort', onAbort, { once: true })
      const self = this
      function done() {
        self.host.clock.clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
    })
  }
}
