/** What every transport implements, and the delivery accounting it reports to. */

export interface Delivery {
  /** records handed to the OS (socket/kernel, logger, event log) */
  delivered(n: number): void
  /** records given up on, with why; counted and reported as a `system` record */
  undelivered(n: number, reason: string): void
}

export interface Transport<T> {
  /** e.g. `tcp://127.0.0.1:514`, used in reports */
  readonly describe: string
  /** accept one item; never throws, never waits */
  send(item: T): void
  /** resolves true once everything accepted so far was delivered or given up on; false on timeout */
  flush(timeoutMs: number): Promise<boolean>
  /** flush (bounded by timeoutMs), then release sockets; what is left is counted undelivered */
  close(timeoutMs: number): Promise<void>
}
