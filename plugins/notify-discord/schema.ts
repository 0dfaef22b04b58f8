/** notify-discord's options: the schema is the single source of their type, defaults and README table. */
import type { Static } from '@sinclair/typebox'
import { Default, Type, type Resolved } from '../../lib/options/index.js'
import { commonProperties, rateLimitSchema } from '../notify-common/schema.js'
import { DISCORD_API } from './transport.js'

const destination = {
  webhookUrl: Type.String({ minLength: 1, description: 'webhook URL (secret; use ${env:NAME})' }),
  threadId: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: "post into this thread of the webhook's channel" })),
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'display name of the webhook' })),
  avatarUrl: Type.Optional(Type.String({ minLength: 1, description: 'avatar image URL' })),
}

const channel = Type.Object({ ...destination, rateLimit: Default(rateLimitSchema, {}) }, { additionalProperties: false })

export const discordSchema = Type.Object(
  {
    ...destination,
    webhookUrl: Type.Optional(destination.webhookUrl),
    apiBaseUrl: Default(Type.String({ minLength: 1, description: 'versioned API root; tests point it at a local server' }), DISCORD_API),
    channels: Type.Optional(
      Type.Record(Type.String(), channel, {
        docType: '`{ [name]: { webhookUrl, threadId?, username?, avatarUrl?, rateLimit? } }`',
        description: 'more named webhooks (`routes[].channel` selects one); the top-level webhookUrl is channel `default`',
      }),
    ),
    ...commonProperties,
  },
  { additionalProperties: false },
)

export type DiscordDestination = Static<typeof channel>
/** as the sink receives them: a named channel's own defaults (its `rateLimit`) are filled too */
export type DiscordOptions = Omit<Resolved<typeof discordSchema>, 'channels'> & { channels?: Record<string, Resolved<typeof channel>> }
