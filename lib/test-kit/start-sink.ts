/**
 * startSink(): one sink in a real worker thread, fed batches by the test, with everything it
 * reports (ctx.log, ctx.count) collected. What the sink writes to its destination (a file, a
 * socket, an HTTP API) the test reads there; a loopback stand-in (LoopbackServer) collects HTTP.
 */
import { Worker } from 'node:worker_threads'
import type { Batch } from '../../core/sink-contract.js'
import type { CapturedLog } from './batches.js'
import { makeBatch } from './batches.js'

export interface StartSinkOptions {
  /** the sink instance's name, as ctx.name (default: `sink-under-test`) */
  name?: string
}

export interface SinkUnderTest {
  /** one batch, as the host sends it; resolves when `write` resolved, rejects with its error */
  write(batch: Batch): Promise<void>
  /** records turned into one batch (grouped by their `category`), then written */
  writeRecords(records: Array<Record<string, unknown>>, opts?: { errorCopy?: boolean }): Promise<void>
  flush(): Promise<void>
  command(name: string, args?: unknown): Promise<unknown>
  /** the sink's close(), then the thread ends */
  close(): Promise<void>
  /** what the sink logged through ctx.log, in order */
  readonly logs: CapturedLog[]
  /** what it counted through ctx.count */
  readonly counters: Record<string, number>
}

/**
 * Starts the worker module `module` (a file URL or path of a module exporting `createSink`) with
 * `options` in its own thread; rejects when createSink throws.
 */
export async function startSink(module: string | URL, options: unknown = {}, opts: StartSinkOptions = {}): Promise<SinkUnderTest> {
  const url = String(module).startsWith('file:') ? String(module) : new URL(String(module), `file://${process.cwd()}/`).href
  const worker = new Worker(new URL('./sink-thread.js', import.meta.url), { workerData: { module: url, options, name: opts.name ?? 'sink-under-test' } })
  const logs: CapturedLog[] = []
  const counters: Record<string, number> = {}
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  let nextId = 0
  let ended: Error | undefined
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string; id: number; value?: unknown; error?: string; log?: CapturedLog; counter?: string; n?: number }) => {
      if (m.type === 'ready') {
        if (m.error) reject(new Error(`createSink failed: ${m.error}`))
        else resolve()
      } else if (m.type === 'log') logs.push(m.log!)
      else if (m.type === 'count') counters[m.counter!] = (counters[m.counter!] ?? 0) + m.n!
      else if (m.type === 'done') {
        const p = pending.get(m.id)
        pending.delete(m.id)
        if (m.error !== undefined) p?.reject(new Error(m.error))
        else p?.resolve(m.value)
      }
    })
    const fail = (err: Error) => {
      ended = err
      reject(err)
      for (const p of pending.values()) p.reject(err)
      pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the sink's thread ended (exit code ${code})`)))
  })
  const call = (req: Record<string, unknown>): Promise<unknown> => {
    if (ended) return Promise.reject(ended)
    const id = ++nextId
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ ...req, id })
    })
  }
  try {
    await ready
  } catch (err) {
    await worker.terminate()
    throw err
  }
  return {
    logs,
    counters,
    write: async (batch) => void (await call({ op: 'write', batch })),
    writeRecords: async (records, o) => void (await call({ op: 'write', batch: makeBatch(records, o) })),
    flush: async () => void (await call({ op: 'flush' })),
    command: (name, args) => call({ op: 'command', name, args }),
    close: async () => {
      try {
        await call({ op: 'close' })
      } finally {
        await worker.terminate()
      }
    },
  }
}
