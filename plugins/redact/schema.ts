/**
 * The options schema: the single source of truth for validation (ajv, defaults filled in), the
 * option types below and the README's options table (a test keeps the README in step).
 */
import type { JsonSchema } from '../../core/plugin.js'
import type { CensorMode } from './censor.js'
import { BUILTIN_PATTERN_NAMES, type BuiltinPatternName, type CustomPattern } from './patterns.js'

export const redactSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paths: {
      description:
        'Key paths into the record\'s fields to censor: `apiKey`, `headers.authorization`, `*.password`, `orders[*].card`, `orders[0].card`, `["x.y"]`. Case-sensitive; `*` is one whole segment.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
    },
    keys: {
      description: 'More secret key names, matched at any depth like the defaults (case-insensitive, `-`/`_` ignored).',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
    },
    defaultKeys: {
      description: 'Censor the built-in secret key names (password, token, apiKey, authorization, cookie, webhookUrl, botToken, … see below).',
      type: 'boolean',
      default: true,
    },
    patterns: {
      description: `Value patterns searched in every string (messages, fields, error messages and stacks): true (all), false, or a list of ${BUILTIN_PATTERN_NAMES.join(', ')}.`,
      anyOf: [{ type: 'boolean' }, { type: 'array', items: { enum: [...BUILTIN_PATTERN_NAMES] }, uniqueItems: true }],
      default: true,
    },
    customPatterns: {
      description: 'Extra value patterns: `{ name, regex, flags? }`. A named group `secret` limits the censoring to that group. Checked at start.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'regex'],
        properties: {
          name: { type: 'string', minLength: 1 },
          regex: { type: 'string', minLength: 1 },
          flags: { type: 'string', pattern: '^[gimsuvd]*$' },
        },
      },
      default: [],
    },
    censor: {
      description:
        '`redact` writes "[REDACTED]", `remove` drops the key (and cuts a secret out of a string), `mask` writes `******` plus the last `maskKeep` characters. A function is accepted from JS/TS configs via `createRedactPlugin`.',
      enum: ['redact', 'remove', 'mask'],
      default: 'redact',
    },
    maskKeep: {
      description: 'Characters kept visible by `mask`; kept only when at least as many stay hidden.',
      type: 'integer',
      minimum: 0,
      maximum: 16,
      default: 4,
    },
  },
}

/** Options after validation (defaults filled in). */
export interface RedactOptions {
  paths: string[]
  keys: string[]
  defaultKeys: boolean
  patterns: boolean | BuiltinPatternName[]
  customPatterns: CustomPattern[]
  censor: CensorMode
  maskKeep: number
}
