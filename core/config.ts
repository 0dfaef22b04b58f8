/** Finds, reads, interpolates and validates the config. The result is frozen. */
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { Errors, LwError } from './errors.js'
import { levelValue } from './levels.js'
import { configSchema, DEFAULTS, DEFAULT_CATEGORIES, type ResolvedConfig } from './config-schema.js'
import { problems, trustSchema } from './validate.js'
import { ConfigProblems } from './config-problems.js'
import type { LogwardenPlugin } from './plugin.js'
import { describeLoadError } from './config-errors.js'
import { Scrubber } from './scrub.js'
import type { EventCatalog, ValidateMode } from './events/types.js'
import { catalogCategories } from './events/contributions.js'
import { stdoutFromEnv } from './stdout-env.js'

/** A config as written: plugin entries are names, `{ name: options }`, or plugin objects (JS/TS). */
export interface LogwardenConfig {
  level?: string | number
  categories?: string[]
  errorCopies?: boolean
  /** `false` turns off the redaction the core adds when no `redact` plugin is listed */
  redact?: boolean
  flushTimeoutMs?: number
  startTimeoutMs?: number
  queue?: Partial<ResolvedConfig['queue']>
  batch?: Partial<ResolvedConfig['batch']>
  workers?: Partial<ResolvedConfig['workers']>
  exit?: Partial<ResolvedConfig['exit']>
  record?: Partial<ResolvedConfig['record']>
  /** durable categories: `false`, or which categories and how far (see docs/config.md, Durability) */
  durable?: false | { categories?: string[]; sync?: 'write' | 'fsync'; dir?: string }
  /** the event catalog: name → category, level, message template, fields (docs/events.md) */
  events?: EventCatalog
  /** check event fields against their declaration: 'on' (default), 'off', or 'dev' (not when NODE_ENV=production) */
  validateEvents?: ValidateMode
  plugins?: PluginEntry[]
}

export type PluginEntry = string | Record<string, unknown> | LogwardenPlugin | [LogwardenPlugin | string, unknown]

/** What a logger uses when no config is given or found: redaction on, JSON files in ./logs. */
export const EMBEDDED_DEFAULT: LogwardenConfig = Object.freeze({
  level: 'info',
  plugins: ['redact', { 'sink-file': { dir: './logs' } }],
}) as LogwardenConfig

/** Where cosmiconfig looks, in order, in each directory from cwd up to the project root. */
export const SEARCH_PLACES = [
  'package.json',
  '.logwardenrc',
  '.logwardenrc.json',
  '.logwardenrc.yaml',
  '.logwardenrc.yml',
  'logwarden.config.ts',
  'logwarden.config.mjs',
  'logwarden.config.js',
  'logwarden.config.cjs',
  'logwarden.config.json',
  'logwarden.config.yaml',
  'logwarden.config.yml',
]

export interface LoadOptions {
  config?: LogwardenConfig
  configFile?: string
  cwd?: string
}

export interface LoadedConfig {
  resolved: ResolvedConfig
  plugins: PluginEntry[]
  /** how to name the config in error messages */
  where: string
  /** the secrets seen while loading; every error built from foreign text goes through it */
  scrubber: Scrubber
}

trustSchema(configSchema)

/**
 * `scrubber` collects the secrets seen (the logger passes its own, so later errors are scrubbed
 * too); every error this throws already went through it.
 */
export async function loadConfig(options: LoadOptions = {}, scrubber: Scrubber = new Scrubber().addSecretEnv()): Promise<LoadedConfig> {
  try {
    const checked = await checkConfig(options, scrubber)
    checked.problems.throwIfAny()
    return checked.loaded
  } catch (err) {
    throw scrubber.error(err)
  }
}

/**
 * Reads the config like loadConfig and gathers every problem of its own (env references, the
 * schema); a file that cannot be found or parsed still throws. `config validate` uses this.
 */
export async function checkConfig(options: LoadOptions = {}, scrubber: Scrubber = new Scrubber().addSecretEnv()): Promise<CheckedConfigData> {
  const cwd = resolve(options.cwd ?? process.cwd())
  let raw: unknown
  let file: string | undefined
  if (options.config) {
    raw = options.config
  } else {
    try {
      // loaded only to search or read a file: an inline config never pays for it
      const { cosmiconfig } = await import('cosmiconfig')
      const explorer = cosmiconfig('logwarden', { searchStrategy: 'project', searchPlaces: SEARCH_PLACES })
      if (options.configFile) {
        file = resolve(cwd, options.configFile)
        if (!existsSync(file)) throw Errors.CONFIG_NOT_FOUND(file)
        raw = (await explorer.load(file))?.config
      } else {
        const found = await explorer.search(cwd)
        file = found?.filepath
        raw = found?.config
      }
    } catch (err) {
      if (err instanceof LwError) throw err
      // a search that fails has no result to name the file; cosmiconfig puts it on the error
      const failed = (err as { filepath?: unknown } | null)?.filepath
      // a parser's message quotes the source around the mistake: only where and what is kept
      throw Errors.CONFIG_LOAD(typeof failed === 'string' ? failed : (file ?? cwd), describeLoadError(err))
    }
    raw ??= EMBEDDED_DEFAULT
  }
  const where = file ?? 'inline config'
  return checkConfigData(raw, where, file, cwd, scrubber)
}

