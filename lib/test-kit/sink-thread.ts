/**
 * The worker-thread side of startSink(): imports the sink's module, calls its `createSink` with a
 * context that reports back to the test, and runs requests strictly in order, as the host's lane
 * does.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Batch, CreateSink, Sink, SinkContext } from '../../core/sink-contract.js'

interface Data {
  module: string
  options: unknown
  name: string
}

type Request = { id: number; op: 'write'; batch: Batch } | { id: number; op: 'flush' | 'close' } | { id: number; op: 'command'; name: string; args: unknown }

const port = parentPort!
const { module, options, name } = workerData as Data
const abort = new AbortController()

const ctx: SinkContext = {
  name,
  log(level, category, message, fields) {
    port.postMessage({ type: 'log', log: { level, category, message, ...(fields ? { fields } : {}) } })
  },
  count(counter, n = 1) {
    port.postMessage({ type: 'count', counter, n })
  },
  async runTask<T>(moduleUrl: string, exportName: string, args: unknown): Promise<T> {
    const mod = (await import(moduleUrl)) as Record<string, (a: unknown) => T | Promise<T>>
    return mod[exportName]!(args)
  },
  signal: abort.signal,
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

let queue = Promise.resolve()
const sinkReady: Promise<Sink> = (async () => {
  const mod = (await import(module)) as { createSink?: CreateSink }
  if (typeof mod.createSink !== 'function') throw new Error(`${module} does not export createSink(options, ctx)`)
  return mod.createSink(options, ctx)
})()
sinkReady.then(
  () => port.postMessage({ type: 'ready' }),
  (err: unknown) => port.postMessage({ type: 'ready', error: describe(err) }),
)

port.on('message', (req: Request) => {
  queue = queue.then(async () => {
    try {
      const sink = await sinkReady
      let value: unknown
      if (req.op === 'write') value = await sink.write(req.batch)
      else if (req.op === 'flush') value = await sink.flush?.()
      else if (req.op === 'close') {
        abort.abort()
        value = await sink.close?.()
      } else if (req.op === 'command') {
        if (!sink.command) throw new Error(`sink "${name}" answers no commands`)
        value = await sink.command(req.name, req.args)
      }
      port.postMessage({ type: 'done', id: req.id, value })
    } catch (err) {
      port.postMessage({ type: 'done', id: req.id, error: describe(err) })
    }
  })
})
