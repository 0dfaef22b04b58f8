/**
 * The last resort for lines no sink confirmed (a sink gone at exit, a batch that kept crashing its
 * worker, a record after close): written synchronously, to `exit.crashFile` when set and usable,
 * else to stderr, so they survive a process about to end. stderr may be a slow pipe: the writer
 * waits for its reader (core/write-all.ts), and what it still cannot take is counted, not hidden.
 */
import { closeSync, openSync } from 'node:fs'
import { DEFAULT_STALL_MS, linesIn, writeAllSync } from '../write-all.js'

const encoder = new TextEncoder()

/** Appends to the crash file; returns the bytes not written (all of them when it cannot be opened). */
function appendCrashFile(crashFile: string, bytes: Uint8Array): number {
  let fd: number
  try {
    fd = openSync(crashFile, 'a', 0o600)
  } catch {
    return bytes.byteLength
  }
  try {
    return writeAllSync(fd, bytes).unwritten
  } finally {
    try {
      closeSync(fd)
    } catch {
      // the data is in the kernel already
    }
  }
}

/**
 * Writes a header and the lines; returns how many of the lines could be written nowhere (0 when
 * all are in the crash file or on stderr). A count of those goes to the crash file when set.
 */
export function writeEmergency(crashFile: string | undefined, lane: string, reason: string, lines: string[], stallMs = DEFAULT_STALL_MS): number {
  return writeBytes(
    crashFile,
    lane,
    encoder.encode(`logwarden: sink "${lane}": ${lines.length} record(s) ${reason}; written here instead:\n${lines.join('\n')}\n`),
    lines.length,
    stallMs,
  )
}

function writeBytes(crashFile: string | undefined, lane: string, bytes: Uint8Array, records: number, stallMs: number): number {
  let rest = bytes
  if (crashFile) {
    const unwritten = appendCrashFile(crashFile, bytes)
    if (unwritten === 0) return 0
    // the crash file filled up or broke: stderr gets what it lacks, from the start of the cut line
    const written = bytes.byteLength - unwritten
    rest = bytes.subarray(written === 0 ? 0 : bytes.lastIndexOf(0x0a, written - 1) + 1)
  }
  const { unwritten, code } = writeAllSync(2, rest, { stallMs })
  if (unwritten === 0) return 0
  const lost = Math.min(records, linesIn(rest, unwritten))
  if (crashFile) {
    appendCrashFile(crashFile, encoder.encode(`logwarden: sink "${lane}": ${lost} record(s) could be written neither here nor to stderr (${code})\n`))
  }
  return lost
}