/** Interpolates and validates a config as read, gathering every problem instead of stopping at the first. */
export interface CheckedConfigData {
  loaded: LoadedConfig
  problems: ConfigProblems
  /** the config as written, interpolated: what `config validate` looks at for notices */
  data: LogwardenConfig
}

export function checkConfigData(raw: unknown, where: string, file: string | undefined, cwd: string, scrubber: Scrubber = new Scrubber()): CheckedConfigData {
  const found = new ConfigProblems(where)
  const baseDir = file ? dirname(file) : cwd
  // plugin objects from JS configs hold functions; everything else is interpolated and validated
  const data = interpolate(raw, where, '', found, scrubber) as LogwardenConfig
  scrubber.addConfigSecrets(data)
  found.invalid(problems(configSchema, data, where, '', baseDir))
  const stdout = stdoutFromEnv(Array.isArray(data.plugins) ? data.plugins : [])
  if (stdout.problem) found.invalid([stdout.problem])
  const loaded = {
    resolved: resolveConfig(found.lines.length ? {} : data, file, baseDir),
    plugins: stdout.plugins,
    where,
    scrubber,
  }
  return { loaded, problems: found, data }
}

function resolveConfig(c: LogwardenConfig, configFile: string | undefined, baseDir: string): ResolvedConfig {
  // an event's category is declared by declaring the event
  const categories = [...new Set([...DEFAULT_CATEGORIES, ...(c.categories ?? []), ...catalogCategories(c.events)])]
  const level = levelValue(c.level ?? DEFAULTS.level)!
  return Object.freeze({
    level,
    categories: Object.freeze(categories),
    errorCopies: c.errorCopies ?? DEFAULTS.errorCopies,
    flushTimeoutMs: c.flushTimeoutMs ?? DEFAULTS.flushTimeoutMs,
    startTimeoutMs: c.startTimeoutMs ?? DEFAULTS.startTimeoutMs,
    queue: Object.freeze({ ...DEFAULTS.queue, ...c.queue }),
    batch: Object.freeze({ ...DEFAULTS.batch, ...c.batch }),
    workers: Object.freeze({ threads: c.workers?.threads ?? 0 }),
    exit: Object.freeze({ ...DEFAULTS.exit, ...c.exit }),
    record: Object.freeze({ ...DEFAULTS.record, ...c.record }),
    redact: c.redact !== false,
    durable: resolveDurable(c.durable, baseDir),
    events: Object.freeze({ ...c.events }),
    validateEvents: c.validateEvents ?? 'on',
    configFile,
    baseDir,
  })
}

function resolveDurable(d: LogwardenConfig['durable'], baseDir: string): ResolvedConfig['durable'] {
  if (d === false) return false
  const dir = d?.dir === undefined ? undefined : isAbsolute(d.dir) ? d.dir : resolve(baseDir, d.dir)
  return Object.freeze({
    categories: Object.freeze([...(d?.categories ?? DEFAULTS.durable.categories)]),
    sync: d?.sync ?? DEFAULTS.durable.sync,
    ...(dir !== undefined ? { dir } : {}),
  })
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g

/**
 * `${env:NAME}` in any string; a missing variable names the variable and where, never a value.
 * With `found`, a missing variable is recorded there and its reference left in place (so the
 * schema checks go on without reporting the same place twice); without it, it throws. Every value
 * substituted is told to `scrubber`, so no error message can quote it.
 */
export function interpolate(value: unknown, where: string, path: string, found?: ConfigProblems, scrubber?: Scrubber): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${env:')) return value
    return value.replace(ENV_REF, (ref, name: string) => {
      const v = process.env[name]
      if (v !== undefined) {
        scrubber?.addEnv(name, v)
        return v
      }
      const err = Errors.ENV_MISSING(name, `${where}: ${path || '(root)'}`)
      if (!found) throw err
      found.add(err)
      return ref
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, where, `${path}[${i}]`, found, scrubber))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // a plugin object in an inline config is code, not config: its schema's descriptions may
    // well say "use ${env:NAME}"
    if (typeof (value as { apply?: unknown }).apply === 'function') return value
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, where, path ? `${path}.${k}` : k, found, scrubber)
    return out
  }
  return value
}
