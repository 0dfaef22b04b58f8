import type { JsonSchema } from '../../core/plugin.js'
import { commonProperties, rateLimitSchema, type CommonOptions } from '../notify-common/schema.js'
import { DISCORD_API } from './transport.js'

const destination = {
  webhookUrl: { type: 'string', minLength: 1, description: 'webhook URL (secret; use ${env:NAME})' },
  threadId: { type: 'string', pattern: '^[0-9]+$', description: "post into this thread of the webhook's channel" },
  username: { type: 'string', minLength: 1, maxLength: 80, description: 'display name of the webhook' },
  avatarUrl: { type: 'string', minLength: 1, description: 'avatar image URL' },
}

export const discordSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...destination,
    apiBaseUrl: { type: 'string', minLength: 1, default: DISCORD_API, description: 'versioned API root; tests point it at a local server' },
    channels: {
      type: 'object',
      description: 'more named webhooks (`routes[].channel` selects one); the top-level webhookUrl is channel `default`',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['webhookUrl'],
        properties: { ...destination, rateLimit: rateLimitSchema },
      },
    },
    ...commonProperties,
  },
}

export interface DiscordDestination {
  webhookUrl: string
  threadId?: string
  username?: string
  avatarUrl?: string
}

export interface DiscordOptions extends CommonOptions, Partial<DiscordDestination> {
  channels?: Record<string, DiscordDestination & { rateLimit?: CommonOptions['rateLimit'] }>
}
