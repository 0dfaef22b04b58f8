import type { JsonSchema } from './plugin.js'
import type { OverflowPolicy } from './sink-contract.js'
import { MAX_TIMER_MS } from './validate.js'
import type { EventCatalog, ValidateMode } from './events/types.js'
import { eventsSchema } from './events/config-schema.js'

export const DEFAULT_CATEGORIES = Object.freeze(['system', 'enforcement', 'error', 'audit'])

/** The config after validation and defaults: what the pipeline and plugins read. Frozen. */
export interface ResolvedConfig {
  level: number
  categories: readonly string[]
  /** records at error and above are also delivered to the `error` category's destinations */
  errorCopies: boolean
  /** log.flush() rejects when a sink has not confirmed within this long */
  flushTimeoutMs: number
  /** createLogger() rejects when a plugin's apply or init, or a sink's start, takes longer */
  startTimeoutMs: number
  queue: { maxRecords: number; overflow: OverflowPolicy }
  batch: { maxRecords: number; maxBytes: number; maxDelayMs: number }
  workers: { threads: number }
  exit: { timeoutMs: number; crashFile?: string; handleSignals: boolean }
  record: { maxStringLength: number; maxDepth: number; maxArrayLength: number }
  /** false only when the config says `redact: false`: the built-in redact plugin is then not added */
  redact: boolean
  /** the write-ahead journal of durable categories (core/durable/); false or absent: no journal */
  durable?: DurableConfig | false
  /** the event catalog: the config's `events` and those plugins declare (docs/events.md) */
  events?: EventCatalog
  /** whether event fields are checked against their declaration */
  validateEvents?: ValidateMode
  /** absolute path of the config file, when there is one */
  configFile?: string
  /** directory that relative paths in the config are resolved against */
  baseDir: string
}

export interface DurableConfig {
  categories: readonly string[]
  /** 'write': in the kernel before the call returns (survives SIGKILL); 'fsync': also fdatasync'd before the call's promise resolves */
  sync: 'write' | 'fsync'
  /** absolute; when the config gives none: `.journal` under the first sink-file's dir, else ./logs/.journal */
  dir?: string
}

const levelSchema = {
  anyOf: [
    { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal'] },
    { type: 'integer', minimum: 0 },
  ],
}

/** The top-level config schema; each plugin validates its own options with its own schema. */
export const configSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    level: levelSchema,
    categories: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
      uniqueItems: true,
    },
    errorCopies: { type: 'boolean' },
    redact: { type: 'boolean' },
    flushTimeoutMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS },
    // setTimeout's limit: a longer delay would fire at once
    startTimeoutMs: { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS },
    queue: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxRecords: { type: 'integer', minimum: 1 },
        overflow: { enum: ['block', 'drop-newest', 'drop-oldest'] },
      },
    },
    batch: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxRecords: { type: 'integer', minimum: 1 },
        maxBytes: { type: 'integer', minimum: 1024 },
        maxDelayMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS },
      },
    },
    workers: {
      type: 'object',
      additionalProperties: false,
      properties: { threads: { type: 'integer', minimum: 1, maximum: 64 } },
    },
    exit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutMs: { type: 'integer', minimum: 0, maximum: MAX_TIMER_MS },
        // resolved against the config file's directory; a directory here is refused
        crashFile: { type: 'string', minLength: 1, lwPath: 'file' },
        handleSignals: { type: 'boolean' },
      },
    },
    record: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxStringLength: { type: 'integer', minimum: 16 },
        maxDepth: { type: 'integer', minimum: 1 },
        maxArrayLength: { type: 'integer', minimum: 1 },
      },
    },
    durable: {
      anyOf: [
        { const: false },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            categories: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' }, uniqueItems: true },
            sync: { enum: ['write', 'fsync'] },
            dir: { type: 'string', minLength: 1 },
          },
        },
      ],
    },
    events: eventsSchema,
    validateEvents: { enum: ['on', 'off', 'dev'] },
    plugins: {
      type: 'array',
      items: {
        // names, { name: options }, or (JS/TS configs) plugin objects and [plugin, options] pairs;
        // the plugin loader checks each form and reports its path
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'object', minProperties: 1 },
          { type: 'array', minItems: 1, maxItems: 2 },
        ],
      },
    },
  },
}

export const DEFAULTS = Object.freeze({
  level: 'info',
  errorCopies: true,
  flushTimeoutMs: 30_000,
  startTimeoutMs: 10_000,
  queue: { maxRecords: 100_000, overflow: 'block' as OverflowPolicy },
  batch: { maxRecords: 2048, maxBytes: 256 * 1024, maxDelayMs: 0 },
  exit: { timeoutMs: 5000, handleSignals: true },
  record: { maxStringLength: 16 * 1024, maxDepth: 10, maxArrayLength: 1000 },
  durable: { categories: ['audit', 'enforcement'], sync: 'write' as const },
})
