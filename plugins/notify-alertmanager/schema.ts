/**
 * notify-alertmanager options: the notifiers' common options (routes, spool, retries, breaker) plus
 * where the Alertmanagers are, which labels an alert carries, and how alerts resolve.
 */
import type { JsonSchema } from '../../core/plugin.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'
import { commonProperties, type CommonOptions } from '../notify-common/schema.js'

// Alertmanager groups, deduplicates and throttles itself: every alert goes at once, one by one
// (no rate limit, no folding into summaries), and there is no footer
const { rateLimit: _rateLimit, aggregate: _aggregate, footer: _footer, ...notifierProperties } = commonProperties

const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$'

/** Pairs the plugin knows out of the box: the firing event(s) → the event that ends them. */
export const DEFAULT_RESOLVE: ResolvePair[] = [
  { firing: ['threshold_exceeded'], resolvedBy: 'threshold_recovered' },
  { firing: ['health_check_failed'], resolvedBy: 'health_check_recovered' },
  { firing: ['lockout', 'lock_account'], resolvedBy: 'lockout_lifted' },
  { firing: ['connection_lost'], resolvedBy: 'connection_restored' },
  { firing: ['log_write_failed'], resolvedBy: 'log_write_recovered' },
  { firing: ['log_rotation_failed'], resolvedBy: 'log_rotation_recovered' },
]

export const alertmanagerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: {
      description: 'Alertmanager base URL, or a list (an HA cluster: every alert goes to each), e.g. `http://alertmanager:9093`',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      ],
    },
    staticLabels: {
      type: 'object',
      default: {},
      description: 'labels on every alert (`service`, `env`, `instance`); never a process id, so the same alert from two processes is one alert',
      propertyNames: { pattern: LABEL_NAME },
      additionalProperties: { type: 'string' },
    },
    labelFields: {
      type: 'array',
      default: ['account_id', 'rule'],
      description: 'record fields (top level or under `details`, dots for nesting) that become labels when present',
      items: { type: 'string', minLength: 1 },
    },
    generatorURL: {
      type: 'string',
      minLength: 1,
      description: "link on each alert; `{field}` is replaced by the record's field (URL-encoded), e.g. `https://grafana/explore?event_id={event_id}`",
    },
    resolve: {
      type: 'array',
      description: 'which event ends which alert; a resolving record sends `endsAt` for the matching firing alerts (same labels)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['firing', 'resolvedBy'],
        properties: {
          firing: {
            anyOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            ],
          },
          resolvedBy: { type: 'string', minLength: 1 },
        },
      },
    },
    resendIntervalMs: {
      type: 'integer',
      minimum: 1000,
      maximum: MAX_TIMER_MS,
      default: 60_000,
      description: 'an unresolved alert is sent again this often; it carries endsAt = now + 4 intervals, so it resolves by itself if the process dies',
    },
    eventTtlMs: {
      type: 'integer',
      minimum: 1000,
      maximum: MAX_TIMER_MS,
      default: 300_000,
      description: 'an event nothing resolves (an enforcement) is sent once, ending this long after it is delivered',
    },
    maxActiveMs: {
      type: 'integer',
      minimum: 1000,
      maximum: MAX_TIMER_MS,
      default: 86_400_000,
      description: 'an alert still unresolved after this long is no longer re-sent (it then ends by itself)',
    },
    basicAuth: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password'],
      description: 'HTTP basic auth (password from `${env:NAME}`)',
      properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
    },
    bearerToken: { type: 'string', minLength: 1, description: 'Authorization: Bearer token (secret; use `${env:NAME}`)' },
    tls: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'HTTPS: caFile, certFile + keyFile (client certificate), servername, rejectUnauthorized',
      properties: {
        caFile: { type: 'string', minLength: 1, lwPath: 'file' },
        certFile: { type: 'string', minLength: 1, lwPath: 'file' },
        keyFile: { type: 'string', minLength: 1, lwPath: 'file' },
        servername: { type: 'string', minLength: 1 },
        rejectUnauthorized: { type: 'boolean', default: true },
      },
    },
    ...notifierProperties,
  },
}

export interface ResolvePair {
  firing: string | string[]
  resolvedBy: string
}

export interface AlertmanagerOptions extends Omit<CommonOptions, 'apiBaseUrl' | 'rateLimit' | 'aggregate' | 'footer'> {
  url: string | string[]
  staticLabels: Record<string, string>
  labelFields: string[]
  generatorURL?: string
  resolve?: ResolvePair[]
  resendIntervalMs: number
  eventTtlMs: number
  maxActiveMs: number
  basicAuth?: { username: string; password: string }
  bearerToken?: string
  tls: { caFile?: string; certFile?: string; keyFile?: string; servername?: string; rejectUnauthorized: boolean }
}
