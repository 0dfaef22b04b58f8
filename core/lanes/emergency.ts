/**
 * The last resort for lines no sink confirmed (a sink gone at exit, a batch that kept crashing its
 * worker, a record after close): written synchronously, to `exit.crashFile` when set and usable,
 * else to stderr, so they survive a process about to end.
 */
import { closeSync, openSync, writeSync } from 'node:fs'

export function writeEmergency(crashFile: string | undefined, lane: string, reason: string, lines: string[]): void {
  const text = `logwarden: sink "${lane}": ${lines.length} record(s) ${reason}; written here instead:\n${lines.join('\n')}\n`
  try {
    if (crashFile) {
      const fd = openSync(crashFile, 'a', 0o600)
      try {
        writeSync(fd, text)
      } finally {
        closeSync(fd)
      }
      return
    }
  } catch {
    // the crash file is unusable: stderr is the last resort
  }
  writeSync(2, text)
}
