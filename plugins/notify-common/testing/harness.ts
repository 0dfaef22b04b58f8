/**
 * Test helpers for notifier workers: a SinkContext that records what the sink says, Batch objects
 * built the way the host builds them (UTF-8 JSON lines), and records shaped like logwarden's.
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Batch } from '../../../core/sink-contract.js'
import { makeContext as kitContext, type TestContext } from '../../../lib/test-kit/index.js'
import type { LevelName } from '../../../core/levels.js'

export type { CapturedLog, TestContext } from '../../../lib/test-kit/index.js'

/** the test kit's recording SinkContext (logwarden/testing), named for notifier tests */
export function makeContext(name = 'notify-test'): TestContext {
  return kitContext(name)
}

let seq = 0
let batchSeq = 0

/** A record as the host serializes it: timestamp, level, category, message, event?, event_id, fields. */
export function makeRecord(fields: Record<string, unknown> & { level?: LevelName; category?: string; message?: string }): Record<string, unknown> {
  const { level = 'warn', category = 'enforcement', message = 'alert', event, timestamp, event_id, ...rest } = fields
  return {
    timestamp: timestamp ?? new Date().toISOString(),
    level,
    category,
    message,
    ...(event !== undefined ? { event } : {}),
    event_id: event_id ?? `t${process.pid}-${++seq}`,
    ...rest,
  }
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

/** Builds a Batch with one group per category, lines in the given order within each group. */
export function makeBatch(records: Array<Record<string, unknown>>, opts: { errorCopy?: boolean } = {}): Batch {
  const encoder = new TextEncoder()
  const groups = new Map<string, string[]>()
  for (const r of records) {
    const category = String(r.category ?? 'system')
    groups.set(category, [...(groups.get(category) ?? []), JSON.stringify(r) + '\n'])
  }
  return {
    seq: ++batchSeq,
    groups: [...groups].map(([category, lines]) => ({
      category,
      ...(opts.errorCopy ? { errorCopy: true } : {}),
      data: encoder.encode(lines.join('')),
      count: lines.length,
    })),
  }
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now()
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
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
