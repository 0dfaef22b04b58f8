/**
 * Any HTTP method with any headers, on the shared keep-alive agent, and the usual reading of a
 * webhook API's status codes. For transports that are not a plain JSON POST (a custom webhook).
 */
import { request } from 'undici'
import { retryAfterHeaderMs, secondsToMs } from './backoff.js'
import { sharedAgent, type HttpReply } from './http.js'
import type { SendResult } from './transport.js'

const MAX_BODY = 64 * 1024

export interface SendOptions {
  method?: string
  headers?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

/** Resolves with the reply for every HTTP status; rejects on network errors, timeouts and aborts (retried). */
export async function sendHttp(url: string, body: string, opts: SendOptions): Promise<HttpReply> {
  const signals = [AbortSignal.timeout(opts.timeoutMs)]
  if (opts.signal) signals.push(opts.signal)
  const res = await request(url, {
    method: (opts.method ?? 'POST') as 'POST',
    dispatcher: sharedAgent(),
    headers: { 'content-type': 'application/json', 'user-agent': 'logwarden-notify/0.1', ...opts.headers },
    body,
    signal: AbortSignal.any(signals),
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  })
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res.body) {
    if (size < MAX_BODY) chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY)
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  return { status: res.statusCode, headers, json, text }
}

/**
 * The common reading of a webhook's answer: 2xx sent; 429 waits `Retry-After` (seconds or a date);
 * 404 and 410 (the webhook was deleted) stop the channel; 5xx and 408 retry with backoff; any
 * other 4xx drops the alert (counted). `detail` is the status and a short, secret-free excerpt.
 */
export function classifyReply(reply: HttpReply): SendResult {
  const s = reply.status
  const detail = `HTTP ${s}${reply.text ? `: ${reply.text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`
  if (s >= 200 && s < 300) return { outcome: 'ok', status: s }
  if (s === 429) {
    const retryAfterMs = retryAfterHeaderMs(reply.headers['retry-after']) ?? secondsToMs((reply.json as { retry_after?: unknown } | undefined)?.retry_after)
    return { outcome: 'rate-limited', status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), detail }
  }
  if (s === 404 || s === 410) return { outcome: 'disable', status: s, detail }
  if (s >= 500 || s === 408) return { outcome: 'retry', status: s, detail }
  return { outcome: 'reject', status: s, detail }
}
