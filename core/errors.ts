/**
 * Every error logwarden raises carries a stable code; docs/errors.md lists each with its fix.
 * One factory, one file, so codes are never invented ad hoc or reused (fastify's approach).
 */
export class LwError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LwError'
    this.code = code
  }
}

type MessageFn<A extends unknown[]> = (...args: A) => string

function define<A extends unknown[]>(code: string, message: MessageFn<A>) {
  const make = (...args: A) => new LwError(code, message(...args))
  return Object.assign(make, { code })
}

export const Errors = {
  CONFIG_INVALID: define('LW_ERR_CONFIG_INVALID', (where: string, problems: string) =>
    `invalid logwarden config in ${where}:\n${problems}\nFix the listed paths; see docs/config.md for the schema.`),
  CONFIG_NOT_FOUND: define('LW_ERR_CONFIG_NOT_FOUND', (file: string) =>
    `config file not found: ${file}. Pass an existing path as configFile, or omit it to search from the working directory.`),
  CONFIG_LOAD: define('LW_ERR_CONFIG_LOAD', (file: string, reason: string) =>
    `could not read config ${file}: ${reason}`),
  ENV_MISSING: define('LW_ERR_ENV_MISSING', (name: string, where: string) =>
    `environment variable ${name} is not set (referenced as \${env:${name}} at ${where}). Export it before starting, or remove the reference.`),
  UNKNOWN_PLUGIN: define('LW_ERR_UNKNOWN_PLUGIN', (name: string, where: string, known: string[]) =>
    `unknown plugin "${name}" at ${where}. Built-in plugins: ${known.join(', ')}. A third-party plugin is an npm package name or a path starting with ./ relative to the config file.`),
  PLUGIN_LOAD: define('LW_ERR_PLUGIN_LOAD', (name: string, reason: string) =>
    `plugin "${name}" could not be loaded: ${reason}`),
  PLUGIN_SHAPE: define('LW_ERR_PLUGIN_SHAPE', (name: string) =>
    `plugin "${name}" must export { name: string, apply(pipeline) } (optionally schema); check its default export.`),
  PLUGIN_FAILED: define('LW_ERR_PLUGIN_FAILED', (plugin: string, hook: string, reason: string) =>
    `plugin "${plugin}" failed in hook "${hook}": ${reason}`),
  UNKNOWN_CATEGORY: define('LW_ERR_UNKNOWN_CATEGORY', (name: string, known: string[]) =>
    `unknown log category "${name}". Declared categories: ${known.join(', ')}. Add it to "categories" in the config to use it.`),
  UNKNOWN_LEVEL: define('LW_ERR_UNKNOWN_LEVEL', (name: string) =>
    `unknown level "${name}". Use trace, debug, info, warn, error, critical (fatal) or a number.`),
  LOGGER_CLOSED: define('LW_ERR_LOGGER_CLOSED', () =>
    'the logger is closed; records logged after close() are written to stderr. Create a new logger, or log before close().'),
  SINK_FAILED: define('LW_ERR_SINK_FAILED', (sink: string, reason: string) =>
    `sink "${sink}" failed: ${reason}`),
  SINK_DUPLICATE: define('LW_ERR_SINK_DUPLICATE', (sink: string) =>
    `two sinks are named "${sink}". Give the second one a distinct "name" option.`),
  SINK_UNDELIVERED: define('LW_ERR_SINK_UNDELIVERED', (sink: string, count: number, reason: string) =>
    `sink "${sink}" could not write ${count} record(s): ${reason}`),
  QUEUE_OVERFLOW: define('LW_ERR_QUEUE_OVERFLOW', (sink: string, count: number, policy: string) =>
    `sink "${sink}" queue full: ${count} record(s) dropped (overflow policy ${policy}). Raise queue.maxRecords or look at why the sink is slow.`),
  REDACTION_FAILED: define('LW_ERR_REDACTION_FAILED', (reason: string) =>
    `redaction failed (${reason}); the record's fields were withheld rather than risk a leak.`),
} as const

export type ErrorCode = (typeof Errors)[keyof typeof Errors]['code']

/** A short, single-line description of anything thrown, for reports that must not leak stacks. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return String(err)
}
