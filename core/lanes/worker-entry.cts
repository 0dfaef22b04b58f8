/**
 * The file piscina loads in each thread. Piscina require()s it; were it an ES module, Node ≥ 20.19
 * would instantiate it synchronously (require(esm)), and a thread terminated during that step (the
 * host exits, or the pool is destroyed, right after createLogger) aborts the whole process with
 * SIGABRT, skipping the exit drain. A CommonJS file whose handler imports the ESM entry
 * asynchronously is safe to terminate at any point.
 */
type Run = (typeof import('./worker-entry.js'))['default']

let entry: Promise<Run> | undefined

module.exports = function run(task: Parameters<Run>[0]): ReturnType<Run> {
  entry ??= import('./worker-entry.js').then((m) => m.default)
  return entry.then((fn) => fn(task))
}
