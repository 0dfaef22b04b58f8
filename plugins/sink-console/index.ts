/**
 * `sink-console`: a human-readable line per record for development, in a worker lane —
 * `[10:23:45.123] INFO  | enforcement | ABC123 | message  key=value…` — colored by level only
 * when the stream is a TTY (NO_COLOR / FORCE_COLOR respected); or, with `format: 'json'`, the
 * JSON lines the files get, for containers and log shippers reading stdout.
 */
import { definePlugin } from '../../core/plugin.js'
import type { OptionProblem } from '../../core/plugin.js'
import { levelValue } from '../../core/levels.js'
import { checkTimezone } from '../../lib/human/index.js'
import { Default, Level, StringEnum, Type, type Resolved } from '../../lib/options/index.js'
import type { ConsoleWorkerOptions } from './worker.js'

export const PLUGIN_NAME = 'sink-console'

export const consoleSchema = Type.Object(
  {
    name: Default(Type.String({ description: 'Sink instance name (status, testChannel); give each console sink its own.', minLength: 1 }), PLUGIN_NAME),
    stream: Default(StringEnum(['stdout', 'stderr'], { description: 'Where lines go.' }), 'stdout'),
    format: Default(
      StringEnum(['human', 'json'], {
        description:
          '`human`: the line people read; `json`: exactly the JSON line the files get (redacted), one per record, for containers and log shippers. The `LOGWARDEN_STDOUT` environment variable sets it without a config change.',
      }),
      'human',
    ),
    fd: Type.Optional(Type.Integer({ description: 'Write to this already-open file descriptor instead of `stream` (tests, custom pipes).', minimum: 1 })),
    minLevel: Type.Optional(
      Level({ docType: 'level name or number', docDefault: 'every level', description: "Lowest level shown; the logger's `level` applies first." }),
    ),
    categories: Default(
      Type.Union([Type.Literal('*'), Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true })], {
        description: 'The categories shown. Error copies of other categories are shown when the list includes `error` (a record is never shown twice).',
      }),
      '*',
    ),
    colors: Default(
      Type.Union([Type.Literal('auto'), Type.Boolean()], {
        description:
          '`auto`: colors only on a TTY that is not `TERM=dumb`; a non-empty `NO_COLOR` disables, `FORCE_COLOR` (not `0`/`false`) enables, NO_COLOR winning. `true`/`false` override both.',
      }),
      'auto',
    ),
    fields: Default(Type.Boolean({ description: 'Append the other fields as ` key=value` on the same line.' }), true),
    stacks: Default(Type.Boolean({ description: 'Print error stacks on the lines below the record (indented).' }), false),
    timezone: Default(
      Type.String({
        description: "IANA zone for the time column (`America/Chicago`), `UTC`, or `local` (the process's zone). Checked at start.",
        minLength: 1,
      }),
      'local',
    ),
  },
  { additionalProperties: false },
)

export type ConsoleOptions = Resolved<typeof consoleSchema>

const plugin = definePlugin<ConsoleOptions>({
  name: PLUGIN_NAME,
  schema: consoleSchema,
  check(options, { config }) {
    const out: OptionProblem[] = []
    try {
      checkTimezone(options.timezone)
    } catch {
      out.push({ path: 'timezone', message: 'must be an IANA time zone such as America/Chicago, or UTC, or local' })
    }
    if (options.categories !== '*') {
      for (const [i, category] of options.categories.entries()) {
        if (!config.categories.includes(category))
          out.push({
            path: `categories[${i}]`,
            message: `must be a declared category (${config.categories.join(', ')}); add "${category}" to "categories" in the config to use it`,
          })
      }
    }
    return out
  },
  apply(pipeline, options) {
    const worker: ConsoleWorkerOptions = {
      fd: options.fd ?? (options.stream === 'stderr' ? 2 : 1),
      format: options.format,
      colors: options.colors,
      fields: options.fields,
      stacks: options.stacks,
      timezone: options.timezone,
      categories: options.categories,
    }
    pipeline.addSink({
      name: options.name,
      kind: PLUGIN_NAME,
      module: new URL('./worker.js', import.meta.url).href,
      options: worker,
      categories: options.categories,
      minLevel: options.minLevel === undefined ? 0 : levelValue(options.minLevel),
      // with every category shown, copies would print error records twice
      errorCopies: options.categories !== '*' && options.categories.includes('error'),
    })
  },
})
export default plugin

export { formatLine, createFormatter, sanitize, type FormatOptions, type Formatter } from '../../lib/human/index.js'
export { shouldColor, type ColorSetting } from './colors.js'
