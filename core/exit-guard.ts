/**
 * No loss at exit, and no hang: on process exit, an uncaught exception, an unhandled rejection,
 * SIGINT or SIGTERM, every live logger drains synchronously (its workers keep writing while the
 * main thread waits) within its deadline. One set of process listeners serves all loggers.
 */
export interface Drainable {
  /** log the fatal error (if any), then drain synchronously; never throws */
  drainSync(reason: string, error?: unknown): void
  readonly handleSignals: boolean
}

const live = new Set<Drainable>()
let installed = false

function drainAll(reason: string, error?: unknown): void {
  for (const d of [...live]) {
    live.delete(d)
    syncSignals()
    try {
      d.drainSync(reason, error)
    } catch (err) {
      process.stderr.write(`logwarden: drain failed: ${String(err)}\n`)
    }
  }
}

let fatal: { error: unknown; origin: string } | undefined

function onExit(): void {
  drainAll(fatal ? fatal.origin : 'exit', fatal?.error)
}

function onFatal(error: unknown, origin: string): void {
  // the monitor runs before Node's default handler; the drain happens in 'exit', which follows in
  // the same turn. A host whose own handler survives the error reaches the next turn: forget it.
  fatal = { error, origin }
  setImmediate(() => {
    fatal = undefined
  }).unref()
}

function onSignal(signal: NodeJS.Signals): void {
  // the host has its own handler: it decides when to exit, and our 'exit' listener drains then
  if (process.listenerCount(signal) > 1) return
  drainAll(signal)
  uninstall()
  // die by the same signal, as if we had never listened
  process.kill(process.pid, signal)
}

let signalsInstalled = false

/** Signals are only listened to while a live logger asks for it (exit.handleSignals). */
function syncSignals(): void {
  const want = [...live].some((d) => d.handleSignals)
  if (want === signalsInstalled) return
  signalsInstalled = want
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (want) process.on(signal, onSignal)
    else process.off(signal, onSignal)
  }
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', onExit)
  process.on('uncaughtExceptionMonitor', onFatal)
}

function uninstall(): void {
  if (!installed) return
  installed = false
  process.off('exit', onExit)
  process.off('uncaughtExceptionMonitor', onFatal)
  live.clear()
  syncSignals()
}

export function guard(d: Drainable): () => void {
  live.add(d)
  install()
  syncSignals()
  return () => {
    live.delete(d)
    if (live.size === 0) uninstall()
    else syncSignals()
  }
}
