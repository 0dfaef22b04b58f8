/**
 * Options every notifier shares. The JSON schema is the single source of truth: ajv applies its
 * defaults in the host, `applyDefaults` applies the same ones when a worker is created directly
 * (tests), and the READMEs' option tables follow it.
 */
import type { WorkerCatalog } from '../../core/events/registry.js'
import type { JsonSchema } from '../../core/plugin.js'
import type { AccountSpec, RouteSpec } from './routing.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'

const levelSchema = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

export const rateLimitSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'token bucket per channel: at most `max` messages per `intervalMs` (0 = unlimited), bursts of `burst`',
  default: {},
  properties: {
    max: { type: 'integer', minimum: 0, default: 10 },
    intervalMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 60_000 },
    burst: { type: 'integer', minimum: 1 },
  },
}

export const commonProperties: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, description: 'sink name (status, testChannel); default the plugin name' },
  routes: {
    type: 'array',
    description: 'which records notify which channel; default: enforcement from info, system and error from warn',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        channel: { type: 'string', minLength: 1 },
        categories: { type: 'array', items: { type: 'string' } },
        minLevel: levelSchema,
        events: { type: 'array', items: { type: 'string' } },
        match: { type: 'object' },
      },
    },
  },
  accounts: {
    type: 'array',
    description: 'per-account preferences: account_id, account_name, channels, notify_on, rate_limit',
    items: {
      type: 'object',
      required: ['account_id'],
      properties: {
        account_id: { type: ['string', 'number'] },
        account_name: { type: 'string' },
        channels: { type: 'object' },
        notify_on: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enforcement_action: { type: 'boolean' },
            lockout: { type: 'boolean' },
            cooldown: { type: 'boolean' },
            connection_loss: { type: 'boolean' },
            daily_reset: { type: 'boolean' },
          },
        },
        rate_limit: {
          type: 'object',
          properties: { max_per_minute: { type: 'integer', minimum: 0 }, aggregate_similar: { type: 'boolean' } },
        },
      },
    },
  },
  rateLimit: rateLimitSchema,
  aggregate: {
    type: 'object',
    additionalProperties: false,
    default: {},
    description: 'similar events (same account and rule/event) within windowMs are folded into one summary; 0 disables',
    properties: { windowMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 5000 } },
  },
  retry: {
    type: 'object',
    additionalProperties: false,
    default: {},
    description: 'network errors and 5xx: tries in all, exponential backoff with jitter',
    properties: {
      tries: { type: 'integer', minimum: 1, maximum: 20, default: 3 },
      baseDelayMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 500 },
      maxDelayMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 15_000 },
    },
  },
  retryAfterCapMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 60_000, description: 'longest wait a 429 can impose' },
  breaker: {
    type: 'object',
    additionalProperties: false,
    default: {},
    description: 'circuit breaker: opens after `failures` failed deliveries in a row, probes after openMs (doubling to maxOpenMs)',
    properties: {
      failures: { type: 'integer', minimum: 1, default: 3 },
      openMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 30_000 },
      maxOpenMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 300_000 },
    },
  },
  spool: {
    type: 'object',
    additionalProperties: false,
    default: {},
    description: 'durable spool of undelivered alerts; dir relative to the config file (default .logwarden/spool/<name>)',
    properties: {
      enabled: { type: 'boolean', default: true },
      dir: { type: 'string', minLength: 1 },
      maxFiles: { type: 'integer', minimum: 1, default: 1000 },
    },
  },
  timeoutMs: { type: 'integer', minimum: 100, maximum: MAX_TIMER_MS, default: 10_000, description: 'per request (headers and body)' },
  flushTimeoutMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 3000, description: 'longest log.flush() waits for deliveries in progress' },
  timezone: { type: 'string', default: 'UTC', description: 'IANA zone of the Time field (`America/Chicago` shows CT)' },
  footer: { type: 'string', default: 'logwarden', description: 'footer text (Discord)' },
  ruleLabels: { type: 'object', additionalProperties: { type: 'string' }, default: {}, description: 'rule id → title text' },
}

export interface CommonOptions {
  name?: string
  apiBaseUrl: string
  routes?: RouteSpec[]
  accounts?: AccountSpec[]
  rateLimit: { max: number; intervalMs: number; burst?: number }
  aggregate: { windowMs: number }
  retry: { tries: number; baseDelayMs: number; maxDelayMs: number }
  retryAfterCapMs: number
  breaker: { failures: number; openMs: number; maxOpenMs: number }
  spool: { enabled: boolean; dir?: string; maxFiles: number }
  timeoutMs: number
  flushTimeoutMs: number
  timezone: string
  footer: string
  ruleLabels: Record<string, string>
  /** set by the plugin, not the user: the logger's event titles and templates (declare.ts) */
  eventCatalog?: WorkerCatalog
}

/** Fills schema defaults into a copy of `options` (nested objects with `default: {}` included). */
export function applyDefaults<T>(schema: JsonSchema, options: unknown): T {
  return fill(schema, options === undefined ? {} : structuredClone(options)) as T
}

function fill(schema: JsonSchema, value: unknown): unknown {
  const props = schema.properties as Record<string, JsonSchema> | undefined
  if (!props || typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const obj = value as Record<string, unknown>
  for (const [key, sub] of Object.entries(props)) {
    if (obj[key] === undefined && 'default' in sub) obj[key] = structuredClone(sub.default)
    if (obj[key] !== undefined) obj[key] = fill(sub, obj[key])
  }
  return obj
}
