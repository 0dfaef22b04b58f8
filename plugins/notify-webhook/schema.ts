import type { JsonSchema } from '../../core/plugin.js'
import { notifierSchema, type NotifierOptions } from '../notify-common/index.js'

export const PRESETS = ['json', 'slack', 'teams'] as const
export type Preset = (typeof PRESETS)[number]

export const webhookSchema: JsonSchema = notifierSchema(
  {
    url: { type: 'string', minLength: 1, description: 'webhook URL (secret; use ${env:NAME})' },
    preset: {
      type: 'string',
      enum: [...PRESETS],
      default: 'json',
      description: '`slack` (incoming webhook), `teams` (incoming webhook, MessageCard) or `json` (your own body template)',
    },
    method: { type: 'string', enum: ['POST', 'PUT', 'PATCH'], default: 'POST', description: 'HTTP method' },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      description: 'extra request headers; values are secrets (use ${env:NAME} for tokens)',
    },
    body: {
      description:
        'preset json: the request body, any JSON; strings may hold {{title}}, {{description}}, {{severity}}, {{timestamp}}, {{footer}}, {{text}}, {{fieldsText}}; a string that is exactly "{{fields}}" becomes the [{ name, value }] list',
    },
  },
  ['url'],
)

export interface WebhookOptions extends NotifierOptions {
  url: string
  preset: Preset
  method: 'POST' | 'PUT' | 'PATCH'
  headers: Record<string, string>
  body?: unknown
  footer: string
}
