/** Messages on a sink lane's private MessagePort (main ⇄ the worker that owns the sink). */
import type { BatchGroup } from '../sink-contract.js'

export type ToWorker =
  | { t: 'batch'; seq: number; groups: BatchGroup[] }
  | { t: 'flush' | 'close'; seq: number }
  | { t: 'command'; seq: number; name: string; args: unknown }
  | { t: 'task-result'; id: number; result?: unknown; error?: string }

export type FromWorker =
  | { t: 'ack'; seq: number; counters?: Record<string, number>; reply?: boolean; result?: unknown; error?: string }
  | { t: 'failed'; seq: number; error: string }
  | { t: 'log'; level: number; category: string; message: string; fields?: Record<string, unknown> }
  | { t: 'error'; error: string }
  | { t: 'task'; id: number; module: string; export: string; args: unknown }
  /** a `detached` lane's start: its sink was created, or not (with the sink's code when it threw a coded LwError) */
  | { t: 'started' }
  | { t: 'start-failed'; error: string; code?: string; message?: string }

export interface LaneTask {
  kind: 'lane'
  name: string
  module: string
  options: unknown
  port: import('node:worker_threads').MessagePort
  ack: SharedArrayBuffer
  /**
   * The pool task answers once the worker has the lane, and the sink's start result follows on the
   * lane's port: a start that never settles then holds no pool task (which would keep the process
   * alive), only the lane's port, which the host can let go of.
   */
  detached?: boolean
}

export interface CallTask {
  kind: 'call'
  module: string
  export: string
  args: unknown
}

/** What the pool task that attaches a lane answers; `code`/`message` when the sink threw a coded LwError. */
export type LaneStartResult = { ok: true } | { ok: false; error: string; code?: string; message?: string }
