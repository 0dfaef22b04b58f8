/**
 * The options schema (single source of truth for validation, README table and types) and the
 * resolved options the worker receives. ajv applies the defaults before apply() runs.
 */
import type { JsonSchema } from '../../core/plugin.js'
import type { FacilityName } from './rfc5424.js'
import { MAX_TIMER_MS } from '../../lib/util/index.js'

const levelSchema = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

/** SD-NAME (RFC 5424 §6.3.3): 1–32 printable US-ASCII except `=`, space, `]` and `"`. */
const SD_NAME_PATTERN = '^[\\x21\\x23-\\x3c\\x3e-\\x5c\\x5e-\\x7e]{1,32}$'

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, description: 'sink instance name (status, testChannel); default `sink-eventlog`' },
    minLevel: { ...levelSchema, default: 'critical', description: 'lowest level sent' },
    categories: {
      anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string' }, uniqueItems: true }],
      default: '*',
      description: 'categories sent (`*` = all)',
    },
    target: {
      enum: ['windows', 'syslog'],
      description: '`windows` (Application event log) or `syslog`; default `windows` on win32, else `syslog`',
    },
    appName: {
      type: 'string',
      minLength: 1,
      maxLength: 48,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'syslog APP-NAME (default: `source`, else `logwarden`)',
    },
    source: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$',
      description: 'Windows event source (default: `appName`, else `logwarden`)',
    },
    eventId: { type: 'integer', minimum: 0, maximum: 65535, default: 1000, description: 'Windows event id' },
    facility: {
      enum: ['user', 'daemon', 'auth', 'authpriv', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
      default: 'user',
      description: 'syslog facility',
    },
    transport: {
      enum: ['local', 'udp', 'tcp', 'tls'],
      default: 'local',
      description: 'syslog transport: `local` socket, `udp` (RFC 5426), `tcp` (RFC 6587 octet counting), `tls` (RFC 5425)',
    },
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'udp/tcp/tls server' },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'server port (default 514; 6514 for `tls`)' },
    socketPath: {
      type: 'string',
      minLength: 1,
      description: '`local` socket; default: the first of `/dev/log`, `/var/run/syslog` that exists',
    },
    localFormat: {
      enum: ['rfc3164', 'rfc5424'],
      default: 'rfc3164',
      description: 'what `local` writes: the traditional local format every daemon parses (structured data leads the message) or RFC 5424',
    },
    hostname: { type: 'string', minLength: 1, description: 'HOSTNAME field (default `os.hostname()`)' },
    sdId: {
      type: 'string',
      minLength: 1,
      maxLength: 32,
      default: 'logwarden@32473',
      description: 'SD-ID of the structured data element (32473 is the documentation enterprise number; use your own)',
    },
    sdFields: {
      type: 'array',
      items: { type: 'string', pattern: SD_NAME_PATTERN },
      uniqueItems: true,
      default: [],
      description: 'extra record fields sent as structured data params (besides category, event_id, account_id)',
    },
    maxMessageBytes: { type: 'integer', minimum: 480, maximum: 1048576, default: 8192, description: 'longer messages are cut (MSG only)' },
    maxBuffered: { type: 'integer', minimum: 1, default: 1000, description: 'records held while the server is unreachable; the oldest are dropped beyond' },
    tls: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: '`tls` transport: `caFile`, `certFile`, `keyFile` (PEM, relative to the config), `servername`, `rejectUnauthorized` (default true)',
      properties: {
        caFile: { type: 'string', minLength: 1 },
        certFile: { type: 'string', minLength: 1 },
        keyFile: { type: 'string', minLength: 1 },
        servername: { type: 'string', minLength: 1 },
        rejectUnauthorized: { type: 'boolean', default: true },
      },
    },
    reconnect: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'tcp/tls reconnect backoff: `initialDelayMs` (default 500), `maxDelayMs` (30000); jittered',
      properties: {
        initialDelayMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 500 },
        maxDelayMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 30000 },
      },
    },
    connectTimeoutMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS, default: 5000, description: 'tcp/tls connect timeout' },
    flushTimeoutMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS, default: 2000, description: 'how long flush/close wait for delivery' },
    reportIntervalMs: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_TIMER_MS,
      default: 60000,
      description: 'at most one undelivered-records `system` record per interval',
    },
  },
} as const satisfies JsonSchema

export type Transport = 'local' | 'udp' | 'tcp' | 'tls'

/** Options after schema defaults (what apply() receives). */
export interface EventlogOptions {
  name?: string
  minLevel: string | number
  categories: '*' | string[]
  target?: 'windows' | 'syslog'
  appName?: string
  source?: string
  eventId: number
  facility: FacilityName
  transport: Transport
  host: string
  port?: number
  socketPath?: string
  localFormat: 'rfc3164' | 'rfc5424'
  hostname?: string
  sdId: string
  sdFields: string[]
  maxMessageBytes: number
  maxBuffered: number
  tls: { caFile?: string; certFile?: string; keyFile?: string; servername?: string; rejectUnauthorized?: boolean }
  reconnect: { initialDelayMs?: number; maxDelayMs?: number }
  connectTimeoutMs: number
  flushTimeoutMs: number
  reportIntervalMs: number
}

/** What the worker receives: every choice made, paths absolute; structured-clone safe. */
export type WorkerOptions = Omit<EventlogOptions, 'name' | 'minLevel' | 'categories' | 'target' | 'appName' | 'source' | 'port' | 'tls' | 'reconnect'> & {
  target: 'windows' | 'syslog'
  appName: string
  source: string
  port: number
  tls: EventlogOptions['tls'] & { rejectUnauthorized: boolean }
  reconnect: Required<EventlogOptions['reconnect']>
}
