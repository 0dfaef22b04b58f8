/**
 * `durable.sync: 'fsync'` with group commit: C concurrent callers each `log.audit(…); await
 * log.sync()` in a loop (C = 1, 16, 256); prints durable records/s and the p50/p99 time from the call to its
 * promise resolving (after the journal's fdatasync). Target: ≥ 20,000 records/s at 256 callers.
 *
 *   npm run build && node dist/bench/durable-fsync.js      # FSYNC_SECONDS=3 per level by default
 *
 * A script and not a case: the case harness times one synchronous loop of log calls, and this is
 * many awaiting callers. The temp dir is on the default tmpdir (set TMPDIR to measure another disk).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../core/index.js'

const SECONDS = Number(process.env.FSYNC_SECONDS ?? 3)
const TARGET = 20_000

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function level(callers: number): Promise<{ perSecond: number; p50: number; p99: number; syncs: number; records: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-fsync-'))
  try {
    const log = await createLogger({ config: { durable: { sync: 'fsync' }, plugins: [{ 'sink-file': { dir } }] } })
    const latencies: number[] = []
    const until = performance.now() + SECONDS * 1000
    const started = performance.now()
    await Promise.all(
      Array.from({ length: callers }, async (_, c) => {
        for (let i = 0; performance.now() < until; i++) {
          const t0 = performance.now()
          log.audit({ action: 'approve_withdrawal', actor: `ops-${c}`, i })
          await log.sync()
          latencies.push(performance.now() - t0)
        }
      }),
    )
    const elapsed = (performance.now() - started) / 1000
    const syncs = log.stats().journal?.syncs ?? 0
    await log.close()
    latencies.sort((a, b) => a - b)
    return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), syncs, records: latencies.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`durable.sync 'fsync', group commit, ${SECONDS} s per level, journal in ${tmpdir()}`)
let at256 = 0
for (const callers of [1, 16, 256]) {
  const r = await level(callers)
  if (callers === 256) at256 = r.perSecond
  console.log(
    `${String(callers).padStart(4)} callers: ${Math.round(r.perSecond).toLocaleString('en-US').padStart(9)} records/s, ` +
      `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${(r.records / Math.max(1, r.syncs)).toFixed(1)} records per fdatasync`,
  )
}
console.log(`target ≥ ${TARGET.toLocaleString('en-US')} records/s at 256 callers: ${at256 >= TARGET ? 'MET' : 'MISSED'}`)
