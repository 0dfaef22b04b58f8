/** The control plugin's options: the schema is the single source of the defaults and the README table. */
import type { JsonSchema } from '../../core/plugin.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'

export interface ControlOptions {
  host: string
  port: number
  allowRemote: boolean
  recent: number
  rateLimit: { max: number; windowMs: number; maxAuthFailures: number }
  minFreeBytes: number
  adminWithoutAuth: boolean
  stop: 'exit' | 'close'
  tail: { maxClients: number; maxBufferBytes: number; heartbeatMs: number }
}

export const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'address to listen on; a non-loopback one needs allowRemote and an auth plugin' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 5555, description: 'TCP port (0 = any free port; read it with controlUrl())' },
    allowRemote: { type: 'boolean', default: false, description: 'allow a non-loopback host (refused without an auth plugin listed before control)' },
    recent: { type: 'integer', minimum: 1, maximum: 100_000, default: 200, description: 'records kept per category for /recent and the /tail backlog' },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'per client (token, claimed token, else remote address); the login routes are outside it',
      properties: {
        max: { type: 'integer', minimum: 1, default: 100, description: 'requests per window' },
        windowMs: { type: 'integer', minimum: 100, maximum: MAX_TIMER_MS, default: 60_000, description: 'window length' },
        maxAuthFailures: {
          type: 'integer',
          minimum: 1,
          default: 10,
          description:
            'failed authentications per window per claimed principal or token (never per address) before its further failures get 429; a valid proof always passes',
        },
      },
    },
    minFreeBytes: {
      type: 'integer',
      minimum: 0,
      default: 100 * 1024 * 1024,
      description: 'free disk below this (under a log directory) fails the disk health check',
    },
    adminWithoutAuth: {
      type: 'boolean',
      default: false,
      description: 'without an auth plugin, allow the admin endpoints to any local client (trusted single-user machines only)',
    },
    stop: {
      enum: ['exit', 'close'],
      default: 'exit',
      description: "POST /admin/stop: flush, answer, then 'exit' the process with 0 (the exit drain writes what was logged since), or only 'close' the logger",
    },
    tail: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'live /tail streams',
      properties: {
        maxClients: { type: 'integer', minimum: 1, default: 32, description: 'concurrent /tail streams' },
        maxBufferBytes: {
          type: 'integer',
          minimum: 1024,
          default: 1024 * 1024,
          description: "a stream's unsent bytes before records are dropped for it (and counted)",
        },
        heartbeatMs: { type: 'integer', minimum: 100, maximum: MAX_TIMER_MS, default: 15_000, description: 'keep-alive interval of an idle stream' },
      },
    },
  },
}
