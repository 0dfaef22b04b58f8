/**
 * Serializers for what web code logs, shaped like pino's `stdSerializers`: a node:http request
 * or response (or Express's, which extend them) becomes a small plain object instead of an
 * 8–15 KB dump of sockets and parsers; an error becomes `{ type, message, stack, … }`. Header
 * values that hold credentials (authorization, cookie) are removed by redaction like any field.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface SerializedRequest {
  id?: unknown
  method?: string
  url?: string
  headers?: Record<string, unknown>
  remoteAddress?: string
  remotePort?: number
}

export interface SerializedResponse {
  statusCode?: number
  headers?: Record<string, unknown>
}

export interface SerializedError {
  type: string
  message: string
  stack?: string
  code?: unknown
  cause?: unknown
  [key: string]: unknown
}

type Loose = Record<string, unknown>

/** pino's test: what has a method, headers and a socket is a request */
export function isRawRequest(o: Loose): boolean {
  return o.method !== undefined && o.headers !== undefined && o.socket !== undefined
}

export function isRawResponse(o: Loose): boolean {
  return typeof o.setHeader === 'function'
}

/** A request: id (Express/Fastify `req.id`), method, url (the original, before mounting), headers, peer. */
export function serializeRequest(req: IncomingMessage | Loose): SerializedRequest {
  const r = req as Loose & { socket?: { remoteAddress?: string; remotePort?: number } }
  const out: SerializedRequest = {}
  if (r.id !== undefined && typeof r.id !== 'function') out.id = r.id
  if (typeof r.method === 'string') out.method = r.method
  const url = typeof r.originalUrl === 'string' ? r.originalUrl : r.url
  if (typeof url === 'string') out.url = url
  if (r.headers !== null && typeof r.headers === 'object') out.headers = r.headers as Loose
  if (r.socket) {
    out.remoteAddress = r.socket.remoteAddress
    out.remotePort = r.socket.remotePort
  }
  return out
}

/** A response: status code and the headers set on it. */
export function serializeResponse(res: ServerResponse | Loose): SerializedResponse {
  const r = res as Loose & { getHeaders?: () => Loose }
  const out: SerializedResponse = {}
  if (typeof r.statusCode === 'number') out.statusCode = r.statusCode
  if (typeof r.getHeaders === 'function') out.headers = { ...r.getHeaders() }
  return out
}

/** An error as a plain object: type, message, stack, code, the cause chain and its own properties. */
export function serializeError(err: unknown, seen: Set<unknown> = new Set()): SerializedError | unknown {
  if (!(err instanceof Error) || seen.has(err)) return err
  seen.add(err)
  const out: SerializedError = { type: err.name || err.constructor?.name || 'Error', message: String(err.message) }
  if (err.stack) out.stack = err.stack
  for (const key of Object.keys(err)) if (key !== 'stack' && key !== 'message') out[key] = (err as unknown as Loose)[key]
  if (err.cause !== undefined) out.cause = serializeError(err.cause, seen)
  if (err instanceof AggregateError) out.aggregateErrors = err.errors.map((e) => serializeError(e, seen))
  return out
}

/** `pino.stdSerializers`' names: pass them as `serializers` to a logger, or call them directly. */
export const stdSerializers = Object.freeze({
  req: serializeRequest,
  res: serializeResponse,
  err: serializeError,
})
