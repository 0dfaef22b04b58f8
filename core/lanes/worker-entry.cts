/**
 * The file piscina loads in each thread. Piscina require()s it; were it an ES module, Node ≥ 20.19
 * would instantiate it synchronously (require(esm)), and a thread terminated during that step (the
 * host exits, or the pool is destroyed, right after createLogger) aborts the whole process with
 * SIGABRT, skipping the exit drain. A CommonJS file whose handler imports the ESM entry
 * asynchronously is safe to terminate at any point.
 */
type Run = (typeof import('./worker-entry.js'))['default']

// started as the thread loads, not on its first task: the lane code is ready while the host is
// still applying plugins; still an asynchronous import, so terminating the thread stays safe
const entry: Promise<Run> = import('./worker-entry.js').then((m) => m.default)
// a failed import is reported by the first task that awaits it, not as an unhandled rejection here
entry.catch(() => undefined)

module.exports = function run(task: Parameters<Run>[0]): ReturnType<Run> {
  return entry.then((fn) => fn(task))
}
