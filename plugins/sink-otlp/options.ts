/** sink-otlp options: one schema gives their type, defaults and the README table. */
import { Type } from '../../lib/options/index.js'
import { Default, Level, PathOption, Size, StringEnum, TimerMs, type Resolved } from '../../lib/options/index.js'

export const PLUGIN_NAME = 'sink-otlp'

const AttributeValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()])

export const otlpSchema = Type.Object(
  {
    name: Default(Type.String({ minLength: 1, description: 'Sink instance name (status, stats); give each OTLP sink its own.' }), PLUGIN_NAME),
    endpoint: Type.String({
      minLength: 1,
      description: "The collector's OTLP/HTTP base URL (`http://otel-collector:4318`); records go to `<endpoint>/v1/logs`.",
    }),
    encoding: Default(StringEnum(['json', 'protobuf'], { description: 'OTLP/HTTP body encoding: `json` or binary `protobuf`.' }), 'json'),
    resource: Type.Record(Type.String({ minLength: 1 }), AttributeValue, {
      description:
        'Resource attributes; `service.name` is required. `service.instance.id` (one id per process start) and `host.name` are filled in unless given.',
    }),
    headers: Default(
      Type.Record(Type.String({ minLength: 1 }), Type.String(), { description: 'Extra request headers (an API key from `${env:NAME}`); never logged.' }),
      {},
    ),
    gzip: Default(Type.Boolean({ description: 'Compress request bodies (`Content-Encoding: gzip`).' }), false),
    categories: Default(
      Type.Union([Type.Literal('*'), Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true })], {
        description: 'The categories exported.',
      }),
      '*',
    ),
    minLevel: Type.Optional(Level({ docType: 'level name or number', docDefault: 'every level', description: 'Lowest level exported.' })),
    batch: Default(
      Type.Object(
        {
          maxRecords: Default(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Records per request at most.' }), 512),
          maxDelayMs: Default(TimerMs({ description: 'How long a record waits for a fuller request.' }), 1000),
        },
        { additionalProperties: false, description: 'Export requests: at most `maxRecords` records, sent after `maxDelayMs` at the latest.' },
      ),
      {},
    ),
    buffer: Default(
      Type.Object(
        {
          enabled: Default(Type.Boolean({ description: 'Keep records not yet accepted by the collector on disk (survives restarts and kills).' }), true),
          dir: Type.Optional(
            PathOption('dir', { description: 'Buffer directory (default `.logwarden/otlp/<name>` beside the config file); one per process.' }),
          ),
          maxBytes: Default(Size({ description: 'Bound of the buffer; over it the oldest records are dropped and counted (`dropped`).' }), '256MB'),
        },
        { additionalProperties: false, description: 'Durable buffer of records the collector has not accepted yet.' },
      ),
      {},
    ),
    retry: Default(
      Type.Object(
        {
          baseDelayMs: Default(TimerMs({ minimum: 1, description: 'First wait after a retryable failure.' }), 1000),
          maxDelayMs: Default(TimerMs({ minimum: 1, description: 'Longest wait between tries (also caps `Retry-After`).' }), 60_000),
        },
        {
          additionalProperties: false,
          description:
            'Retries as the OTLP spec says: only 429, 502, 503, 504 and network errors, until accepted, honouring `Retry-After`, else exponential backoff with jitter.',
        },
      ),
      {},
    ),
    timeoutMs: Default(TimerMs({ minimum: 100, description: 'Per request.' }), 10_000),
    flushTimeoutMs: Default(TimerMs({ description: 'Longest `log.flush()` waits for the collector; the rest stays buffered.' }), 5000),
  },
  { additionalProperties: false },
)

export type OtlpOptions = Resolved<typeof otlpSchema>

/** What the worker receives: resolved paths and sizes, resource complete. */
export interface OtlpWorkerOptions {
  url: string
  encoding: 'json' | 'protobuf'
  resource: Record<string, string | number | boolean>
  headers: Record<string, string>
  gzip: boolean
  maxRecords: number
  maxDelayMs: number
  bufferDir?: string
  bufferMaxBytes: number
  retryBaseMs: number
  retryMaxMs: number
  timeoutMs: number
  flushTimeoutMs: number
  scopeVersion: string
}
