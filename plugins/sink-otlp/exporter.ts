/**
 * One OTLP/HTTP export request and the reading of its answer, per the OTLP spec: 2xx is accepted
 * (a partial_success says how many records the collector still rejected); 429, 502, 503, 504 and
 * network errors are retried (honouring Retry-After); every other status, 400 included, is final.
 */
import { gzipSync } from 'node:zlib'
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer'
import { Agent, request } from 'undici'
import type { OtelLogRecord } from './mapping.js'

export type ExportResult =
  | { kind: 'ok'; status: number; rejected: number; message?: string }
  | { kind: 'retry'; status?: number; retryAfterMs?: number; detail: string }
  | { kind: 'drop'; status: number; detail: string }

type Serializer = typeof JsonLogsSerializer
type SerializerInput = Parameters<Serializer['serializeRequest']>[0]

const RETRYABLE = new Set([429, 502, 503, 504])
const MAX_REPLY = 64 * 1024

export interface ExporterOptions {
  url: string
  encoding: 'json' | 'protobuf'
  headers: Record<string, string>
  gzip: boolean
  timeoutMs: number
}

/** Retry-After: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (v === undefined || v.trim() === '') return undefined
  const n = Number(v.trim())
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n * 1000)
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export class OtlpExporter {
  readonly #serializer: Serializer
  readonly #agent = new Agent({ keepAliveTimeout: 30_000, connections: 2 })
  readonly #headers: Record<string, string>

  constructor(private readonly o: ExporterOptions) {
    this.#serializer = o.encoding === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer
    this.#headers = {
      ...o.headers,
      'content-type': o.encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json',
      'user-agent': 'logwarden-otlp/0.1',
      ...(o.gzip ? { 'content-encoding': 'gzip' } : {}),
    }
  }

  /** The request body for these records (gzipped when configured). */
  encode(records: OtelLogRecord[]): Uint8Array {
    const body = this.#serializer.serializeRequest(records as unknown as SerializerInput)
    if (!body) throw new Error('the OTLP serializer produced no body')
    return this.o.gzip ? gzipSync(body) : body
  }

  async send(body: Uint8Array, signal: AbortSignal): Promise<ExportResult> {
    let status: number
    let headers: Record<string, string | string[] | undefined>
    const chunks: Buffer[] = []
    try {
      const res = await request(this.o.url, {
        method: 'POST',
        dispatcher: this.#agent,
        headers: this.#headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs), signal]),
        headersTimeout: this.o.timeoutMs,
        bodyTimeout: this.o.timeoutMs,
      })
      status = res.statusCode
      headers = res.headers
      let size = 0
      for await (const c of res.body) {
        if (size < MAX_REPLY) chunks.push(c as Buffer)
        size += (c as Buffer).length
      }
    } catch (err) {
      return { kind: 'retry', detail: (err as Error).message }
    }
    const reply = Buffer.concat(chunks)
    if (status >= 200 && status < 300) {
      const partial = this.#partial(reply, headers['content-type'])
      return { kind: 'ok', status, rejected: partial.rejected, ...(partial.message ? { message: partial.message } : {}) }
    }
    const detail = `HTTP ${status}${this.#statusMessage(reply, headers['content-type'])}`
    if (RETRYABLE.has(status)) {
      const wait = retryAfterMs(headers['retry-after'])
      return { kind: 'retry', status, ...(wait !== undefined ? { retryAfterMs: wait } : {}), detail }
    }
    return { kind: 'drop', status, detail }
  }

  /** partial_success of an ExportLogsServiceResponse, in the encoding the collector answered in. */
  #partial(reply: Buffer, contentType: string | string[] | undefined): { rejected: number; message?: string } {
    if (reply.length === 0) return { rejected: 0 }
    const type = String(contentType ?? '')
    try {
      const res = type.includes('protobuf') ? ProtobufLogsSerializer.deserializeResponse(reply) : JsonLogsSerializer.deserializeResponse(reply)
      const p = res.partialSuccess
      const rejected = Number(p?.rejectedLogRecords ?? 0)
      return { rejected: Number.isFinite(rejected) ? rejected : 0, ...(p?.errorMessage ? { message: String(p.errorMessage) } : {}) }
    } catch {
      return { rejected: 0 }
    }
  }

  /** the collector's google.rpc.Status message, when it sent one as JSON */
  #statusMessage(reply: Buffer, contentType: string | string[] | undefined): string {
    if (!String(contentType ?? '').includes('json')) return ''
    try {
      const msg = (JSON.parse(reply.toString('utf8')) as { message?: unknown }).message
      return typeof msg === 'string' && msg ? `: ${msg.slice(0, 300)}` : ''
    } catch {
      return ''
    }
  }

  close(): Promise<void> {
    return this.#agent.close()
  }
}
