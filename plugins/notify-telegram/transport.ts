/**
 * Telegram Bot API transport: POST {apiBaseUrl}/bot<token>/sendMessage and the reading of its
 * answers: `{ ok:false, error_code, description, parameters: { retry_after, migrate_to_chat_id } }`.
 */
import { retryAfterHeaderMs, secondsToMs } from '../notify-common/backoff.js'
import { postJson, type HttpReply } from '../notify-common/http.js'
import type { Outgoing, SendResult, Transport } from '../notify-common/transport.js'
import type { Notification } from '../notify-common/types.js'
import type { TelegramFormat } from './escape.js'
import { renderTelegram } from './render.js'

export const TELEGRAM_API = 'https://api.telegram.org'

export interface TelegramTarget {
  /** `{apiBaseUrl}/bot<token>/sendMessage`: contains the token, a secret */
  url: string
  chatId: string | number
  messageThreadId?: number
  format: TelegramFormat
  /** send info alerts without sound */
  silentInfo: boolean
}

/** A bot token looks like `123456789:AA…` (digits, colon, 30+ URL-safe characters). */
export function isBotToken(token: string): boolean {
  return /^\d+:[A-Za-z0-9_-]{20,}$/.test(token)
}

export function sendMessageUrl(apiBaseUrl: string, token: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`
}

interface TelegramError {
  ok?: boolean
  error_code?: number
  description?: string
  parameters?: { retry_after?: number; migrate_to_chat_id?: number }
}

function detail(reply: HttpReply): string {
  const body = reply.json as TelegramError | undefined
  return (typeof body?.description === 'string' ? body.description : `HTTP ${reply.status}`).slice(0, 300)
}

export function classifyTelegram(reply: HttpReply): SendResult {
  const s = reply.status
  const body = reply.json as TelegramError | undefined
  if (s >= 200 && s < 300 && body?.ok !== false) return { outcome: 'ok', status: s }
  if (s === 429) {
    const retryAfterMs = secondsToMs(body?.parameters?.retry_after) ?? retryAfterHeaderMs(reply.headers['retry-after'])
    return { outcome: 'rate-limited', status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), detail: detail(reply) }
  }
  const to = body?.parameters?.migrate_to_chat_id
  if (to !== undefined && to !== null) return { outcome: 'migrate', status: s, migrateTo: String(to), detail: detail(reply) }
  // 401 bad token, 403 bot blocked or removed from the chat, 404 no such bot: nothing will get through
  if (s === 401 || s === 403 || s === 404) return { outcome: 'disable', status: s, detail: detail(reply) }
  if (s >= 500 || s === 408) return { outcome: 'retry', status: s, detail: detail(reply) }
  return { outcome: 'reject', status: s, detail: detail(reply) }
}

export class TelegramTransport implements Transport<TelegramTarget> {
  readonly kind = 'notify-telegram'
  readonly accountKey = 'telegram'
  readonly hasPlainForm = true

  constructor(private readonly timeoutMs: number) {}

  render(n: Notification, target: TelegramTarget, plain: boolean): Outgoing[] {
    const mode = plain ? 'plain' : target.format
    const silent = n.silent ?? (target.silentInfo && n.severity === 'info')
    return renderTelegram(n, mode).map((text) => {
      const payload = {
        chat_id: target.chatId,
        text,
        ...(mode !== 'plain' ? { parse_mode: mode } : {}),
        ...(target.messageThreadId !== undefined ? { message_thread_id: target.messageThreadId } : {}),
        ...(silent ? { disable_notification: true } : {}),
        link_preview_options: { is_disabled: true },
      }
      const body = JSON.stringify(payload)
      return { body, describe: `${mode} text (${text.length} chars, ${Buffer.byteLength(body)} bytes)` }
    })
  }

  async send(part: Outgoing, target: TelegramTarget, signal: AbortSignal): Promise<SendResult> {
    const reply = await postJson(target.url, part.body, { timeoutMs: this.timeoutMs, signal })
    return classifyTelegram(reply)
  }

  migrate(target: TelegramTarget, to: string): Record<string, unknown> {
    const from = String(target.chatId)
    target.chatId = /^-?\d+$/.test(to) ? Number(to) : to
    return { from, to }
  }
}
