/**
 * One keep-alive undici Agent per worker thread, shared by every notifier in it, so alerts reuse
 * warm TLS connections instead of opening one per message.
 */
import { Agent, request } from 'undici'

let shared: Agent | undefined

export function sharedAgent(): Agent {
  shared ??= new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connections: 16,
    pipelining: 1,
  })
  return shared
}

export interface HttpReply {
  status: number
  headers: Record<string, string>
  /** parsed JSON body, or undefined when the body was not JSON */
  json: unknown
  text: string
}

const MAX_BODY = 64 * 1024

export interface SendOptions {
  method?: string
  headers?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Any HTTP method with any headers (a JSON POST by default). Resolves with the reply for every
 * HTTP status; rejects on network errors, timeouts and aborts (the caller classifies those as
 * retryable and scrubs their messages).
 */
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

/** POSTs a JSON body (Discord, Telegram): sendHttp with no extra headers. */
export function postJson(url: string, body: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<HttpReply> {
  return sendHttp(url, body, opts)
}
