/**
 * The benchmark harness end to end, tiny: `node dist/bench/run.js` with BENCH_N=2000 and one run
 * must produce results.json with the three required cases and exactly 2000 lines each. Nothing here
 * is timed or compared: speed is `npm run bench`'s business. Needs `npm run build` (npm test does it).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from './helpers/sinks.js'
import { countLines } from '../bench/count-lines.js'

const RUN = fileURLToPath(new URL('../dist/bench/run.js', import.meta.url))

describe('bench harness', () => {
  const tmp = tempDir('lw-bench-test-')
  afterAll(() => tmp.cleanup())

  it('counts marked lines in active, rotated and .gz files, once per rotated file, across chunk edges', async () => {
    const dir = join(tmp.dir, 'count')
    const lines = (n: number, extra = '') => Array.from({ length: n }, (_, i) => `{"i":${i},"message":"Position closed"${extra}}\n`).join('')
    mkdirSync(dir)
    writeFileSync(join(dir, 'system.log'), lines(7) + '{"message":"rotated system.log"}\n')
    writeFileSync(join(dir, 'system.2026-01-01T00-00-00Z.1.log.gz'), gzipSync(lines(11)))
    // being compressed: the .log and its finished .gz hold the same lines and count once
    writeFileSync(join(dir, 'system.2026-01-01T00-00-01Z.1.log'), lines(5))
    writeFileSync(join(dir, 'system.2026-01-01T00-00-01Z.1.log.gz'), gzipSync(lines(5)))
    // a partial archive is never read
    writeFileSync(join(dir, 'system.2026-01-01T00-00-02Z.1.log.gz.tmp'), lines(3))
    // pino-roll cuts lines at file boundaries: pino.9.log ends inside a marker, pino.10.log goes on
    const rolled = lines(13)
    const cut = rolled.lastIndexOf('Position closed') + 5
    writeFileSync(join(dir, 'pino.9.log'), rolled.slice(0, cut))
    writeFileSync(join(dir, 'pino.10.log'), rolled.slice(cut) + lines(2))
    expect(await countLines(dir, 'Position closed')).toBe(7 + 11 + 5 + 15)
    // 3-byte chunks cut the marker in every possible place
    expect(await countLines(dir, 'Position closed', 3)).toBe(7 + 11 + 5 + 15)
  })

  it('runs logwarden, pino and winston in child processes and counts exactly N lines each', () => {
    expect(existsSync(RUN), 'dist/bench/run.js is missing: run npm run build').toBe(true)
    const out = join(tmp.dir, 'results.json')
    const child = spawnSync(process.execPath, [RUN], {
      env: {
        ...process.env,
        BENCH_N: '2000',
        BENCH_RUNS: '1',
        BENCH_WARMUP: '200',
        BENCH_CASES: 'logwarden,pino,winston',
        BENCH_OUT: out,
        BENCH_TIMEOUT_MS: '20000',
      },
      encoding: 'utf8',
      timeout: 25_000,
    })
    expect(child.status, `${child.stdout}\n${child.stderr}`).toBe(0)
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      meta: { n: number; cpu_clock: string }
      cases: Array<{ name: string; lines: number; call_ns: number; main_cpu_ns: number; records_per_s: number; peak_rss_mb: number }>
      failed: unknown[]
    }
    expect(results.meta.n).toBe(2000)
    expect(results.failed).toEqual([])
    expect(results.cases.map((c) => c.name)).toEqual(['logwarden', 'pino', 'winston'])
    for (const c of results.cases) {
      expect(c.lines, c.name).toBe(2000)
      for (const metric of [c.call_ns, c.main_cpu_ns, c.records_per_s, c.peak_rss_mb]) {
        expect(Number.isFinite(metric) && metric > 0, `${c.name}: ${JSON.stringify(c)}`).toBe(true)
      }
    }
    // the table with ratios to pino is printed
    expect(child.stdout).toMatch(/logwarden\s+\d+ \(\d+\.\d\dx\)/)
  }, 30_000)
})
