// A write observer for the durable + sealing test. Its first write waits until `released` exists
// (the main thread logged every record: all are in the journal, whatever the worker's pace), then
// it SIGKILLs its own process on the first write after its `at`-th rotation: the records just
// rotated out of the active file are then most likely not yet confirmed to the journal.
import { existsSync } from 'node:fs'

export function createObserver(options) {
  const pause = new Int32Array(new SharedArrayBuffer(4))
  let released = false
  let rotations = 0
  let armed = false
  return {
    appended(file) {
      // only the durable categories' records wait (a notice to system.log may come while the logger starts)
      while (!released && file.category !== 'system') {
        released = existsSync(options.released)
        if (!released) Atomics.wait(pause, 0, 0, 5)
      }
      if (armed) process.kill(process.pid, 'SIGKILL')
    },
    rotating() {
      if (++rotations === options.at) armed = true
    },
  }
}
