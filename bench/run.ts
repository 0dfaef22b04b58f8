/**
 * `npm run bench`: every case in bench/cases/, each run in its own child process, sequentially,
 * interleaved over BENCH_RUNS rounds (logwarden, pino, winston, logwarden, pino, …) so slow drifts
 * of a noisy machine hit every case alike. Prints each run, then the medians with ratios to pino,
 * and writes bench/results.json (BENCH_OUT to write elsewhere). Exits 1 if any case failed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pc from 'picocolors'
import { pluginBuilt, type BenchCase } from './case.js'
import { settings } from './env.js'
import { checkTargets, runLine, summarize, systemInfo, table, type CaseSummary } from './report.js'
import type { ChildReport, RunResult } from './result.js'

const HERE = dirname(fileURLToPath(import.meta.url)) // dist/bench
const REPO = resolve(HERE, '../..')
const CHILD = join(HERE, 'child.js')
const OUT = process.env.BENCH_OUT ? resolve(process.env.BENCH_OUT) : join(REPO, 'bench', 'results.json')

interface LoadedCase {
  file: string
  bench: BenchCase
}

async function loadCases(): Promise<LoadedCase[]> {
  const dir = join(HERE, 'cases')
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f))
  const cases: LoadedCase[] = []
  for (const file of files) {
    const bench = (await import(pathToFileURL(file).href)).default as BenchCase
    if (!bench || typeof bench.setup !== 'function') throw new Error(`${file}: must default-export defineCase({...})`)
    cases.push({ file, bench })
  }
  cases.sort((a, b) => a.bench.order - b.bench.order || a.bench.name.localeCompare(b.bench.name))
  const only = process.env.BENCH_CASES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!only?.length) return cases
  const unknown = only.filter((name) => !cases.some((c) => c.bench.name === name))
  if (unknown.length) throw new Error(`BENCH_CASES: unknown case(s) ${unknown.join(', ')}; cases: ${cases.map((c) => c.bench.name).join(', ')}`)
  return cases.filter((c) => only.includes(c.bench.name))
}

async function runChild(c: LoadedCase, timeoutMs: number): Promise<ChildReport> {
  const dir = mkdtempSync(join(tmpdir(), `lw-bench-${c.bench.name}-`))
  const reportDir = mkdtempSync(join(tmpdir(), 'lw-bench-report-'))
  const reportFile = join(reportDir, 'report.json')
  try {
    // cwd = the case's dir, so anything a logger resolves relative to cwd lands there and is removed
    const child = spawn(process.execPath, ['--expose-gc', CHILD, c.file, dir, reportFile], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    let timedOut = false
    let killTimer: NodeJS.Timeout | undefined
    const timer = setTimeout(() => {
      timedOut = true
      // SIGTERM lets the child report where it was; a thread blocked in Atomics.wait cannot, so SIGKILL follows
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000)
    }, timeoutMs)
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res, rej) => {
      child.once('error', rej)
      child.once('exit', (code, signal) => res([code, signal]))
    })
    clearTimeout(timer)
    clearTimeout(killTimer)
    let report: ChildReport
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as ChildReport
    } catch {
      report = { error: `the child exited (code ${code}, signal ${signal}) without a report` }
    }
    if (timedOut) report = { error: `timed out after ${timeoutMs} ms (BENCH_TIMEOUT_MS): ${report.error ?? ''}` }
    return report
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${dir} (BENCH_KEEP)`)
    else rmSync(dir, { recursive: true, force: true })
    rmSync(reportDir, { recursive: true, force: true })
  }
}

/** Lets the previous case's dirty pages reach the disk before the next case starts. */
async function settle(): Promise<void> {
  spawnSync('sync', { stdio: 'ignore' })
  await sleep(500)
}

