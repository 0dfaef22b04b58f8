/**
 * `sink-console`: a human-readable line per record for development, in a worker lane —
 * `[10:23:45.123] INFO  | enforcement | ABC123 | message  key=value…` — colored by level only
 * when the stream is a TTY (NO_COLOR / FORCE_COLOR respected).
 */
import { definePlugin } from '../../core/plugin.js'
import type { JsonSchema } from '../../core/plugin.js'
import { Errors } from '../../core/errors.js'
import { LEVEL_NAMES, levelValue } from '../../core/levels.js'
import type { ColorSetting } from './colors.js'
import { checkTimezone } from '../../lib/human/index.js'
import type { ConsoleWorkerOptions } from './worker.js'

export const PLUGIN_NAME = 'sink-console'

export const consoleSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { description: 'Sink instance name (status, testChannel); give each console sink its own.', type: 'string', minLength: 1, default: PLUGIN_NAME },
    stream: { description: 'Where lines go.', enum: ['stdout', 'stderr'], default: 'stdout' },
    fd: { description: 'Write to this already-open file descriptor instead of `stream` (tests, custom pipes).', type: 'integer', minimum: 1 },
    minLevel: {
      description: 'Lowest level shown (a name or a number); the logger\'s `level` applies first.',
      anyOf: [{ enum: [...LEVEL_NAMES, 'fatal', 'warning'] }, { type: 'integer', minimum: 0 }],
    },
    categories: {
      description: '`*` or the categories shown. Error copies of other categories are shown when the list includes `error`.',
      anyOf: [{ const: '*' }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true }],
      default: '*',
    },
    colors: { description: '`auto` (TTY only; NO_COLOR and FORCE_COLOR respected), `true` or `false`.', anyOf: [{ const: 'auto' }, { type: 'boolean' }], default: 'auto' },
    fields: { description: 'Append the other fields as ` key=value` on the same line.', type: 'boolean', default: true },
    stacks: { description: 'Print error stacks on the lines below the record.', type: 'boolean', default: false },
    timezone: { description: 'IANA zone for the time column (`America/Chicago`), `UTC`, or `local`.', type: 'string', minLength: 1, default: 'local' },
  },
}

export interface ConsoleOptions {
  name: string
  stream: 'stdout' | 'stderr'
  fd?: number
  minLevel?: string | number
  categories: string[] | '*'
  colors: ColorSetting
  fields: boolean
  stacks: boolean
  timezone: string
}

const plugin = definePlugin<ConsoleOptions>({
  name: PLUGIN_NAME,
  schema: consoleSchema,
  apply(pipeline, options) {
    try {
      checkTimezone(options.timezone)
    } catch {
      throw Errors.CONFIG_INVALID(PLUGIN_NAME, `  ${PLUGIN_NAME}.timezone: unknown time zone "${options.timezone}"; use an IANA name such as America/Chicago, or UTC, or local`)
    }
    const known = pipeline.config.categories
    if (options.categories !== '*') {
      for (const category of options.categories) if (!known.includes(category)) throw Errors.UNKNOWN_CATEGORY(category, [...known])
    }
    const worker: ConsoleWorkerOptions = {
      fd: options.fd ?? (options.stream === 'stderr' ? 2 : 1),
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
