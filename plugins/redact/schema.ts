/**
 * The options schema: the single source of truth for validation (ajv, defaults filled in), the
 * option types and the README's options table (npm run docs:options; test/options-docs checks it).
 */
import { Default, StringEnum, Type, type Resolved } from '../../lib/options/index.js'
import { BUILTIN_PATTERN_NAMES, type BuiltinPatternName } from './patterns.js'

const names = BUILTIN_PATTERN_NAMES.map((n) => `\`${n}\``).join(', ')

export const redactSchema = Type.Object(
  {
    paths: Default(
      Type.Array(Type.String({ minLength: 1 }), {
        description:
          'Key paths into the record\'s fields to censor: `apiKey`, `headers.authorization`, `*.password`, `orders[*].card`, `orders[0].card`, `["x.y"]`. Case-sensitive; `*` is one whole segment.',
      }),
      [],
    ),
    keys: Default(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'More secret key names, matched at any depth like the defaults (case-insensitive, `-`/`_` ignored).',
      }),
      [],
    ),
    defaultKeys: Default(Type.Boolean({ description: 'Censor the built-in secret key names (below).' }), true),
    patterns: Default(
      Type.Union([Type.Boolean(), Type.Array(Type.Unsafe<BuiltinPatternName>({ enum: [...BUILTIN_PATTERN_NAMES] }), { uniqueItems: true })], {
        docType: 'boolean or string[]',
        description: `Value patterns searched in every string (messages, fields, error messages and stacks): \`true\` (all), \`false\`, or a list of family names from the table below (${names}).`,
      }),
      true,
    ),
    customPatterns: Default(
      Type.Array(
        Type.Object(
          { name: Type.String({ minLength: 1 }), regex: Type.String({ minLength: 1 }), flags: Type.Optional(Type.String({ pattern: '^[gimsuvd]*$' })) },
          { additionalProperties: false },
        ),
        {
          docType: '`{ name, regex, flags? }[]`',
          description:
            'Extra value patterns (JavaScript regex source, flags among `i m s u v`). A named group `secret` limits the censoring to that group. Checked at start.',
        },
      ),
      [],
    ),
    censor: Default(
      StringEnum(['redact', 'remove', 'mask'], {
        description:
          '`redact` writes `[REDACTED]`; `remove` drops the key or array item (and cuts a secret out of a string); `mask` writes `******` plus the last `maskKeep` characters. A function is accepted via `createRedactPlugin`.',
      }),
      'redact',
    ),
    maskKeep: Default(
      Type.Integer({
        minimum: 0,
        maximum: 16,
        description: 'Characters `mask` keeps visible, only when at least as many stay hidden (`abc` becomes `******`).',
      }),
      4,
    ),
  },
  { additionalProperties: false },
)

/** Options after validation (defaults filled in). */
export type RedactOptions = Resolved<typeof redactSchema>
