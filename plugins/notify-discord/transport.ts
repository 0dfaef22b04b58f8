/**
 * Discord webhook transport: POST {apiBaseUrl}/webhooks/{id}/{token}?wait=true, and the reading of
 * Discord's answers: 429 bodies and rate-limit headers, 404 unknown webhook, 5xx.
 */
import { retryAfterHeaderMs, secondsToMs } from '../notify-common/backoff.js'
import { postJson, type HttpReply } from '../notify-common/http.js'
import type { Outgoing, SendResult, Transport } from '../notify-common/transport.js'
import type { Notification } from '../notify-common/types.js'
import { renderDiscord, type DiscordIdentity } from './render.js'

export const DISCORD_API = 'https://discord.com/api/v10'
export const REDACTED_WEBHOOK = 'https://discord.com/api/webhooks/…/[REDACTED]'

export interface DiscordTarget extends DiscordIdentity {
  /** full request URL; contains the webhook token: a secret */
  url: string
}

/** `https://discord.com/api[/vN]/webhooks/<id>/<token>[?thread_id=…]` → parts; undefined when it is not one. */
export function parseWebhookUrl(url: string): { id: string; token: string; threadId?: string } | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const m = /\/webhooks\/(\d+)\/([A-Za-z0-9_.-]+)\/?$/.exec(parsed.pathname)
  if (!m) return undefined
  // a URL copied with ?thread_id=… keeps posting into that thread
  const threadId = parsed.searchParams.get('thread_id')
  return { id: m[1], token: m[2], ...(threadId && /^\d+$/.test(threadId) ? { threadId } : {}) }
}

/** The versioned URL the notifier posts to: `?wait=true` so Discord confirms the message was created. */
export function webhookEndpoint(apiBaseUrl: string, id: string, token: string, threadId?: string): string {
  const q = new URLSearchParams({ wait: 'true' })
  if (threadId) q.set('thread_id', threadId)
  return `${apiBaseUrl.replace(/\/+$/, '')}/webhooks/${id}/${token}?${q}`
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : undefined
}

/** `Invalid Form Body (code 50035): embeds.0.title: Must be 256 or fewer in length.` — paths, never content. */
function errorDetail(reply: HttpReply): string {
  const body = reply.json as { message?: unknown; code?: unknown; errors?: unknown } | undefined
  let text = typeof body?.message === 'string' ? body.message : `HTTP ${reply.status}`
  if (body?.code !== undefined) text += ` (code ${String(body.code)})`
  const first = firstFormError(body?.errors, [])
  if (first) text += `: ${first}`
  return text.slice(0, 300)
}

function firstFormError(errors: unknown, path: string[]): string | undefined {
  if (typeof errors !== 'object' || errors === null) return undefined
  const e = errors as Record<string, unknown>
  if (Array.isArray(e._errors)) {
    const msg = (e._errors[0] as { message?: unknown } | undefined)?.message
    return `${path.join('.')}: ${typeof msg === 'string' ? msg : 'invalid'}`
  }
  for (const [k, v] of Object.entries(e)) {
    const found = firstFormError(v, [...path, k])
    if (found) return found
  }
  return undefined
}

export function classifyDiscord(reply: HttpReply): SendResult {
  const h = reply.headers
  const s = reply.status
  if (s >= 200 && s < 300) {
    return { outcome: 'ok', status: s, pace: { remaining: num(h['x-ratelimit-remaining']), resetAfterMs: secondsToMs(h['x-ratelimit-reset-after']) } }
  }
  if (s === 429) {
    const body = reply.json as { retry_after?: unknown; global?: unknown } | undefined
    const retryAfterMs = secondsToMs(body?.retry_after) ?? secondsToMs(h['x-ratelimit-reset-after']) ?? retryAfterHeaderMs(h['retry-after'])
    const global = body?.global === true || h['x-ratelimit-global'] === 'true' || h['x-ratelimit-scope'] === 'global'
    return { outcome: 'rate-limited', status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), global, detail: errorDetail(reply) }
  }
  // 404 Unknown Webhook (10015), 401 Invalid Webhook Token (50027): the webhook is gone
  if (s === 404 || s === 401) return { outcome: 'disable', status: s, detail: errorDetail(reply) }
  if (s >= 500 || s === 408) return { outcome: 'retry', status: s, detail: errorDetail(reply) }
  return { outcome: 'reject', status: s, detail: errorDetail(reply) }
}

export class DiscordTransport implements Transport<DiscordTarget> {
  readonly kind = 'notify-discord'
  readonly accountKey = 'discord'
  readonly hasPlainForm = true

  constructor(private readonly timeoutMs: number) {}

  render(n: Notification, target: DiscordTarget, plain: boolean): Outgoing[] {
    return renderDiscord(n, target, plain)
  }

  async send(part: Outgoing, target: DiscordTarget, signal: AbortSignal): Promise<SendResult> {
    const reply = await postJson(target.url, part.body, { timeoutMs: this.timeoutMs, signal })
    return classifyDiscord(reply)
  }
}
