/**
 * sink-otlp's worker: write() appends records to the durable buffer and returns; an export loop
 * sends them to the collector in requests of up to batch.maxRecords, retrying as the OTLP spec says
 * for as long as it takes (the buffer holds them meanwhile), and moves the cursor only past records
 * the collector answered for.
 */
import { backoffDelay } from '../../lib/util/index.js'
import { batchRecords, type Batch, type CreateSink, type Sink, type SinkContext } from '../../core/sink-contract.js'
import { RecordBuffer, type Entry } from './buffer.js'
import { OtlpErrors } from './errors.js'
import { OtlpExporter, type ExportResult } from './exporter.js'
import { toLogRecord, type OtelLogRecord, type OtelResource } from './mapping.js'
import type { OtlpWorkerOptions } from './options.js'

const NOTICE_EVERY_MS = 30_000

export interface OtlpSink extends Sink {
  stats(): { backlog: number; bufferedBytes: number; exported: number; rejected: number; retried: number; dropped: number; lastError?: string }
}

export const createSink: CreateSink<OtlpWorkerOptions> = (options, ctx) => createOtlpSink(options, ctx)

export async function createOtlpSink(o: OtlpWorkerOptions, ctx: SinkContext): Promise<OtlpSink> {
  let buffer: RecordBuffer
  try {
    buffer = o.bufferDir ? RecordBuffer.open(o.bufferDir, o.bufferMaxBytes) : RecordBuffer.memory(o.bufferMaxBytes)
  } catch (err) {
    throw OtlpErrors.BUFFER(o.bufferDir ?? '(memory)', (err as Error).message)
  }
  const exporter = new OtlpExporter(o)
  const resource: OtelResource = { attributes: o.resource }
  const scope = { name: 'logwarden', version: o.scopeVersion }
  const secrets = Object.values(o.headers).filter((v) => v.length >= 6)
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[REDACTED]'), text)

  const totals = { exported: 0, rejected: 0, retried: 0, dropped: 0 }
  let lastError: string | undefined
  const count = (counter: keyof typeof totals, n: number) => {
    if (n <= 0) return
    totals[counter] += n
    ctx.count(counter, n)
  }
  const lastNotice = new Map<string, number>()
  const notice = (key: string, level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) => {
    const now = Date.now()
    if (key !== 'once' && now - (lastNotice.get(key) ?? -Infinity) < NOTICE_EVERY_MS) return
    lastNotice.set(key, now)
    try {
      ctx.log(level, 'system', scrub(message), { sink: ctx.name, ...fields })
    } catch {
      // the host is going away
    }
  }
  if (buffer.length > 0)
    notice('once', 'info', `sink-otlp "${ctx.name}": ${buffer.length} record(s) not yet accepted by the collector reloaded from the buffer`)

  let closed = false
  const stopping = new AbortController()
  const closing = new AbortController()
  let wake: (() => void) | undefined
  let flushing = 0
  const poke = () => wake?.()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms)
      function done() {
        clearTimeout(t)
        wake = undefined
        resolve()
      }
      wake = done
    })

  /** a retry wait: new records and flush() do not cut it short (the collector asked for it), close() does */
  const backoff = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms)
      const onAbort = () => done()
      stopping.signal.addEventListener('abort', onAbort, { once: true })
      closing.signal.addEventListener('abort', onAbort, { once: true })
      function done() {
        clearTimeout(t)
        stopping.signal.removeEventListener('abort', onAbort)
        closing.signal.removeEventListener('abort', onAbort)
        resolve()
      }
    })

  const toRecords = (entries: Entry[]): OtelLogRecord[] =>
    entries.map((e) => {
      let record: Record<string, unknown>
      try {
        record = JSON.parse(e.line) as Record<string, unknown>
      } catch {
        record = { message: e.line }
      }
      return toLogRecord(record, undefined, e.observed, resource, scope)
    })

  let failing = false
  const settle = (n: number, res: ExportResult): void => {
    if (res.kind === 'ok') {
      count('rejected', res.rejected)
      count('exported', n - res.rejected)
      if (res.rejected > 0) {
        notice('partial', 'warn', `sink-otlp "${ctx.name}": the collector rejected ${res.rejected} of ${n} record(s)${res.message ? `: ${res.message}` : ''}`, {
          rejected: res.rejected,
        })
      }
      if (failing) notice('once', 'info', `sink-otlp "${ctx.name}": the collector accepts records again`, { backlog: buffer.length - n })
      failing = false
    } else if (res.kind === 'drop') {
      count('rejected', n)
      lastError = res.detail
      notice('drop', 'error', `sink-otlp "${ctx.name}": the collector refused ${n} record(s) for good (${res.detail}); they are dropped, never retried`, {
        status: res.status,
        rejected: n,
      })
    }
    // the cursor writes are chained in order; the next request need not wait for this one's fsync
    void buffer.commit(n)
  }

  const loop = (async () => {
    let attempt = 0
    while (!closed) {
      if (buffer.length === 0) {
        await sleep(60_000)
        continue
      }
      const age = Date.now() - (buffer.oldest ?? Date.now())
      if (buffer.length < o.maxRecords && age < o.maxDelayMs && flushing === 0) {
        await sleep(o.maxDelayMs - age)
        continue
      }
      const entries = buffer.peek(o.maxRecords)
      let res: ExportResult
      try {
        res = await exporter.send(exporter.encode(toRecords(entries)), stopping.signal)
      } catch (err) {
        // a body the serializer cannot build will not get better: counted and dropped
        res = { kind: 'drop', status: 0, detail: `could not encode: ${(err as Error).message}` }
      }
      if (res.kind !== 'retry') {
        attempt = 0
        settle(entries.length, res)
        continue
      }
      if (closed) break
      count('retried', 1)
      lastError = res.detail
      const wait = Math.min(res.retryAfterMs ?? backoffDelay(attempt++, o.retryBaseMs, o.retryMaxMs, Math.random), o.retryMaxMs)
      if (!failing) {
        notice('retry', 'warn', `sink-otlp "${ctx.name}": export failed (${scrub(res.detail)}); records stay buffered, retrying in ${wait} ms`, {
          ...(res.status ? { status: res.status } : {}),
          backlog: buffer.length,
        })
      }
      failing = true
      await backoff(wait)
    }
  })()

  const sink: OtlpSink = {
    async write(batch: Batch) {
      if (closed) return
      const lines: string[] = []
      for (const { line } of batchRecords(batch)) lines.push(line)
      const dropped = await buffer.append(lines, Date.now())
      if (dropped) {
        count('dropped', dropped)
        notice(
          'overflow',
          'error',
          `sink-otlp "${ctx.name}": buffer over its bound; dropped the ${dropped} oldest record(s). Raise buffer.maxBytes or fix the collector.`,
          {
            dropped,
          },
        )
      }
      if (buffer.length >= o.maxRecords) poke()
    },
    async flush() {
      const target = buffer.appended
      const deadline = Date.now() + o.flushTimeoutMs
      flushing++
      try {
        while (buffer.committed < target && Date.now() < deadline && !closed) {
          poke()
          await new Promise((r) => setTimeout(r, Math.min(20, Math.max(1, deadline - Date.now()))))
        }
      } finally {
        flushing--
      }
    },
    async close() {
      if (closed) return
      closed = true
      closing.abort()
      poke()
      // an export in flight gets a moment to finish; what is left stays in the buffer for next time
      const grace = setTimeout(() => stopping.abort(), 1000)
      await loop
      clearTimeout(grace)
      // buffer.close() waits for the last cursor write
      await buffer.close()
      await exporter.close()
    },
    command(name: string) {
      if (name === 'stats') return sink.stats()
      throw new Error(`sink-otlp: unknown command "${name}" (known: stats)`)
    },
    stats() {
      return { backlog: buffer.length, bufferedBytes: buffer.bytes, ...totals, ...(lastError ? { lastError: scrub(lastError) } : {}) }
    },
  }
  return sink
}
