/**
 * One run of one case in a fresh process (fresh heap, its own peak RSS):
 *   node --expose-gc dist/bench/child.js <case.js> <empty dir> <report.json>
 * Warm-up (untimed, its lines counted apart), then the timed loop and drain, then the report.
 */
import { writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { benchRecord, LINE_MARKER, MESSAGE, type BenchCase, type Subject } from './case.js'
import { countLines } from './count-lines.js'
import { mainThreadClock, processCpuNs } from './cpu-clock.js'
import { settings } from './env.js'
import type { ChildReport, RunResult } from './result.js'

const [caseFile, dir, reportFile] = process.argv.slice(2)
if (!caseFile || !dir || !reportFile) {
  process.stderr.write('usage: node --expose-gc dist/bench/child.js <case.js> <dir> <report.json>\n')
  process.exit(2)
}

/** What the child is doing, for the report when the harness stops it (BENCH_TIMEOUT_MS). */
let phase = 'starting'

/** close() is not timed, but a logger that cannot close is a bug worth failing the case for. */
const CLOSE_TIMEOUT_MS = 60_000

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function loop(subject: Subject, n: number, yieldEvery: number | undefined): Promise<void> {
  if (!yieldEvery) {
    for (let i = 0; i < n; i++) subject.log(MESSAGE, benchRecord())
    return
  }
  for (let i = 0; i < n; i++) {
    subject.log(MESSAGE, benchRecord())
    if ((i + 1) % yieldEvery === 0) await new Promise(setImmediate)
  }
}

/** Waits until `expected` benchmark lines are on disk; the warm-up's lines are not timed. */
async function awaitLines(expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let seen = 0
  while (Date.now() < deadline) {
    seen = await countLines(dir!, LINE_MARKER)
    if (seen === expected) return
    if (seen > expected) break
    await sleep(20)
  }
  throw new Error(`warm-up: expected ${expected} lines on disk, found ${seen}`)
}

async function run(): Promise<RunResult> {
  const { n, warmup } = settings()
  const bench = (await import(pathToFileURL(caseFile!).href)).default as BenchCase
  phase = 'setup'
  const r0 = process.hrtime.bigint()
  const subject = await bench.setup({ dir: dir! })
  const readyMs = Number(process.hrtime.bigint() - r0) / 1e6

  if (warmup > 0) {
    phase = 'warm-up'
    await loop(subject, warmup, bench.yieldEvery)
    await subject.flush?.()
    await awaitLines(warmup, 60_000)
  }
  // start the timed part from a collected heap, so the warm-up's garbage is not billed to it
  ;(globalThis as { gc?: () => void }).gc?.()
  await sleep(50)

  const clock = mainThreadClock()
  const cpu0 = clock.now()
  const proc0 = processCpuNs()
  phase = 'timed loop'
  const t0 = process.hrtime.bigint()
  await loop(subject, n, bench.yieldEvery)
  const t1 = process.hrtime.bigint()
  phase = 'drain'
  await subject.drain()
  const t2 = process.hrtime.bigint()
  const cpu1 = clock.now()
  const proc1 = processCpuNs()

  const measured = {
    name: bench.name,
    call_ns: Number(t1 - t0) / n,
    main_cpu_ns: (cpu1 - cpu0) / n,
    process_cpu_ns: (proc1 - proc0) / n,
    records_per_s: n / (Number(t2 - t0) / 1e9),
  }
  phase = 'close'
  try {
    await within(subject.close(), CLOSE_TIMEOUT_MS, 'close()')
  } catch (err) {
    // the numbers were taken before close(): keep them in the message rather than lose them
    throw new Error(`${err instanceof Error ? err.message : String(err)}; measured before it: ${JSON.stringify(measured)}`, { cause: err })
  }
  // before counting: reading files back must not be billed to the logger
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  phase = 'counting lines'
  const lines = (await countLines(dir!, LINE_MARKER)) - warmup

  return {
    ...measured,
    peak_rss_mb: peakRssMb,
    ready_ms: readyMs,
    lines,
    cpu_clock: clock.method,
  }
}

// the harness's timeout: say where it stopped (a thread blocked in Atomics.wait gets SIGKILL instead)
process.once('SIGTERM', () => {
  writeFileSync(reportFile, JSON.stringify({ error: `stopped by the harness (BENCH_TIMEOUT_MS) during ${phase}` }))
  process.exit(1)
})

let report: ChildReport
try {
  report = { result: await run() }
} catch (err) {
  report = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) }
}
writeFileSync(reportFile, JSON.stringify(report))
// a logger that keeps a handle open must not hold the run: the report is on disk
process.exit(report.error ? 1 : 0)
