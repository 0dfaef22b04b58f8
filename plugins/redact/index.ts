/**
 * `redact`: censors secrets in every record before it is serialized — key paths, secret key names
 * at any depth, and value patterns (bearer tokens, JWTs, Discord webhooks, Telegram bot tokens,
 * AWS access keys, card numbers, URL passwords) in messages, fields, error messages and stacks.
 * Records logwarden writes itself (its error reports) pass through the same hook.
 */
import { Errors } from '../../core/errors.js'
import { definePlugin, type LogwardenPlugin } from '../../core/plugin.js'
import type { Pipeline } from '../../core/pipeline.js'
import { validate } from '../../core/validate.js'
import type { CensorFunction } from './censor.js'
import { createRedactor, type Redactor, type RedactorOptions } from './redactor.js'
import { redactSchema, type RedactOptions } from './schema.js'

export const PLUGIN_NAME = 'redact'
/** After other taps of the redact hook (enrichers), so whatever they add is redacted too. */
const STAGE = 1000

function install(pipeline: Pipeline, options: RedactorOptions): Redactor {
  // compiled once here: a bad path or regex fails createLogger(), never a log call
  const redactor = createRedactor({ ...options, where: PLUGIN_NAME }, pipeline.config.record)
  // a throw here is caught by the pipeline, which withholds the record (fail closed)
  pipeline.hooks.redact.tap({ name: PLUGIN_NAME, stage: STAGE }, (record) => redactor.redactRecord(record))
  // the same redaction inside the serializer's pass, for records no other tap needs to see
  pipeline.useFieldRedactor(redactor.fieldRedactor)
  // error messages (a plugin's exception, a failed reload) meet every built-in pattern and the
  // custom ones, fully censored: a masked tail or `patterns: false` is a choice about records
  const errors = createRedactor({ customPatterns: options.customPatterns, where: PLUGIN_NAME })
  pipeline.scrubber.usePatterns((text) => errors.redactString(text))
  return redactor
}

const plugin = definePlugin<RedactOptions>({
  name: PLUGIN_NAME,
  schema: redactSchema,
  apply(pipeline, options) {
    install(pipeline, options)
  },
})
export default plugin

/** Options of createRedactPlugin: the JSON options, plus a censor function. */
export type RedactPluginOptions = Partial<Omit<RedactOptions, 'censor'>> & {
  censor?: RedactOptions['censor'] | CensorFunction
}

/**
 * For JS/TS configs: `plugins: [createRedactPlugin({ paths: ['apiKey'], censor: (v) => … })]`.
 * Options are validated now (LW_ERR_CONFIG_INVALID, LW_ERR_REDACT_PATH, LW_ERR_REDACT_PATTERN);
 * a censor function that throws falls back to "[REDACTED]".
 */
export function createRedactPlugin(options: RedactPluginOptions = {}): LogwardenPlugin {
  const { censor, ...rest } = options
  let data: Record<string, unknown>
  try {
    data = structuredClone(rest)
  } catch {
    throw Errors.CONFIG_INVALID('createRedactPlugin()', '  options: only `censor` may be a function; the other options must be plain data')
  }
  if (typeof censor !== 'function' && censor !== undefined) data.censor = censor
  validate(redactSchema, data, 'createRedactPlugin()', 'options')
  const resolved: RedactorOptions = { ...(data as unknown as RedactOptions), ...(typeof censor === 'function' ? { censor } : {}) }
  createRedactor({ ...resolved, where: 'createRedactPlugin()' })
  return {
    name: PLUGIN_NAME,
    apply(pipeline) {
      install(pipeline, resolved)
    },
  }
}

export { createRedactor, DEFAULT_LIMITS, type Redactor, type RedactorOptions, type RedactLimits } from './redactor.js'
export { REDACTED, mask, type CensorFunction, type CensorContext, type CensorMode } from './censor.js'
export { DEFAULT_SECRET_NAMES, DEFAULT_SECRET_PREFIXES, DEFAULT_SECRET_SUFFIXES } from './keys.js'
export { BUILTIN_PATTERN_NAMES, luhn, type BuiltinPatternName, type CustomPattern } from './patterns.js'
export { RedactErrors } from './errors.js'
export { redactSchema, type RedactOptions } from './schema.js'
