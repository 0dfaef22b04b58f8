/** The harness's knobs, all from the environment (see README.md). */
export function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name}=${raw}: expected an integer >= ${min}`)
  }
  return n
}

export const settings = () => ({
  /** timed records per case and run */
  n: intEnv('BENCH_N', 500_000, 1),
  /** runs of every case, interleaved */
  runs: intEnv('BENCH_RUNS', 3, 1),
  /** untimed records before the timed loop, counted apart */
  warmup: intEnv('BENCH_WARMUP', 20_000, 0),
  /** a child taking longer than this is killed and its case failed */
  timeoutMs: intEnv('BENCH_TIMEOUT_MS', 600_000, 1000),
})
