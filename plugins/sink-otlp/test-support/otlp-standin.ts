/**
 * Test support: a strict OTLP/HTTP logs receiver. It decodes protobuf bodies with the official
 * opentelemetry-proto definitions (the .proto files @elastic/mockotlpserver ships, loaded with
 * protobufjs) and checks JSON bodies against the same definitions (every key a field of its
 * message, ids in hex as OTLP/JSON requires), and answers what the test scripts: 503 with
 * Retry-After, 429, 400, or a partial success.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { gunzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)
type Any = any
const { getProtoRoot } = require('@elastic/mockotlpserver/lib/proto.js') as { getProtoRoot(): Any }
const root = getProtoRoot()
// the .proto files shipped predate LogRecord.event_name (opentelemetry-proto 1.5.0 added it as
// `string event_name = 12;`): add that one field exactly as upstream defines it
const protobuf = createRequire(require.resolve('@elastic/mockotlpserver'))('protobufjs') as { Field: new (name: string, id: number, type: string) => Any }
const LogRecordType = root.lookupType('opentelemetry.proto.logs.v1.LogRecord')
if (!LogRecordType.fieldsById[12]) LogRecordType.add(new protobuf.Field('eventName', 12, 'string'))
const RequestType = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest')
const ResponseType = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse')

/** An AnyValue, decoded: the one field that is set. */
export type Value = {
  stringValue?: string
  intValue?: string
  doubleValue?: number
  boolValue?: boolean
  kvlistValue?: { values: KeyValue[] }
  arrayValue?: { values: Value[] }
}
export interface KeyValue {
  key: string
  value: Value
}

export interface LogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber?: number
  severityText?: string
  body?: Value
  attributes?: KeyValue[]
  traceId?: string
  spanId?: string
  flags?: number
  eventName?: string
}

export interface ExportRequest {
  resourceLogs: Array<{ resource: { attributes: KeyValue[] }; scopeLogs: Array<{ scope?: { name: string; version?: string }; logRecords: LogRecord[] }> }>
}

export interface Received {
  encoding: 'json' | 'protobuf'
  gzip: boolean
  headers: http.IncomingHttpHeaders
  request: ExportRequest
  /** what the stand-in answered */
  status: number
  /** performance.now() when it arrived */
  at: number
}

export type Reply = { status: number; retryAfter?: string; partial?: { rejectedLogRecords: number; errorMessage: string } }

const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true }

function b64ToHex(v: unknown): unknown {
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v
}
function hexToB64(v: unknown): unknown {
  if (typeof v !== 'string') return v
  if (!/^[0-9a-f]*$/.test(v) || v.length % 2) throw new Error(`id "${v}" is not lowercase hex as OTLP/JSON requires`)
  return Buffer.from(v, 'hex').toString('base64')
}

/** Every key of a JSON object must be a field of the message type it stands for. */
function checkKeys(value: Any, type: Any, path: string): void {
  if (value === null || typeof value !== 'object') return
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key]
    if (!field) throw new Error(`${path}.${key}: not a field of ${type.name}`)
    field.resolve()
    if (!field.resolvedType || !field.resolvedType.fields) continue
    if (Array.isArray(v)) v.forEach((item, i) => checkKeys(item, field.resolvedType, `${path}.${key}[${i}]`))
    else checkKeys(v, field.resolvedType, `${path}.${key}`)
  }
}

function mapIds(req: Any, fn: (v: unknown) => unknown): void {
  for (const rl of req.resourceLogs ?? [])
    for (const sl of rl.scopeLogs ?? [])
      for (const lr of sl.logRecords ?? []) {
        if (lr.traceId !== undefined) lr.traceId = fn(lr.traceId)
        if (lr.spanId !== undefined) lr.spanId = fn(lr.spanId)
      }
}

/** OTLP/JSON: 64-bit times are decimal strings (protobufjs' verify would want numbers, so this is checked here) */
function checkTimes(req: Any): void {
  for (const rl of req.resourceLogs ?? [])
    for (const sl of rl.scopeLogs ?? [])
      for (const lr of sl.logRecords ?? []) {
        for (const k of ['timeUnixNano', 'observedTimeUnixNano']) {
          if (lr[k] !== undefined && !(typeof lr[k] === 'string' && /^\d+$/.test(lr[k])))
            throw new Error(`${k}: ${JSON.stringify(lr[k])} is not a decimal string`)
        }
      }
}

export function decodeProtobuf(body: Uint8Array): ExportRequest {
  const obj = RequestType.toObject(RequestType.decode(body), TO_OBJECT)
  mapIds(obj, b64ToHex)
  return obj as ExportRequest
}

export function decodeJson(body: Uint8Array): ExportRequest {
  const json = JSON.parse(Buffer.from(body).toString('utf8'))
  checkKeys(json, RequestType, 'request')
  checkTimes(json)
  mapIds(json, hexToB64)
  const obj = RequestType.toObject(RequestType.fromObject(json), TO_OBJECT)
  mapIds(obj, b64ToHex)
  return obj as ExportRequest
}

export class OtlpStandIn {
  readonly received: Received[] = []
  /** bodies it could not decode (a test fails on any) */
  readonly invalid: string[] = []
  readonly #script: Reply[] = []
  #server = http.createServer((req, res) => this.#handle(req, res))
  url = ''

  /** the next answers, in order; afterwards 200 */
  reply(...replies: Reply[]): this {
    this.#script.push(...replies)
    return this
  }

  /** records of the requests it accepted (2xx), flattened */
  get accepted(): LogRecord[] {
    return this.received.filter((r) => r.status < 300).flatMap((r) => r.request.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)))
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/logs') {
        res.writeHead(404).end()
        return
      }
      const type = String(req.headers['content-type'])
      const encoding = type === 'application/x-protobuf' ? 'protobuf' : type === 'application/json' ? 'json' : undefined
      const gzip = req.headers['content-encoding'] === 'gzip'
      let request: ExportRequest
      try {
        if (!encoding) throw new Error(`content-type ${type}`)
        const body = gzip ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks)
        request = encoding === 'protobuf' ? decodeProtobuf(body) : decodeJson(body)
      } catch (err) {
        this.invalid.push((err as Error).message)
        this.#answer(res, encoding ?? 'json', { status: 400 })
        return
      }
      const reply = this.#script.shift() ?? { status: 200 }
      this.received.push({ encoding, gzip, headers: req.headers, request, status: reply.status, at: performance.now() })
      this.#answer(res, encoding, reply)
    })
  }

  #answer(res: http.ServerResponse, encoding: 'json' | 'protobuf', reply: Reply): void {
    const headers: Record<string, string> = {}
    if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter
    if (reply.status >= 300) {
      res
        .writeHead(reply.status, { ...headers, 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 14, message: `stand-in says ${reply.status}` }))
      return
    }
    const response = reply.partial ? { partialSuccess: reply.partial } : {}
    if (encoding === 'protobuf') {
      res
        .writeHead(reply.status, { ...headers, 'content-type': 'application/x-protobuf' })
        .end(Buffer.from(ResponseType.encode(ResponseType.fromObject(response)).finish()))
    } else {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(response))
    }
  }
}

/** attributes → plain object (kvlists and arrays unwrapped), for field-by-field checks */
export function plain(v: Value | undefined): unknown {
  if (!v) return undefined
  if (v.stringValue !== undefined) return v.stringValue
  if (v.intValue !== undefined) return Number(v.intValue)
  if (v.doubleValue !== undefined) return v.doubleValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.kvlistValue) return attrs(v.kvlistValue.values)
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain)
  return null
}

export function attrs(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]))
}
