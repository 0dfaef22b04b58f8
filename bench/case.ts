/**
 * What a benchmark case is. Each file in bench/cases/ default-exports one `BenchCase`; the harness
 * finds them by listing that folder, so adding a case is adding a file (as pino's benchmarks/ do).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The record every case logs, as the spec gives it. A fresh copy is built for every call. */
export const MESSAGE = 'Position closed'

/** The spec's record; a function so each call gets a fresh object, as an application would pass. */
export function benchRecord(): Record<string, unknown> {
  return { account_id: 'ABC123', rule: 'UnrealizedLoss', pnl: -210.5, symbol: 'MNQ', qty: 2, apiKey: 'sk-123456' }
}

/** Every logged line contains the message exactly once; lines on disk are counted by it. */
export const LINE_MARKER = MESSAGE

export interface CaseContext {
  /** an empty directory for this case's log files (removed by the harness afterwards) */
  dir: string
}

/** A configured logger, ready for the timed loop. */
export interface Subject {
  /** one logging call of `message` with `fields` at info level */
  log(message: string, fields: Record<string, unknown>): void
  /** ask the logger to push what it holds towards disk, without ending it (after the warm-up; not timed) */
  flush?(): Promise<void>
  /** timed: resolve once every line logged so far is on disk (it may end the logger to get there) */
  drain(): Promise<void>
  /** not timed: release everything (servers, pools) so the process can exit */
  close(): Promise<void>
}

export interface BenchCase {
  /** the name in the table and in results.json */
  name: string
  /** position in each round (the three required cases come first) */
  order: number
  /** one line for the table's legend */
  description: string
  /** built plugins (dist/plugins/<name>/index.js) the case needs */
  requires?: string[]
  /**
   * An optional case is skipped when a plugin it requires is not built; a required one fails instead
   * (the default run must always produce logwarden, pino and winston).
   */
  optional?: boolean
  /** goals this case is checked against after the run (never a reason to fail the run) */
  targets?: Target[]
  /** the case the table's ratios of this row are taken against (default `pino`) */
  reference?: string
  /**
   * The timed loop yields to the event loop (`await new Promise(setImmediate)`) every this many
   * calls, as an application serving requests does; unset: one synchronous loop.
   */
  yieldEvery?: number
  setup(ctx: CaseContext): Promise<Subject>
}

export type Metric = 'call_ns' | 'main_cpu_ns' | 'process_cpu_ns' | 'records_per_s' | 'peak_rss_mb' | 'ready_ms'

/**
 * `metric` of this case compared with `factor` × the same metric of case `of`, e.g.
 * `{ metric: 'records_per_s', op: '>=', of: 'logwarden', factor: 0.9 }` = "within 10% of logwarden or faster",
 * or with a fixed `value`: `{ metric: 'ready_ms', op: '<=', value: 100 }`.
 */
export type Target = { metric: Metric; op: '<=' | '>='; of: string; factor?: number } | { metric: Metric; op: '<=' | '>='; value: number }

export function defineCase(c: BenchCase): BenchCase {
  return c
}

const PLUGINS_DIR = fileURLToPath(new URL('../plugins/', import.meta.url))

/** Whether plugins/<name> was compiled to dist (the harness runs from dist/bench). */
export function pluginBuilt(name: string): boolean {
  return existsSync(`${PLUGINS_DIR}${name}/index.js`)
}
