/** Finds, reads, interpolates and validates the config. The result is frozen. */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { cosmiconfig } from 'cosmiconfig'
import { Errors, LwError, describeError } from './errors.js'
import { levelValue } from './levels.js'
import { configSchema, DEFAULTS, DEFAULT_CATEGORIES, type ResolvedConfig } from './config-schema.js'
import { problems } from './validate.js'
import { ConfigProblems } from './config-problems.js'
import type { LogwardenPlugin } from './plugin.js'

/** A config as written: plugin entries are names, `{ name: options }`, or plugin objects (JS/TS). */
export interface LogwardenConfig {
  level?: string | number
  categories?: string[]
  errorCopies?: boolean
  flushTimeoutMs?: number
  queue?: Partial<ResolvedConfig['queue']>
  batch?: Partial<ResolvedConfig['batch']>
  workers?: Partial<ResolvedConfig['workers']>
  exit?: Partial<ResolvedConfig['exit']>
  record?: Partial<ResolvedConfig['record']>
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
  '.logwardenrc', '.logwardenrc.json', '.logwardenrc.yaml', '.logwardenrc.yml',
  'logwarden.config.ts', 'logwarden.config.mjs', 'logwarden.config.js', 'logwarden.config.cjs',
  'logwarden.config.json', 'logwarden.config.yaml', 'logwarden.config.yml',
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
}

export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const checked = await checkConfig(options)
  checked.problems.throwIfAny()
  return checked.loaded
}

/**
 * Reads the config like loadConfig and gathers every problem of its own (env references, the
 * schema); a file that cannot be found or parsed still throws. `config validate` uses this.
 */
export async function checkConfig(options: LoadOptions = {}): Promise<CheckedConfigData> {
  const cwd = resolve(options.cwd ?? process.cwd())
  let raw: unknown
  let file: string | undefined
  if (options.config) {
    raw = options.config
  } else {
    const explorer = cosmiconfig('logwarden', { searchStrategy: 'project', searchPlaces: SEARCH_PLACES })
    try {
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
      throw Errors.CONFIG_LOAD(file ?? cwd, describeError(err))
    }
    raw ??= EMBEDDED_DEFAULT
  }
  const where = file ?? 'inline config'
  return checkConfigData(raw, where, file, cwd)
}

/** Interpolates and validates a config as read, gathering every problem instead of stopping at the first. */
export interface CheckedConfigData {
  loaded: LoadedConfig
  problems: ConfigProblems
  /** the config as written, interpolated: what `config validate` looks at for notices */
  data: LogwardenConfig
}

export function checkConfigData(raw: unknown, where: string, file: string | undefined, cwd: string): CheckedConfigData {
  const found = new ConfigProblems(where)
  const baseDir = file ? dirname(file) : cwd
  // plugin objects from JS configs hold functions; everything else is interpolated and validated
  const data = interpolate(raw, where, '', found) as LogwardenConfig
  found.invalid(problems(configSchema, data, where, '', baseDir))
  const loaded = { resolved: resolveConfig(found.lines.length ? {} : data, file, baseDir), plugins: Array.isArray(data.plugins) ? data.plugins : [], where }
  return { loaded, problems: found, data }
}

function resolveConfig(c: LogwardenConfig, configFile: string | undefined, baseDir: string): ResolvedConfig {
  const categories = [...new Set([...DEFAULT_CATEGORIES, ...(c.categories ?? [])])]
  const level = levelValue(c.level ?? DEFAULTS.level)!
  return Object.freeze({
    level,
    categories: Object.freeze(categories),
    errorCopies: c.errorCopies ?? DEFAULTS.errorCopies,
    flushTimeoutMs: c.flushTimeoutMs ?? DEFAULTS.flushTimeoutMs,
    queue: Object.freeze({ ...DEFAULTS.queue, ...c.queue }),
    batch: Object.freeze({ ...DEFAULTS.batch, ...c.batch }),
    workers: Object.freeze({ threads: c.workers?.threads ?? 0 }),
    exit: Object.freeze({ ...DEFAULTS.exit, ...c.exit }),
    record: Object.freeze({ ...DEFAULTS.record, ...c.record }),
    configFile,
    baseDir,
  })
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g

/**
 * `${env:NAME}` in any string; a missing variable names the variable and where, never a value.
 * With `found`, a missing variable is recorded there and its reference left in place (so the
 * schema checks go on without reporting the same place twice); without it, it throws.
 */
export function interpolate(value: unknown, where: string, path: string, found?: ConfigProblems): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${env:')) return value
    return value.replace(ENV_REF, (ref, name: string) => {
      const v = process.env[name]
      if (v !== undefined) return v
      const err = Errors.ENV_MISSING(name, `${where}: ${path || '(root)'}`)
      if (!found) throw err
      found.add(err)
      return ref
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, where, `${path}[${i}]`, found))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, where, path ? `${path}.${k}` : k, found)
    return out
  }
  return value
}

