/** Test support: a real SinkContext-shaped object, real Batch objects, and complete worker options. */
import type { LevelName } from '../../../core/levels.js'
import type { Batch, SinkContext } from '../../../core/sink-contract.js'
import type { WorkerOptions } from '../options.js'

export interface LoggedRecord {
  level: LevelName
  category: string
  message: string
  fields?: Record<string, unknown>
}

export function makeContext(name = 'sink-eventlog') {
  const logs: LoggedRecord[] = []
  const counters: Record<string, number> = {}
  const abort = new AbortController()
  const ctx: SinkContext = {
    name,
    log: (level, category, message, fields) => logs.push({ level, category, message, fields }),
    count: (counter, n = 1) => (counters[counter] = (counters[counter] ?? 0) + n),
    runTask: () => Promise.reject(new Error('runTask is not used by sink-eventlog')),
    signal: abort.signal,
  }
  return { ctx, logs, counters, abort }
}

let seq = 0

/** Groups records by category into one batch of UTF-8 JSON lines, as the host sends them. */
export function makeBatch(records: Array<Record<string, unknown>>): Batch {
  const byCategory = new Map<string, string[]>()
  for (const r of records) {
    const category = String(r.category ?? 'system')
    const lines = byCategory.get(category) ?? []
    lines.push(JSON.stringify(r) + '\n')
    byCategory.set(category, lines)
  }
  const encoder = new TextEncoder()
  return {
    seq: ++seq,
    groups: [...byCategory].map(([category, lines]) => ({ category, data: encoder.encode(lines.join('')), count: lines.length })),
  }
}

let eventCounter = 0

/** A record shaped like the host's: timestamp, level, category, message, event, event_id, fields. */
export function record(fields: Record<string, unknown> & { message: string }): Record<string, unknown> {
  return {
    timestamp: new Date().toISOString(),
    level: 'critical',
    category: 'enforcement',
    event_id: `t${process.pid}-${++eventCounter}`,
    ...fields,
  }
}

export function workerOptions(overrides: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    target: 'syslog',
    appName: 'logwarden',
    source: 'logwarden',
    eventId: 1000,
    facility: 'user',
    transport: 'udp',
    host: '127.0.0.1',
    port: 514,
    localFormat: 'rfc3164',
    sdId: 'logwarden@32473',
    sdFields: [],
    maxMessageBytes: 8192,
    maxBuffered: 1000,
    tls: { rejectUnauthorized: true },
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    connectTimeoutMs: 1000,
    flushTimeoutMs: 2000,
    reportIntervalMs: 60_000,
    ...overrides,
  }
}
