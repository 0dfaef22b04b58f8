/**
 * Test helpers for notifier workers: a SinkContext that records what the sink says, Batch objects
 * built the way the host builds them (UTF-8 JSON lines), and records shaped like logwarden's.
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeContext as kitContext, makeRecord as kitRecord, type TestContext } from '../../../lib/test-kit/index.js'
import type { LevelName } from '../../../core/levels.js'

export type { CapturedLog, TestContext } from '../../../lib/test-kit/index.js'
export { makeBatch, waitFor } from '../../../lib/test-kit/index.js'

/** the test kit's recording SinkContext (logwarden/testing), named for notifier tests */
export function makeContext(name = 'notify-test'): TestContext {
  return kitContext(name)
}

/** The test kit's record with a notifier's usual defaults: a warn in enforcement. */
export function makeRecord(fields: Record<string, unknown> & { level?: LevelName; category?: string; message?: string }): Record<string, unknown> {
  return kitRecord({ level: 'warn', category: 'enforcement', message: 'alert', ...fields })
}

/** The seed 001 enforcement record: MNQ closed by UnrealizedLoss on ABC123. */
export function positionClosed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return makeRecord({
    level: 'info',
    category: 'enforcement',
    message: 'Position closed due to unrealized loss limit exceeded',
    event: 'position_closed',
    account_id: 'ABC123',
    account_name: 'TopstepX Main',
    rule: 'UnrealizedLoss',
    details: {
      position: { symbol: 'MNQ', quantity: 2, entry_price: 5042.5, current_price: 5000 },
      unrealized_pnl: -210,
      limit: -200,
      action: 'close_position',
      result: 'success',
    },
    timestamp: '2025-10-15T15:23:45.123Z',
    ...overrides,
  })
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/**
 * Records (performance.now()) when this process's undici starts a request to `origin`: undici
 * publishes `undici:request:create` as the notifier calls it. Gaps between these are the gaps the
 * sender made; a request delayed on its way cannot shorten them, as it can the server's.
 */
export function watchRequestStarts(origin: string): { times: number[]; stop(): void } {
  const times: number[] = []
  const onCreate = (message: unknown) => {
    const request = (message as { request?: { origin?: unknown } }).request
    if (request?.origin !== undefined && new URL(String(request.origin)).origin === origin) times.push(performance.now())
  }
  diagnosticsChannel.subscribe('undici:request:create', onCreate)
  return { times, stop: () => void diagnosticsChannel.unsubscribe('undici:request:create', onCreate) }
}

export async function tempDir(prefix = 'lw-notify-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** Options that keep tests fast: short backoff, no aggregation or rate limit unless a test wants them. */
export function fastOptions(spoolDir: string): Record<string, unknown> {
  return {
    retry: { tries: 3, baseDelayMs: 20, maxDelayMs: 100 },
    rateLimit: { max: 0 },
    aggregate: { windowMs: 0 },
    breaker: { failures: 3, openMs: 200, maxOpenMs: 1000 },
    spool: { dir: spoolDir, maxFiles: 1000 },
    timeoutMs: 2000,
    flushTimeoutMs: 2000,
    routes: [{ categories: ['enforcement', 'system', 'error'], minLevel: 'info' }],
  }
}
