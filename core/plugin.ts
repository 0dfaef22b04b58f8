import type { Pipeline } from './pipeline.js'

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
  apply(pipeline: Pipeline, options: Options): void | Promise<void>
}

/** Identity helper so plugin authors get the types without a class. */
export function definePlugin<Options>(plugin: LogwardenPlugin<Options>): LogwardenPlugin<Options> {
  return plugin
}
