/**
 * Every error logwarden raises carries a stable code; docs/errors.md lists each with its fix.
 * This file is the registry: core, every plugin and the CLI define their codes here through
 * `defineErrors`, once each, with a kind. The kind, not the code's spelling, decides the HTTP
 * status the control API answers (plugins/control/errors.ts) and the exit code of the CLI
 * (cli/lib/errors.ts), so a plugin's bad option is a 422 with its message whichever plugin
 * raised it.
 */

/** What went wrong, from the caller's point of view. */
export type ErrorKind =
  /** the config, or a plugin's options, cannot be used */
  | 'config'
  /** a bad argument, flag, query parameter or request body */
  | 'usage'
  /** reading or writing a file, a socket or a remote service failed */
  | 'io'
  /** not authenticated */
  | 'auth'
  /** authenticated, or not, but not allowed */
  | 'forbidden'
  | 'not-found'
  /** the state forbids it (a lock held by another process, a file that exists) */
  | 'conflict'
  | 'rate-limited'
  /** starting, stopping or busy: retry shortly */
  | 'unavailable'
  /** the CLI reaches no daemon */
  | 'unreachable'
  /** the user stopped it (Ctrl+C at a prompt) */
  | 'cancelled'
  | 'internal'

export interface ErrorEntry {
  readonly code: string
  readonly kind: ErrorKind
}

const registry = new Map<string, ErrorEntry>()

/** Every code defined so far (core's, and those of the plugin and CLI modules loaded), by code. */
export function registeredErrors(): ErrorEntry[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code))
}

export function errorKindOf(code: string): ErrorKind | undefined {
  return registry.get(code)?.kind
}

export class LwError extends Error {
  readonly code: string
  readonly kind: ErrorKind
  /** the kind is the registered one; `kind` is for codes that are not ours (a daemon's answer seen by the CLI) */
  constructor(code: string, message: string, options?: { cause?: unknown; kind?: ErrorKind }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LwError'
    this.code = code
    this.kind = options?.kind ?? errorKindOf(code) ?? 'internal'
  }
}

type MessageFn<A extends unknown[]> = (...args: A) => string

export interface ErrorSpec<A extends unknown[], C extends string = string> {
  code: C
  kind: ErrorKind
  message: MessageFn<A>
}

/** Makes the error; the code and kind are on it too, for comparisons (`err.code === X.code`). */
export type ErrorFactory<A extends unknown[], C extends string = string> = ((...args: A) => LwError) &
  ErrorEntry & {
    readonly code: C
    /** the same error, keeping what was thrown underneath (an errno error) as its `cause` */
    withCause(cause: unknown, ...args: A): LwError
  }

type Factories<T> = { [K in keyof T]: T[K] extends ErrorSpec<infer A, infer C> ? ErrorFactory<A, C> : never }

const CODE = /^LW_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*$/

/** Registers a code; a second definition of the same code throws when its module loads. */
function register(code: string, kind: ErrorKind): ErrorEntry {
  if (!CODE.test(code)) throw new Error(`error code ${JSON.stringify(code)} must look like LW_ERR_SOME_THING`)
  if (registry.has(code)) throw new Error(`error code ${code} is defined twice; codes are unique (see docs/errors.md)`)
  const entry = Object.freeze({ code, kind })
  registry.set(code, entry)
  return entry
}

export function defineError<A extends unknown[], const C extends string>(spec: ErrorSpec<A, C>): ErrorFactory<A, C> {
  const { kind } = register(spec.code, spec.kind)
  const code = spec.code
  const make = (...args: A) => new LwError(code, spec.message(...args), { kind })
  const withCause = (cause: unknown, ...args: A) => new LwError(code, spec.message(...args), { kind, cause })
  return Object.assign(make, { code, kind, withCause })
}

/** A table of `defineError`s; the message functions' parameters type-check the call sites. */
// `any` only in the constraint: each entry's own parameters are recovered by the mapped type below
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineErrors<const T extends Record<string, ErrorSpec<any>>>(
  specs: T & { [K in keyof T]: ErrorSpec<Parameters<T[K]['message']>, T[K]['code']> },
): Factories<T> {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(specs)) out[name] = defineError(spec as ErrorSpec<unknown[]>)
  return out as Factories<T>
}

