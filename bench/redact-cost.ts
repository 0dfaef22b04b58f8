/**
 * What redaction costs per record, on the main thread, without the rest of the pipeline:
 * `redactRecord` on the benchmark record (paths ['apiKey'] + the default keys + every built-in
 * pattern), then the same fields with 4,096 distinct messages (an interpolated id), which the
 * clean-string cache cannot help with.
 *
 *   npm run build && node dist/bench/redact-cost.js          # REDACT_N=100000 per round by default
 *
 * Prints ns/record, the best of 5 rounds after a 50,000-record warm-up. A script and not a test:
 * the figure depends on the machine, so nothing is asserted about it; it runs in a process of its
 * own so no other redactor shares the JIT's type feedback with the one measured. It fails (exit 1)
 * only if a record came out unredacted.
 */
import { DEFAULTS } from '../core/config-schema.js'
import type { LogRecord } from '../core/record.js'
import { createRedactor } from '../plugins/redact/redactor.js'

const N = Number(process.env.REDACT_N ?? 100_000)
const WARMUP = 50_000
const ROUNDS = 5

function measure(label: string, next: () => LogRecord, redact: (r: LogRecord) => LogRecord): void {
  let changed = 0
  for (let i = 0; i < WARMUP; i++) changed += redact(next()).fields.apiKey === '[REDACTED]' ? 1 : 0
  let best = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < N; i++) changed += redact(next()).fields.apiKey === '[REDACTED]' ? 1 : 0
    best = Math.min(best, Number(process.hrtime.bigint() - started) / N)
  }
  // the count also keeps the loop's result alive, so the JIT cannot drop the work
  const expected = WARMUP + ROUNDS * N
  if (changed !== expected) {
    console.error(`${label}: apiKey was redacted in ${changed} of ${expected} records`)
    process.exitCode = 1
  }
  console.log(`${label}: ${best.toFixed(0)} ns/record (best of ${ROUNDS} rounds of ${N})`)
}

const redactor = createRedactor({ paths: ['apiKey'] }, DEFAULTS.record)
const fields = { account_id: 'ABC123', rule: 'UnrealizedLoss', pnl: -210.5, symbol: 'MNQ', qty: 2, apiKey: 'sk-123456' }
const record: LogRecord = {
  time: 0,
  level: 30,
  category: 'enforcement',
  message: 'Position closed due to unrealized loss limit exceeded',
  eventId: 'e',
  bindings: '',
  fields,
}
measure("benchmark record, paths ['apiKey'] + default keys + all patterns", () => record, redactor.redactRecord)

const messages = Array.from({ length: 4096 }, (_, i) => `Position ${i} closed due to unrealized loss limit exceeded for order ${1_000_000 + i}`)
let i = 0
measure('same fields, 4096 distinct 80-char messages', () => ({ ...record, message: messages[i++ & 4095] }), redactor.redactRecord)
