/**
 * The seam between sink-file and a write observer (plugins/audit-seal is one). An observer sees the
 * exact bytes appended to each category's active file, in write order, and every rotation before
 * the file is renamed, on the worker thread that writes them, so it needs no re-read and no lock.
 * sink-file loads each `{ module, options }` of its `observers` option and calls the module's
 * `createObserver(options, host)`. Types only: importing this file loads no code.
 */
import type { SinkContext } from '../../core/sink-contract.js'
import type { ActiveFile } from './rotation-seam.js'

/** What sink-file offers an observer. */
export interface ObserverHost {
  readonly dir: string
  readonly fileMode: number
  readonly dirMode: number
  readonly ctx: SinkContext
  now(): number
}

/** What an observer gives back. `appended` and `rotating` are on the write path: keep them cheap. */
export interface WriteObserver {
  /** before the first write; may read what earlier runs left (the file is not open yet) */
  start?(): void | Promise<void>
  /**
   * `bytes` now end `file` (a failed write reports the part that landed). Includes the newline
   * sink-file adds to close a line torn by a crash. Synchronous, between two writes.
   */
  appended(file: ActiveFile, bytes: Uint8Array): void
  /**
   * `bytes`, about to be reported by `appended`, are records replayed from the journal of a killed
   * process: written now, but stamped when they were logged (possibly long ago). Rare.
   */
  replayed?(file: ActiveFile, bytes: Uint8Array): void
  /** the active file of `category` is about to be renamed to `targetName` (same directory) */
  rotating?(category: string, targetName: string): void
  /** retention is about to delete these rotated files of `category` (names as in the directory, `.gz` included) */
  deleting?(category: string, names: readonly string[]): void
  /** the sink closes; every byte appended so far was reported */
  close?(): void | Promise<void>
}

export type CreateObserver = (options: unknown, host: ObserverHost) => WriteObserver | Promise<WriteObserver>

/** One entry of sink-file's `options.observers` (must survive structured clone). */
export interface ObserverRef {
  /** file URL of a module exporting `createObserver` */
  module: string
  options: unknown
}
