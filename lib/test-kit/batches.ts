/**
 * Batches and contexts built the way the host builds them, for calling a sink's `write`
 * directly: records as UTF-8 JSON lines grouped by category, and a SinkContext that records what
 * the sink reports.
 */
import type { Batch, SinkContext } from '../../core/sink-contract.js'
import type { LevelName } from '../../core/levels.js'

export interface CapturedLog {
  level: LevelName
  category: string
  message: string
  fields?: Record<string, unknown>
}

export interface TestContext {
  ctx: SinkContext
  /** what the sink logged through ctx.log */
  logs: CapturedLog[]
  /** what the sink counted through ctx.count */
  counters: Record<string, number>
  /** abort it to tell the sink it is being closed (ctx.signal) */
  abort: AbortController
  /** every log message and field, serialized: for "the secret appears nowhere" checks */
  transcript(): string
}

export function makeContext(name = 'sink-under-test'): TestContext {
  const logs: CapturedLog[] = []
  const counters: Record<string, number> = {}
  const abort = new AbortController()
  const ctx: SinkContext = {
    name,
    log(level, category, message, fields) {
      logs.push({ level, category, message, ...(fields ? { fields } : {}) })
    },
    count(counter, n = 1) {
      counters[counter] = (counters[counter] ?? 0) + n
    },
    runTask() {
      return Promise.reject(new Error('runTask is not available in a direct test context; use startSink() for a real worker thread'))
    },
    signal: abort.signal,
  }
  return { ctx, logs, counters, abort, transcript: () => JSON.stringify(logs) }
}

let seq = 0
let batchSeq = 0

/** A record as the host serializes it: timestamp, level, category, message, event?, event_id, then the fields. */
export function makeRecord(fields: Record<string, unknown> & { level?: LevelName; category?: string; message?: string } = {}): Record<string, unknown> {
  const { level = 'info', category = 'system', message = 'test record', event, timestamp, event_id, ...rest } = fields
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

/**
 * A Batch with one group per category (records without one go to `system`), lines in the given
 * order within each group. `errorCopy`: mark every group as error copies (what a sink that asked
 * for `errorCopies` receives under `error`).
 */
export function makeBatch(records: Array<Record<string, unknown>>, opts: { errorCopy?: boolean; replay?: boolean } = {}): Batch {
  const encoder = new TextEncoder()
  const groups = new Map<string, string[]>()
  for (const r of records) {
    const category = opts.errorCopy ? 'error' : String(r.category ?? 'system')
    groups.set(category, [...(groups.get(category) ?? []), JSON.stringify(r) + '\n'])
  }
  return {
    seq: ++batchSeq,
    groups: [...groups].map(([category, lines]) => ({
      category,
      ...(opts.errorCopy ? { errorCopy: true } : {}),
      ...(opts.replay ? { replay: true } : {}),
      data: encoder.encode(lines.join('')),
      count: lines.length,
    })),
  }
}