async function main(): Promise<number> {
  const { n, runs, warmup, timeoutMs } = settings()
  const info = systemInfo()
  console.log(pc.bold('logwarden benchmark'))
  console.log(`node ${info.node} | ${info.platform} | ${info.cpu} | ${info.cores} cores`)
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  console.log(`load average ${load}${loadavg()[0]! > 0.5 ? pc.yellow(' (the machine is busy: expect noisy numbers)') : ''}`)
  console.log(`N=${n.toLocaleString('en-US')} records per run, ${runs} run(s) per case, warm-up ${warmup.toLocaleString('en-US')} records (not counted)`)

  const cases = await loadCases()
  const runnable: LoadedCase[] = []
  const skipped: Array<{ name: string; reason: string }> = []
  const failed = new Map<string, string>()
  for (const c of cases) {
    const missing = (c.bench.requires ?? []).filter((p) => !pluginBuilt(p))
    if (missing.length === 0) runnable.push(c)
    else if (c.bench.optional) {
      const reason = `plugin ${missing.join(', ')} not built`
      skipped.push({ name: c.bench.name, reason })
      console.log(pc.yellow(`skipped: ${reason} (${c.bench.name})`))
    } else {
      failed.set(c.bench.name, `plugin ${missing.join(', ')} not built: run npm run build once the plugin compiles`)
    }
  }

  const results = new Map<string, RunResult[]>(runnable.map((c) => [c.bench.name, []]))
  const clocks = new Set<string>()
  for (let round = 1; round <= runs; round++) {
    for (const c of runnable) {
      const name = c.bench.name
      if (failed.has(name)) continue
      const load = loadavg()[0]!
      const report = await runChild(c, timeoutMs)
      if (report.result) report.result.load1 = Number(load.toFixed(2))
      let error = report.error
      if (!error && report.result && report.result.lines !== n) {
        error = `lines on disk: expected ${n}, found ${report.result.lines}`
      }
      if (error || !report.result) {
        failed.set(name, error ?? 'no result')
        console.log(pc.red(pc.bold(`FAILED ${name} (run ${round}/${runs}): ${error}`)))
      } else {
        results.get(name)!.push(report.result)
        clocks.add(report.result.cpu_clock)
        console.log(`run ${round}/${runs} ${name.padEnd(22)} ${runLine(report.result)}`)
      }
      await settle()
    }
  }

  const summaries: CaseSummary[] = runnable.filter((c) => !failed.has(c.bench.name)).map((c) => summarize(c.bench.name, results.get(c.bench.name)!))

  console.log(
    `\n${pc.bold(`medians of ${runs} run(s)`)}; (x) = ratio to pino (or the case's reference); CPU and call ns: lower is better, records/s: higher is better`,
  )
  const references = new Map(runnable.flatMap((c) => (c.bench.reference ? [[c.bench.name, c.bench.reference] as const] : [])))
  if (summaries.length) console.log(table(summaries, references))
  for (const c of runnable.filter((c) => summaries.some((s) => s.name === c.bench.name))) {
    console.log(pc.dim(`  ${c.bench.name}: ${c.bench.description}`))
  }
  const clock = [...clocks].join(', ') || 'none'
  if (clocks.has('process')) {
    console.log(pc.yellow('note: no per-thread CPU clock on this platform: "main CPU" is process.cpuUsage(), i.e. all threads'))
  } else {
    console.log(pc.dim(`  main CPU = main thread only (/proc/self/task/<pid>/${clock}); all-threads CPU = process.cpuUsage()`))
  }

  const checks = checkTargets(
    runnable.map((c) => c.bench),
    summaries,
  )
  if (checks.length) {
    console.log(`\n${pc.bold('targets')}`)
    for (const t of checks) console.log(`  ${t.met === undefined ? pc.dim(t.text) : t.met ? pc.green(t.text) : pc.red(t.text)}`)
  }
  for (const s of skipped) console.log(pc.yellow(`skipped: ${s.name}: ${s.reason}`))
  for (const [name, error] of failed) console.log(pc.red(pc.bold(`FAILED: ${name}: ${error}`)))

  const doc = {
    meta: { ...info, n, runs, warmup, cpu_clock: clock, date: new Date().toISOString() },
    cases: summaries,
    targets: checks,
    skipped,
    failed: [...failed].map(([name, error]) => ({ name, error })),
  }
  writeFileSync(OUT, `${JSON.stringify(doc, null, 2)}\n`)
  console.log(`\nwrote ${OUT}`)
  return failed.size ? 1 : 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    console.error(pc.red(err instanceof Error ? (err.stack ?? err.message) : String(err)))
    process.exitCode = 1
  },
)
