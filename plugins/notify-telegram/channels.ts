/** Telegram channels from the options: the top-level chat, named chats, and accounts' own chats. */
import { NotifyErrors } from '../notify-common/errors.js'
import type { ChannelDef } from '../notify-common/notifier.js'
import type { TelegramOptions } from './schema.js'
import { isBotToken, sendMessageUrl, type TelegramTarget } from './transport.js'

const PLUGIN = 'notify-telegram'

export function telegramChannels(options: TelegramOptions): { channels: ChannelDef<TelegramTarget>[]; accountChannels: Map<string, string> } {
  if (typeof options.botToken !== 'string' || !isBotToken(options.botToken)) {
    throw NotifyErrors.CONFIG(PLUGIN, 'botToken is not a Telegram bot token (expected 123456789:AA…, from @BotFather).')
  }
  const url = sendMessageUrl(options.apiBaseUrl, options.botToken)
  const target = (chatId: string | number, messageThreadId?: number): TelegramTarget => ({
    url,
    chatId,
    ...(messageThreadId !== undefined ? { messageThreadId } : {}),
    format: options.format,
    silentInfo: options.silentInfo,
  })
  const channels: ChannelDef<TelegramTarget>[] = []
  const accountChannels = new Map<string, string>()
  if (options.chatId !== undefined) channels.push({ name: 'default', target: target(options.chatId, options.messageThreadId) })
  for (const [name, c] of Object.entries(options.channels ?? {})) {
    if (name === 'default' && options.chatId !== undefined)
      throw NotifyErrors.CONFIG(PLUGIN, 'channels.default duplicates the top-level chatId; use one of them.')
    channels.push({ name, target: target(c.chatId, c.messageThreadId), ...(c.rateLimit ? { rateLimit: c.rateLimit } : {}) })
  }
  for (const a of options.accounts ?? []) {
    const own = a.channels?.telegram as { enabled?: boolean; chat_id?: unknown; message_thread_id?: unknown } | undefined
    if (!own || own.enabled === false || (typeof own.chat_id !== 'string' && typeof own.chat_id !== 'number')) continue
    const name = `account:${a.account_id}`
    const max = a.rate_limit?.max_per_minute
    channels.push({
      name,
      target: target(own.chat_id, typeof own.message_thread_id === 'number' ? own.message_thread_id : undefined),
      ...(max !== undefined ? { rateLimit: { max, intervalMs: 60_000 } } : {}),
    })
    accountChannels.set(String(a.account_id), name)
  }
  if (channels.length === 0) {
    throw NotifyErrors.CONFIG(PLUGIN, "no chat configured. Set chatId, channels.<name>.chatId, or an account's channels.telegram.chat_id.")
  }
  return { channels, accountChannels }
}
