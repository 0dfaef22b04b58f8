/**
 * A write observer for the SIGKILL test, attached after the sealer: SIGKILLs its own process in the
 * `at`-th rotation, right after the sealer wrote the rotation's seal and before sink-file renames
 * the file (the narrow window a real kill hits only now and then).
 */
import type { WriteObserver } from '../../sink-file/index.js'

export function createObserver(options: { at: number }): WriteObserver {
  let rotations = 0
  return {
    appended() {},
    rotating() {
      if (++rotations === options.at) process.kill(process.pid, 'SIGKILL')
    },
  }
}
