/** What a child reports for one run of one case. */
export interface RunResult {
  name: string
  call_ns: number
  main_cpu_ns: number
  process_cpu_ns: number
  records_per_s: number
  peak_rss_mb: number
  /** how long `setup()` took: creating the logger until it accepts records (modules already imported) */
  ready_ms: number
  lines: number
  /** how main_cpu_ns was measured: schedstat | stat | process */
  cpu_clock: string
  /** the machine's 1-minute load average when the run started (set by the harness): noise indicator */
  load1?: number
}

export interface ChildReport {
  result?: RunResult
  error?: string
}
