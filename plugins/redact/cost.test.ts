/**
 * Prints what redaction costs per record (not asserted: timing depends on the machine). Its own
 * file, so no other test's redactors share the JIT's type feedback with this one.
 */
import { expect, it } from 'vitest'
import { DEFAULTS } from '../../core/config-schema.js'
import type { LogRecord } from '../../core/record.js'
import { createRedactor } from './redactor.js'

function measure(label: string, next: () => LogRecord, redact: (r: LogRecord) => LogRecord): number {
  let changed = 0
  for (let i = 0; i < 50_000; i++) changed += redact(next()).fields.apiKey === '[REDACTED]' ? 1 : 0
  let best = Infinity
  const n = 100_000
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < n; i++) changed += redact(next()).fields.apiKey === '[REDACTED]' ? 1 : 0
    best = Math.min(best, Number(process.hrtime.bigint() - started) / n)
  }
  console.log(`${label}: ${best.toFixed(0)} ns/record (best of 5 rounds)`)
  return changed
}

it('prints the cost of redactRecord on the benchmark record', () => {
  const redactor = createRedactor({ paths: ['apiKey'] }, DEFAULTS.record)
  const fields = { account_id: 'ABC123', rule: 'UnrealizedLoss', pnl: -210.5, symbol: 'MNQ', qty: 2, apiKey: 'sk-123456' }
  const record: LogRecord = { time: 0, level: 30, category: 'enforcement', message: 'Position closed due to unrealized loss limit exceeded', eventId: 'e', bindings: '', fields }
  const same = measure("benchmark record, paths ['apiKey'] + default keys + all patterns", () => record, redactor.redactRecord)
  expect(same).toBe(550_000)
  // every message distinct (an interpolated id): the clean-string cache cannot help
  const messages = Array.from({ length: 4096 }, (_, i) => `Position ${i} closed due to unrealized loss limit exceeded for order ${1_000_000 + i}`)
  let i = 0
  const distinct = measure('same fields, 4096 distinct 80-char messages', () => ({ ...record, message: messages[i++ & 4095] }), redactor.redactRecord)
  expect(distinct).toBe(550_000)
})
