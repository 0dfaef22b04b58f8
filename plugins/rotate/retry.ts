/**
 * Renames and deletions can fail for a while when another program holds the file (Windows:
 * EPERM/EBUSY while a reader has it open; a virus scanner; a permission being fixed). They are
 * retried with exponential backoff, never thrown at the sink.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { backoffDelay } from '../../lib/util/index.js'

const TRANSIENT = new Set(['EPERM', 'EBUSY', 'EACCES', 'EAGAIN', 'EMFILE', 'ENFILE'])

export function isTransient(err: unknown): boolean {
  return TRANSIENT.has((err as NodeJS.ErrnoException)?.code ?? '')
}

export interface RetryOptions {
  /** attempts in all, the first included */
  attempts?: number
  baseMs?: number
  signal?: AbortSignal
  onRetry?(err: unknown, attempt: number, delayMs: number): void
}

export async function withRetry<T>(op: () => Promise<T> | T, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5
  const base = options.baseMs ?? 100
  for (let attempt = 1; ; attempt++) {
    try {
      return await op()
    } catch (err) {
      if (!isTransient(err) || attempt >= attempts || options.signal?.aborted) throw err
      const delay = backoffDelay(attempt - 1, base)
      options.onRetry?.(err, attempt, delay)
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined)
    }
  }
}

/** Backoff for the synchronous rotation rename, which must not sleep on the write path. */
export class Backoff {
  failures = 0
  retryAt = 0
  constructor(
    private readonly baseMs = 100,
    private readonly maxMs = 30_000,
  ) {}
  ready(now: number): boolean {
    return now >= this.retryAt
  }
  fail(now: number): number {
    const delay = backoffDelay(this.failures, this.baseMs, this.maxMs)
    this.failures++
    this.retryAt = now + delay
    return delay
  }
  reset(): void {
    this.failures = 0
    this.retryAt = 0
  }
}
