import type { Pipeline } from './pipeline.js'
import type { ResolvedConfig } from './config-schema.js'
import type { EventCatalog } from './events/types.js'

/** A JSON schema object (ajv, draft-07 / 2019-09 keywords). */
export type JsonSchema = Record<string, unknown>

/**
 * A plugin: a name, an optional JSON schema for its options, and `apply`, which only taps hooks
 * and declares sinks. Options are validated against `schema` before `apply` is called.
 */
// `any` by default so a list of plugins with different option types is one array type
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface LogwardenPlugin<Options = any> {
  name: string
  schema?: JsonSchema
  /**
   * The logwarden versions this plugin works with, as a range (`'>=0.1 <1'`, `'^0.1'`); checked
   * when the plugin is loaded (LW_ERR_PLUGIN_VERSION).
   */
  logwarden?: string
  /** plugins that must also be listed in the config (`rotate` requires `sink-file`): LW_ERR_PLUGIN_REQUIRES */
  requires?: string[]
  /** plugins that, when listed, must come before this one (`control` after `auth-hmac`): LW_ERR_PLUGIN_ORDER */
  after?: string[]
  /**
   * Checks a schema cannot express (a time zone exists, a category is declared); runs after the
   * schema, with defaults filled and `lwPath` options resolved, at start and in `config validate`.
   */
  check?(options: Options, context: CheckContext): OptionProblem[]
  apply(pipeline: Pipeline, options: Options): void | Promise<void>
  /** categories this plugin writes in, declared as if the config listed them (docs/events.md) */
  categories?: readonly string[]
  /** events this plugin declares; their categories are declared with them (docs/events.md) */
  events?: EventCatalog
}

/** Identity helper so plugin authors get the types without a class. */
export function definePlugin<Options>(plugin: LogwardenPlugin<Options>): LogwardenPlugin<Options> {
  return plugin
}

/** What a plugin's `check` may look at. */
export interface CheckContext {
  config: ResolvedConfig
  /**
   * true in `logwarden config validate`: also check what start would only find out when the
   * sink starts (a directory that cannot be created, a secret that is too short)
   */
  preflight: boolean
}

/** One problem with a plugin's options; the core prefixes the file and `plugins[i].<name>.`. */
export interface OptionProblem {
  /** the option's path inside the plugin's options: `maxSize`, `categories.audit.maxAge` */
  path: string
  /** what was expected, never the value when it may be secret */
  message: string
  /** a registered code other than Errors.CONFIG_INVALID (sink-file's `SinkFileErrors.DIR.code`) */
  code?: string
}
