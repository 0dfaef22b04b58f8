/** notify-telegram's options: the schema is the single source of their type, defaults and README table. */
import { Default, StringEnum, Type, type Resolved } from '../../lib/options/index.js'
import { commonProperties, rateLimitSchema } from '../notify-common/schema.js'
import { TELEGRAM_API } from './transport.js'

const chatId = Type.Unsafe<string | number>({ type: ['string', 'integer'], description: 'chat id (`-100…` for groups) or `@channelname`' })
const threadId = Type.Integer({ minimum: 1, description: 'forum topic (message_thread_id)' })

const channel = Type.Object({ chatId, messageThreadId: Type.Optional(threadId), rateLimit: Default(rateLimitSchema, {}) }, { additionalProperties: false })

export const telegramSchema = Type.Object(
  {
    botToken: Type.String({ minLength: 1, description: 'bot token from @BotFather (secret; use ${env:NAME})' }),
    chatId: Type.Optional(chatId),
    messageThreadId: Type.Optional(threadId),
    format: Default(StringEnum(['MarkdownV2', 'HTML'], { description: 'parse_mode of the messages' }), 'MarkdownV2'),
    silentInfo: Default(Type.Boolean({ description: 'send info alerts with disable_notification' }), true),
    apiBaseUrl: Default(Type.String({ minLength: 1, description: 'Bot API root; tests point it at a local server' }), TELEGRAM_API),
    channels: Type.Optional(
      Type.Record(Type.String(), channel, {
        docType: '`{ [name]: { chatId, messageThreadId?, rateLimit? } }`',
        description: 'more named chats (`routes[].channel` selects one); the top-level chatId is channel `default`',
      }),
    ),
    ...commonProperties,
  },
  { additionalProperties: false },
)

/** as the sink receives them: a named channel's own defaults (its `rateLimit`) are filled too */
export type TelegramOptions = Omit<Resolved<typeof telegramSchema>, 'channels'> & { channels?: Record<string, Resolved<typeof channel>> }
