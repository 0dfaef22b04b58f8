import type { JsonSchema } from '../../core/plugin.js'
import { commonProperties, rateLimitSchema, type CommonOptions } from '../notify-common/schema.js'
import type { TelegramFormat } from './escape.js'
import { TELEGRAM_API } from './transport.js'

const chatId = { type: ['string', 'integer'], description: 'chat id (`-100…` for groups) or `@channelname`' }
const threadId = { type: 'integer', minimum: 1, description: 'forum topic (message_thread_id)' }

export const telegramSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    botToken: { type: 'string', minLength: 1, description: 'bot token from @BotFather (secret; use ${env:NAME})' },
    chatId,
    messageThreadId: threadId,
    format: { enum: ['MarkdownV2', 'HTML'], default: 'MarkdownV2', description: 'parse_mode of the messages' },
    silentInfo: { type: 'boolean', default: true, description: 'send info alerts with disable_notification' },
    apiBaseUrl: { type: 'string', minLength: 1, default: TELEGRAM_API, description: 'Bot API root; tests point it at a local server' },
    channels: {
      type: 'object',
      description: 'more named chats (`routes[].channel` selects one); the top-level chatId is channel `default`',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['chatId'],
        properties: { chatId, messageThreadId: threadId, rateLimit: rateLimitSchema },
      },
    },
    ...commonProperties,
  },
  required: ['botToken'],
}

export interface TelegramOptions extends CommonOptions {
  botToken: string
  chatId?: string | number
  messageThreadId?: number
  format: TelegramFormat
  silentInfo: boolean
  channels?: Record<string, { chatId: string | number; messageThreadId?: number; rateLimit?: CommonOptions['rateLimit'] }>
}
