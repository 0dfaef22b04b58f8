/**
 * The seam between sink-file and a rotation module (plugins/rotate is one). sink-file knows
 * nothing about rotation: when its options carry `rotation: { module, options }`, the worker
 * imports `module` and calls its `createRotation(options, host)`. Types only: importing this file
 * loads no code.
 */
import type { LevelName } from '../../core/levels.js'
import type { SinkContext } from '../../core/sink-contract.js'

/** A category's active file as sink-file sees it. Read-only for the rotation module. */
export interface ActiveFile {
  readonly category: string
  /** absolute path of `<dir>/<category>.log` */
  readonly path: string
  /** bytes in the file: fstat at open, then counted on every write (no stat per batch) */
  readonly size: number
  /** inode of the open file; changes when the file is replaced (rotation, external tools) */
  readonly ino: number
  /** the file's mtime when it was opened (for an existing file: when it was last written before) */
  readonly openedMtimeMs: number
  /** true while the file is open (false between a rotation or failure and the next write) */
  readonly open: boolean
}

/** What sink-file offers a rotation module. */
export interface RotationHost {
  readonly dir: string
  readonly fileMode: number
  readonly dirMode: number
  readonly ctx: SinkContext
  /** the clock; injectable for tests (sink-file's `now` test option) */
  now(): number
  /**
   * Closes the active file of `category` (fsync first when the sink's `fsync` is on) and renames
   * it to `targetName` inside `dir`. The next write creates a fresh active file. Throws the
   * rename's error untouched (the active file then stays where it was and is reopened).
   */
  rotateActive(category: string, targetName: string): void
  /** the active files sink-file has seen so far, open or not */
  activeFiles(): readonly ActiveFile[]
  /**
   * Logs a `system` record (rotation, deletion, archival…) through the host like ctx.log, and, at
   * info and above, also appends it to this sink's own `system.log` when the sink takes `system`:
   * the host never routes a sink's own reports back to it, and with sink-file as the only sink
   * they would otherwise be written nowhere. Deferred to after the current write (no re-entry).
   */
  notice(level: LevelName, message: string, fields?: Record<string, unknown>): void
  /** retention is about to delete these rotated files of `category` (not archive them); optional for test hosts */
  deleting?(category: string, names: readonly string[]): void
}

/** What a rotation module gives back. Only `beforeWrite` is on the write path. */
export interface Rotation {
  /** recovery at start, before the first write; may leave work running in the background */
  start?(): Promise<void>
  /**
   * Called before `bytes` are appended to `file`, synchronously so that no timer or background
   * task can run between the decision and the write. May call host.rotateActive.
   */
  beforeWrite(file: ActiveFile, bytes: number): void
  /** force a rotation now (all non-empty active files, or one category) */
  rotateNow?(category?: string): void
  /** resolves when background work (compression, retention) queued so far is done */
  idle?(): Promise<void>
  /** stop timers and background work; whatever was interrupted is redone at the next start */
  close?(): Promise<void>
}

/** The export sink-file looks for in the rotation module. */
export type CreateRotation = (options: unknown, host: RotationHost) => Rotation | Promise<Rotation>

/** The value a plugin puts in sink-file's `options.rotation` (must survive structured clone). */
export interface RotationRef {
  /** file URL of a module exporting `createRotation` */
  module: string
  options: unknown
}
