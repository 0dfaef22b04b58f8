/**
 * The usual reading of a webhook API's status codes, for transports built on the notifier kit
 * (sendHttp, any method and headers, lives with the shared agent in http.ts).
 */
import { retryAfterHeaderMs, secondsToMs } from './backoff.js'
import type { HttpReply } from './http.js'
import type { SendResult } from './transport.js'

export { sendHttp, type SendOptions } from './http.js'

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
