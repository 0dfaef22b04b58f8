import type { AlertEvent, Clock } from './types.js'

interface Window {
  until: number
  held: AlertEvent[]
  timer: unknown
}

/**
 * Similar events (same aggregation key: account + rule/event) inside a window are folded together.
 * The first event of a key goes out at once (a trader hears about the first position closed
 * immediately); the ones after it within `windowMs` are held and released together when the window
 * ends, and a new window starts so a continuing stream keeps being folded.
 */
export class Aggregator {
  readonly #windows = new Map<string, Window>()

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
    /** receives one event or a group of similar events, in arrival order */
    private readonly emit: (events: AlertEvent[]) => void,
  ) {}

  offer(event: AlertEvent): void {
    const key = event.aggregateKey
    if (this.windowMs <= 0 || key === undefined) {
      this.emit([event])
      return
    }
    const win = this.#windows.get(key)
    if (!win) {
      this.emit([event])
      this.#open(key, [])
      return
    }
    win.held.push(event)
  }

  #open(key: string, held: AlertEvent[]): void {
    const win: Window = { until: this.clock.now() + this.windowMs, held, timer: undefined }
    win.timer = this.clock.setTimeout(() => this.#close(key), this.windowMs)
    ;(win.timer as { unref?: () => void })?.unref?.()
    this.#windows.set(key, win)
  }

  #close(key: string): void {
    const win = this.#windows.get(key)
    if (!win) return
    this.#windows.delete(key)
    if (win.held.length > 0) {
      this.emit(win.held)
      this.#open(key, [])
    }
  }

  /** events currently held (for eviction and inspection) */
  held(): AlertEvent[] {
    return [...this.#windows.values()].flatMap((w) => w.held)
  }

  /** removes one held event (drop-oldest eviction); true when it was held here */
  remove(event: AlertEvent): boolean {
    for (const win of this.#windows.values()) {
      const i = win.held.indexOf(event)
      if (i >= 0) {
        win.held.splice(i, 1)
        return true
      }
    }
    return false
  }

  /** releases everything held now (used by close: they are spooled and go out after restart) */
  drain(): AlertEvent[][] {
    const groups: AlertEvent[][] = []
    for (const win of this.#windows.values()) {
      this.clock.clearTimeout(win.timer)
      if (win.held.length) groups.push(win.held)
    }
    this.#windows.clear()
    return groups
  }
}
