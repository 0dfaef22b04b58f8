/**
 * The one synchronous writer for last-resort output (stderr, the crash file, a console fd). stderr
 * is often a pipe (systemd, docker, `2>&1 | tee`), and Node leaves a pipe it inherits non-blocking:
 * one writeSync may write part of the data, or fail with EAGAIN while the reader is behind. A
 * fallback that ignores either loses records silently, so this loops over both, napping while the
 * pipe is full, and gives up only when the reader stopped taking bytes; the caller counts the rest.
 */
import { writeSync } from 'node:fs'

export interface WriteAllOptions {
  /** give up after this long without a single byte accepted (a reader that went away or froze) */
  stallMs?: number
  /** never write past this instant (epoch ms), even while the reader keeps up */
  deadline?: number
}

export interface WriteAllResult {
  /** bytes of `data` that are not written (0: all of it) */
  unwritten: number
  /** the errno code that stopped the write (`EAGAIN` when the reader stalled), if it stopped */
  code?: string
}

export const DEFAULT_STALL_MS = 2000

/** Atomics.wait blocks without spinning, on the main thread too (Node allows it there). */
const nap = new Int32Array(new SharedArrayBuffer(4))
const encoder = new TextEncoder()

/** Writes all of `data` to `fd`, across partial writes and a full non-blocking pipe. Never throws. */
export function writeAllSync(fd: number, data: string | Uint8Array, options: WriteAllOptions = {}): WriteAllResult {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS
  const deadline = options.deadline ?? Infinity
  let offset = 0
  let progressAt = Date.now()
  let sleep = 1
  while (offset < bytes.byteLength) {
    try {
      const n = writeSync(fd, bytes, offset, bytes.byteLength - offset)
      offset += n
      progressAt = Date.now()
      sleep = 1
      continue
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO'
      if (code !== 'EAGAIN') return { unwritten: bytes.byteLength - offset, code }
      const now = Date.now()
      const left = Math.min(progressAt + stallMs, deadline) - now
      if (left <= 0) return { unwritten: bytes.byteLength - offset, code }
      // short naps first (a reader that is merely busy), longer ones for one that is slow
      Atomics.wait(nap, 0, 0, Math.min(sleep, left))
      sleep = Math.min(sleep * 2, 16)
    }
  }
  return { unwritten: 0 }
}

/** How many lines (records) the unwritten tail of `data` holds: what a caller reports as lost. */
export function linesIn(data: string | Uint8Array, fromEnd: number): number {
  if (fromEnd <= 0) return 0
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  let n = 0
  for (let i = bytes.byteLength - fromEnd; i < bytes.byteLength; i++) if (bytes[i] === 0x0a) n++
  // a tail that ends without a newline still holds (part of) one record
  return bytes[bytes.byteLength - 1] === 0x0a ? n : n + 1
}
