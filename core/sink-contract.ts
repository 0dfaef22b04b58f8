/**
 * The contract between the host and code that runs in the worker pool.
 * A sink or notifier plugin ships a worker module exporting `createSink`; the host
 * sends it batches of serialized JSON lines, one batch at a time, in order.
 */
import type { LevelName } from './levels.js'

/** Lines of one category inside a batch: UTF-8 JSON lines, each ending with '\n'. */
export interface BatchGroup {
  category: string
  /** when true these lines are copies of error-level records from other categories */
  errorCopy?: boolean
  /**
   * replayed from the journal of a process that was killed: the sink may already hold some of
   * these lines (identified by their `event_id`) and writes only those it does not
   */
  replay?: boolean
  data: Uint8Array
  count: number
}

/**
 * One batch for a sink. Its groups' `data` is shared memory the host reuses once `write` has
 * resolved: a sink that keeps bytes for later copies them (`Buffer.from(data)`), as the built-in
 * sinks, which decode or write them within `write`, need not.
 */
export interface Batch {
  seq: number
  groups: BatchGroup[]
}

export interface SinkContext {
  /** the sink instance's name (e.g. `sink-file`, or the user's `name` option) */
  readonly name: string
  /** log a record through the host pipeline; never routed back to this sink */
  log(level: LevelName, category: string, message: string, fields?: Record<string, unknown>): void
  /** add to a named counter shown in status (written, failed, retried, …) */
  count(counter: string, n?: number): void
  /** run a function on the pool as a one-off task (e.g. compression) without blocking this sink */
  runTask<T>(moduleUrl: string, exportName: string, args: unknown): Promise<T>
  /** aborted when the sink is being closed or restarted */
  readonly signal: AbortSignal
}

export interface Sink {
  /** write one batch; resolve when it is durable enough for this sink. Throwing retries the batch. */
  write(batch: Batch): void | Promise<void>
  /** called by log.flush() after every earlier batch was written */
  flush?(): void | Promise<void>
  /** release resources; called once, after the last batch */
  close?(): void | Promise<void>
  /** answer a host request (e.g. `test` for a notifier's testChannel); runs in order with batches */
  command?(name: string, args: unknown): unknown | Promise<unknown>
}

export type CreateSink<Options = unknown> = (options: Options, ctx: SinkContext) => Sink | Promise<Sink>

/** Where records for a sink come from and how they are batched (main-thread side). */
export interface SinkSpec {
  /** unique instance name; also the lane name in status */
  name: string
  /** which plugin declared it (`sink-file`); HookMap key for `hooks.sink` */
  kind: string
  /** file URL of the worker module exporting `createSink` */
  module: string
  /** passed to createSink; must survive structured clone (no functions) */
  options: unknown
  /** categories this sink receives; '*' (default) for all */
  categories?: string[] | '*'
  /** minimum level (number) this sink receives; default 0 */
  minLevel?: number
  /**
   * true: also receive copies of error-level records of other categories, as a group of category
   * `error` marked `errorCopy` (a sink that files records by category, like sink-file's
   * `error.log`). Default false: a sink gets each record once, under its own category.
   */
  errorCopies?: boolean
  /** how status shows it: `notifier` (alert channels, with their counters) or `sink` (default) */
  role?: SinkRole
  /** per-sink batch limits; how long a batch may wait is the logger's `batch.maxDelayMs`, shared by all lanes */
  batch?: { maxRecords?: number; maxBytes?: number }
  queue?: { maxRecords?: number; overflow?: OverflowPolicy }
  /** where the durable journal goes when the config names no `durable.dir` and this is the first sink offering one (sink-file: `<dir>/.journal`) */
  journalDir?: string
  /**
   * `wait` (default): createLogger() resolves once this sink's worker has started, and rejects
   * with its start error. `background`: createLogger() does not wait for it — the plugin has
   * already checked on the main thread what can fail at start (sink-file: the directory and its
   * lock) — and records queue until it runs; a start that fails anyway is retried with backoff,
   * like a crashed sink, and reported in the `error` category and by `log.flush()`.
   */
  start?: 'wait' | 'background'
  /**
   * For a `background` sink: writes batches synchronously on the main thread, used only when the
   * process exits before the sink's worker ever ran (an app that logs and exits at once), so
   * those records still reach their destination rather than the crash file. Throws on failure.
   */
  writeBeforeStart?: (groups: BatchGroup[]) => void
}

export type SinkRole = 'sink' | 'notifier'

export type OverflowPolicy = 'block' | 'drop-newest' | 'drop-oldest'

/** Splits a group's bytes back into lines, for sinks that look at records one by one. */
export function groupLines(group: BatchGroup): string[] {
  const text = new TextDecoder().decode(group.data)
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Parses every record of a batch; a line that is not JSON is passed through as { message }. */
export function* batchRecords(
  batch: Batch,
): Generator<{ category: string; errorCopy: boolean; replay: boolean; record: Record<string, unknown>; line: string }> {
  for (const group of batch.groups) {
    for (const line of groupLines(group)) {
      let record: Record<string, unknown>
      try {
        record = JSON.parse(line) as Record<string, unknown>
      } catch {
        record = { message: line }
      }
      yield { category: group.category, errorCopy: group.errorCopy === true, replay: group.replay === true, record, line }
    }
  }
}
