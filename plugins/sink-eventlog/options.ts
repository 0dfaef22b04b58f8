/**
 * The options schema (single source of truth for validation, README table and types) and the
 * resolved options the worker receives. ajv applies the defaults before apply() runs.
 */
import type { Static } from '@sinclair/typebox'
import { Default, StringEnum, TimerMs, Type, type Resolved } from '../../lib/options/index.js'
import type { FacilityName } from './rfc5424.js'

const levelSchema = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

/** SD-NAME (RFC 5424 §6.3.3): 1–32 printable US-ASCII except `=`, space, `]` and `"`. */
const SD_NAME_PATTERN = '^[\\x21\\x23-\\x3c\\x3e-\\x5c\\x5e-\\x7e]{1,32}$'

const transport = StringEnum(['local', 'udp', 'tcp', 'tls'], {
  description: 'syslog transport: `local` socket, `udp` (RFC 5426), `tcp` (RFC 6587 octet counting), `tls` (RFC 5425)',
})

export const schema = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        minLength: 1,
        docDefault: '`sink-eventlog`',
        description: 'sink instance name (status, `log.testChannel(name)`); give a second instance its own',
      }),
    ),
    minLevel: Default(Type.Unsafe<string | number>({ ...levelSchema, docType: 'level name or number', description: 'lowest level sent' }), 'critical'),
    categories: Default(
      Type.Union([Type.Unsafe<'*'>({ const: '*' }), Type.Array(Type.String(), { uniqueItems: true })], { description: 'categories sent' }),
      '*',
    ),
    target: Type.Optional(
      StringEnum(['windows', 'syslog'], {
        docDefault: '`windows` on win32, else `syslog`',
        description: 'where records go: the Windows Application event log or syslog',
      }),
    ),
    appName: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 48,
        pattern: '^[\\x21-\\x7e]+$',
        docType: 'string (≤ 48 printable ASCII)',
        docDefault: '`source`, else `logwarden`',
        description: 'syslog APP-NAME',
      }),
    ),
    source: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$',
        docDefault: '`appName`, else `logwarden`',
        description: 'Windows event source',
      }),
    ),
    eventId: Default(Type.Integer({ minimum: 0, maximum: 65535, description: 'Windows event id' }), 1000),
    facility: Default(
      StringEnum(['user', 'daemon', 'auth', 'authpriv', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], {
        docType: '`user` `daemon` `auth` `authpriv` `local0`…`local7`',
        description: 'syslog facility',
      }),
      'user',
    ),
    transport: Default(transport, 'local'),
    host: Default(Type.String({ minLength: 1, description: 'udp/tcp/tls server' }), '127.0.0.1'),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, docDefault: '`514`; `6514` for `tls`', description: 'server port' })),
    socketPath: Type.Optional(Type.String({ minLength: 1, docDefault: 'first of `/dev/log`, `/var/run/syslog` that exists', description: '`local` socket' })),
    localFormat: Default(
      StringEnum(['rfc3164', 'rfc5424'], {
        description: 'what `local` writes (see below)',
      }),
      'rfc3164',
    ),
    hostname: Type.Optional(Type.String({ minLength: 1, docDefault: '`os.hostname()`', description: 'HOSTNAME field' })),
    sdId: Default(
      Type.String({
        minLength: 1,
        maxLength: 32,
        docType: 'SD-ID',
        description: "structured data element id; 32473 is the enterprise number reserved for documentation (RFC 5612): use your organisation's",
      }),
      'logwarden@32473',
    ),
    sdFields: Default(
      Type.Array(Type.String({ pattern: SD_NAME_PATTERN }), {
        uniqueItems: true,
        docType: 'SD-NAME[]',
        description: 'extra record fields sent as structured data params (besides category, event_id, account_id)',
      }),
      [],
    ),
    maxMessageBytes: Default(
      Type.Integer({ minimum: 480, maximum: 1048576, description: 'longer messages are cut (the message text only, at a character boundary)' }),
      8192,
    ),
    maxBuffered: Default(Type.Integer({ minimum: 1, description: 'records held while the server is unreachable; beyond, the oldest are dropped' }), 1000),
    tls: Default(
      Type.Object(
        {
          caFile: Type.Optional(Type.String({ minLength: 1 })),
          certFile: Type.Optional(Type.String({ minLength: 1 })),
          keyFile: Type.Optional(Type.String({ minLength: 1 })),
          servername: Type.Optional(Type.String({ minLength: 1 })),
          rejectUnauthorized: Default(Type.Boolean(), true),
        },
        {
          additionalProperties: false,
          docType: 'object',
          description:
            '`tls` transport: `caFile`, `certFile`, `keyFile` (PEM; relative to the config file), `servername`, `rejectUnauthorized` (default `true`)',
        },
      ),
      {},
    ),
    reconnect: Default(
      Type.Object(
        { initialDelayMs: Default(TimerMs({ minimum: 1 }), 500), maxDelayMs: Default(TimerMs({ minimum: 1 }), 30000) },
        { additionalProperties: false, docType: 'object', description: 'tcp/tls backoff: `initialDelayMs` (500), `maxDelayMs` (30000); jittered' },
      ),
      {},
    ),
    connectTimeoutMs: Default(TimerMs({ minimum: 1, description: 'tcp/tls connect timeout' }), 5000),
    flushTimeoutMs: Default(TimerMs({ description: 'how long `log.flush()` / `close()` wait for delivery' }), 2000),
    reportIntervalMs: Default(TimerMs({ description: 'at most one "undelivered" `system` record per interval' }), 60000),
  },
  { additionalProperties: false },
)

export type Transport = Static<typeof transport>

/** Options after schema defaults (what apply() receives). */
export type EventlogOptions = Resolved<typeof schema> & { facility: FacilityName }

/** What the worker receives: every choice made, paths absolute; structured-clone safe. */
export type WorkerOptions = Omit<EventlogOptions, 'name' | 'minLevel' | 'categories' | 'target' | 'appName' | 'source' | 'port' | 'tls' | 'reconnect'> & {
  target: 'windows' | 'syslog'
  appName: string
  source: string
  port: number
  tls: EventlogOptions['tls'] & { rejectUnauthorized: boolean }
  reconnect: Required<EventlogOptions['reconnect']>
}