/** Codes are strings so that error records stay plain JSON; this tells ours from an errno code. */
export function isLwErrorCode(code: unknown): code is string {
  return typeof code === 'string' && code.startsWith('LW_ERR_')
}

export const Errors = defineErrors({
  CONFIG_INVALID: {
    code: 'LW_ERR_CONFIG_INVALID',
    kind: 'config',
    message: (where: string, problems: string) =>
      `invalid logwarden config in ${where}:\n${problems}\nFix the listed paths; see docs/config.md for the schema.`,
  },
  CONFIG_NOT_FOUND: {
    code: 'LW_ERR_CONFIG_NOT_FOUND',
    kind: 'config',
    message: (file: string) => `config file not found: ${file}. Pass an existing path as configFile, or omit it to search from the working directory.`,
  },
  CONFIG_LOAD: { code: 'LW_ERR_CONFIG_LOAD', kind: 'config', message: (file: string, reason: string) => `could not read config ${file}: ${reason}` },
  ENV_MISSING: {
    code: 'LW_ERR_ENV_MISSING',
    kind: 'config',
    message: (name: string, where: string) =>
      `environment variable ${name} is not set (referenced as \${env:${name}} at ${where}). Export it before starting, or remove the reference.`,
  },
  UNKNOWN_PLUGIN: {
    code: 'LW_ERR_UNKNOWN_PLUGIN',
    kind: 'config',
    message: (name: string, where: string, known: string[]) =>
      `unknown plugin "${name}" at ${where}. Built-in plugins: ${known.join(', ')}. A third-party plugin is an npm package name or a path starting with ./ relative to the config file.`,
  },
  PLUGIN_LOAD: { code: 'LW_ERR_PLUGIN_LOAD', kind: 'config', message: (name: string, reason: string) => `plugin "${name}" could not be loaded: ${reason}` },
  PLUGIN_SHAPE: {
    code: 'LW_ERR_PLUGIN_SHAPE',
    kind: 'config',
    message: (name: string) => `plugin "${name}" must export { name: string, apply(pipeline) } (optionally schema); check its default export.`,
  },
  PLUGIN_TIMEOUT: {
    code: 'LW_ERR_PLUGIN_TIMEOUT',
    kind: 'io',
    message: (plugin: string, step: string, ms: number) =>
      `plugin "${plugin}" did not finish ${step} within ${ms} ms (startTimeoutMs); createLogger() gave up. ` +
      'Look at what it waits for (a socket, a directory, a lock), or raise startTimeoutMs.',
  },
  PLUGIN_FAILED: {
    code: 'LW_ERR_PLUGIN_FAILED',
    kind: 'config',
    message: (plugin: string, hook: string, reason: string) => `plugin "${plugin}" failed in hook "${hook}": ${reason}`,
  },
  UNKNOWN_CATEGORY: {
    code: 'LW_ERR_UNKNOWN_CATEGORY',
    kind: 'config',
    message: (name: string, known: string[]) =>
      `unknown log category "${name}". Declared categories: ${known.join(', ')}. Add it to "categories" in the config to use it.`,
  },
  UNKNOWN_LEVEL: {
    code: 'LW_ERR_UNKNOWN_LEVEL',
    kind: 'usage',
    message: (name: string) => `unknown level "${name}". Use trace, debug, info, warn, error, critical (fatal) or a number.`,
  },
  LOGGER_CLOSED: {
    code: 'LW_ERR_LOGGER_CLOSED',
    kind: 'unavailable',
    message: () => 'the logger is closed; records logged after close() are written to stderr. Create a new logger, or log before close().',
  },
  SINK_FAILED: { code: 'LW_ERR_SINK_FAILED', kind: 'io', message: (sink: string, reason: string) => `sink "${sink}" failed: ${reason}` },
  SINK_DUPLICATE: {
    code: 'LW_ERR_SINK_DUPLICATE',
    kind: 'config',
    message: (sink: string) => `two sinks are named "${sink}". Give the second one a distinct "name" option.`,
  },
  SINK_UNDELIVERED: {
    code: 'LW_ERR_SINK_UNDELIVERED',
    kind: 'io',
    message: (sink: string, count: number, reason: string) => `sink "${sink}" could not write ${count} record(s): ${reason}`,
  },
  UNKNOWN_SINK: { code: 'LW_ERR_UNKNOWN_SINK', kind: 'not-found', message: (sink: string, known: string) => `no sink named "${sink}". Sinks: ${known}.` },
  QUEUE_OVERFLOW: {
    code: 'LW_ERR_QUEUE_OVERFLOW',
    kind: 'unavailable',
    message: (sink: string, count: number, policy: string) =>
      `sink "${sink}" queue full: ${count} record(s) dropped (overflow policy ${policy}). Raise queue.maxRecords or look at why the sink is slow.`,
  },
  JOURNAL_FAILED: {
    code: 'LW_ERR_JOURNAL_FAILED',
    kind: 'io',
    message: (dir: string, reason: string) =>
      `the durable journal in ${dir} cannot be written (${reason}); durable records still go to the sinks, but a SIGKILL or power loss may now lose them. Free space or fix the directory's permissions, or set durable.dir.`,
  },
  JOURNAL_REPLAY: {
    code: 'LW_ERR_JOURNAL_REPLAY',
    kind: 'io',
    message: (file: string, reason: string) =>
      `a journal left by an earlier process (${file}) could not be replayed completely (${reason}); it is kept and replayed again at the next start.`,
  },
  PLUGIN_VERSION: {
    code: 'LW_ERR_PLUGIN_VERSION',
    kind: 'config',
    message: (plugin: string, range: string, version: string) =>
      `plugin "${plugin}" works with logwarden ${range}, and this is logwarden ${version}. Install a release of "${plugin}" made for ${version}, or a logwarden version in ${range}.`,
  },
  PLUGIN_REQUIRES: {
    code: 'LW_ERR_PLUGIN_REQUIRES',
    kind: 'config',
    message: (plugin: string, where: string, needed: string) =>
      `plugin "${plugin}" (${where}) needs plugin "${needed}", which the config does not list. Add "${needed}" to "plugins" before "${plugin}".`,
  },
  PLUGIN_ORDER: {
    code: 'LW_ERR_PLUGIN_ORDER',
    kind: 'config',
    message: (plugin: string, where: string, before: string, beforeWhere: string) =>
      `plugin "${plugin}" (${where}) must come after "${before}" (${beforeWhere}) in "plugins". Move "${before}" above "${plugin}".`,
  },
  PLUGIN_META: {
    code: 'LW_ERR_PLUGIN_META',
    kind: 'config',
    message: (plugin: string, problem: string) => `plugin "${plugin}" declares ${problem}. This is a bug in the plugin: report it to its author.`,
  },
  REDACTION_FAILED: {
    code: 'LW_ERR_REDACTION_FAILED',
    kind: 'internal',
    message: (reason: string) => `redaction failed (${reason}); the record's fields were withheld rather than risk a leak.`,
  },
  EVENT_DUPLICATE: {
    code: 'LW_ERR_EVENT_DUPLICATE',
    kind: 'config',
    message: (event: string, first: string, second: string) =>
      `the event "${event}" is declared by both plugin "${first}" and plugin "${second}", differently. Keep one of them, or redeclare the event under "events" in the config (the config's declaration wins).`,
  },
  LOGGER_STARTING: {
    code: 'LW_ERR_LOGGER_STARTING',
    kind: 'unavailable',
    message: (what: string) =>
      `${what} is not available until the logger made by createLoggerSync() has started (records logged meanwhile are kept). Await log.flush() first, or use createLogger().`,
  },
  CONFIG_NOT_SYNC: {
    code: 'LW_ERR_CONFIG_NOT_SYNC',
    kind: 'config',
    message: (file: string, reason: string) =>
      `createLoggerSync() cannot read ${file} synchronously (${reason}). Use a JSON or YAML config file, pass the config inline, or use await createLogger().`,
  },
})

export type ErrorCode = (typeof Errors)[keyof typeof Errors]['code']

/** A short, single-line description of anything thrown, for reports that must not leak stacks. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return String(err)
}
