/**
 * Options every notifier shares. The schema is the single source of their type, their defaults
 * (the core's ajv fills them in the host; lib/options `withDefaults` when a worker is created
 * directly, in tests) and the READMEs' option tables (npm run docs:options).
 */
import type { TObject, TString } from '@sinclair/typebox'
import { Default, Size, TimerMs, Type, type Resolved } from '../../lib/options/index.js'
import type { WorkerCatalog } from '../../core/events/registry.js'
import type { AccountSpec, RouteSpec } from './routing.js'

const levelSchema = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

export const rateLimitSchema = Type.Object(
  {
    max: Default(Type.Integer({ minimum: 0 }), 10),
    intervalMs: Default(TimerMs({ minimum: 1 }), 60_000),
    burst: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  {
    additionalProperties: false,
    description: 'token bucket per channel: at most `max` messages per `intervalMs` (0 = unlimited), bursts of `burst`',
  },
)

// routes and accounts are read by routing.ts, whose types they take
const routesSchema = Type.Unsafe<RouteSpec[]>({
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
})

const accountsSchema = Type.Unsafe<AccountSpec[]>({
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
})

export const commonProperties = {
  name: Type.Optional(Type.String({ minLength: 1, description: 'sink name (status, testChannel); default the plugin name' })),
  routes: Type.Optional(routesSchema),
  accounts: Type.Optional(accountsSchema),
  rateLimit: Default(rateLimitSchema, {}),
  aggregate: Default(
    Type.Object(
      { windowMs: Default(TimerMs(), 5000) },
      {
        additionalProperties: false,
        description: 'similar events (same account and rule/event) within windowMs are folded into one summary; 0 disables',
      },
    ),
    {},
  ),
  retry: Default(
    Type.Object(
      {
        tries: Default(Type.Integer({ minimum: 1, maximum: 20 }), 3),
        baseDelayMs: Default(TimerMs(), 500),
        maxDelayMs: Default(TimerMs(), 15_000),
      },
      { additionalProperties: false, description: 'network errors and 5xx: tries in all, exponential backoff with jitter' },
    ),
    {},
  ),
  retryAfterCapMs: Default(TimerMs({ description: 'longest wait a 429 can impose' }), 60_000),
  breaker: Default(
    Type.Object(
      {
        failures: Default(Type.Integer({ minimum: 1 }), 3),
        openMs: Default(TimerMs({ minimum: 1 }), 30_000),
        maxOpenMs: Default(TimerMs({ minimum: 1 }), 300_000),
      },
      {
        additionalProperties: false,
        description: 'circuit breaker: opens after `failures` failed deliveries in a row, probes after openMs (doubling to maxOpenMs)',
      },
    ),
    {},
  ),
  spool: Default(
    Type.Object(
      {
        enabled: Default(Type.Boolean(), true),
        dir: Type.Optional(Type.String({ minLength: 1 })),
        maxFiles: Default(Type.Integer({ minimum: 1 }), 1000),
      },
      {
        additionalProperties: false,
        description: 'durable spool of undelivered alerts; dir relative to the config file (default .logwarden/spool/<name>)',
      },
    ),
    {},
  ),
  history: Default(
    Type.Object(
      { maxSize: Default(Size({ description: 'bytes the two history files hold at most (e.g. "2MB")' }), '2MB') },
      {
        additionalProperties: false,
        description: 'the alert history `logwarden alerts` shows (sent, failed, silenced…), kept in the spool directory',
      },
    ),
    {},
  ),
  timeoutMs: Default(TimerMs({ minimum: 100, description: 'per request (headers and body)' }), 10_000),
  flushTimeoutMs: Default(TimerMs({ description: 'longest log.flush() waits for deliveries in progress' }), 3000),
  timezone: Default(Type.String({ description: 'IANA zone of the Time field (`America/Chicago` shows CT)' }), 'UTC'),
  footer: Default(Type.String({ description: 'footer text (Discord)' }), 'logwarden'),
  ruleLabels: Default(
    Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, description: 'rule id → title text' }),
    {},
  ),
}

/** What a notifier's worker receives: every default filled (`apiBaseUrl` comes from the plugin's own schema). */
export type CommonOptions = Resolved<TObject<typeof commonProperties & { apiBaseUrl: TString }>> & {
  /** set by the plugin, not the user: the logger's event titles and templates (declare.ts) */
  eventCatalog?: WorkerCatalog
  /** set by the plugin, not the user: the daemon's silences (declare.ts) */
  silencesFile?: string
}
