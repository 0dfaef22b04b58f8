/**
 * Turns config plugin entries into validated (plugin, options) pairs. Built-in plugins are found by
 * short name under plugins/, third-party ones by npm name or by a path relative to the config file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { isAbsolute, resolve as resolvePath } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Errors, LwError, describeError } from './errors.js'
import type { LogwardenPlugin } from './plugin.js'
import type { PluginEntry } from './config.js'
import { problems, trustSchema, validate } from './validate.js'
import { ConfigProblems } from './config-problems.js'
import type { ResolvedConfig } from './config-schema.js'
import { contributedCategories } from './events/contributions.js'
import { checkOrder, checkVersion } from './plugin-meta.js'

const PLUGINS_URL = new URL('../plugins/', import.meta.url).href
const PLUGINS_DIR = fileURLToPath(PLUGINS_URL)
/** Added by name when the config lists no plugin of this name (and does not say `redact: false`). */
const REDACT = 'redact'

/** Folders under plugins/ that hold shared code with a public index (notify-common: `logwarden/notifier`), not a plugin. */
const SHARED_CODE = new Set(['notify-common'])

/** Names of the built-in plugins shipped in this package. */
export function builtinPlugins(): string[] {
  if (!existsSync(PLUGINS_DIR)) return []
  return readdirSync(PLUGINS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !SHARED_CODE.has(d.name) && hasIndex(d.name))
    .map((d) => d.name)
    .sort()
}

/** builtinPlugins().includes(name), without listing the folder at each plugin a config names */
function isBuiltin(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(name) && !SHARED_CODE.has(name) && hasIndex(name)
}

/** index.js once built; index.ts when the sources run directly (tests), where `index.js` still resolves */
function hasIndex(name: string): boolean {
  return existsSync(resolvePath(PLUGINS_DIR, name, 'index.js')) || existsSync(resolvePath(PLUGINS_DIR, name, 'index.ts'))
}

/** A path to a package folder (`./my-plugin`) means its entry: package.json's `exports['.']` or `main`. */
function packageEntry(path: string): string {
  let pkg: { exports?: unknown; main?: unknown }
  try {
    if (!statSync(path).isDirectory()) return path
    pkg = JSON.parse(readFileSync(resolvePath(path, 'package.json'), 'utf8')) as typeof pkg
  } catch {
    return path
  }
  let entry: unknown = pkg.exports
  if (entry && typeof entry === 'object' && '.' in entry) entry = (entry as Record<string, unknown>)['.']
  if (entry && typeof entry === 'object') entry = (entry as Record<string, unknown>).import ?? (entry as Record<string, unknown>).default
  if (typeof entry !== 'string') entry = typeof pkg.main === 'string' ? pkg.main : 'index.js'
  return resolvePath(path, entry as string)
}

export interface LoadedPlugin {
  plugin: LogwardenPlugin
  options: unknown
  /** config path of the entry, for messages */
  path: string
}

function isPlugin(v: unknown): v is LogwardenPlugin {
  return typeof v === 'object' && v !== null && typeof (v as LogwardenPlugin).apply === 'function'
}

async function importPlugin(spec: string, baseDir: string, path: string): Promise<LogwardenPlugin> {
  let url: string
  if (spec.startsWith('.') || isAbsolute(spec)) {
    url = pathToFileURL(packageEntry(resolvePath(baseDir, spec))).href
  } else if (isBuiltin(spec)) {
    url = pathToFileURL(resolvePath(PLUGINS_DIR, spec, 'index.js')).href
  } else if (/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(spec)) {
    try {
      // loaded for npm names only: a config of built-in plugins never pays for it
      const { resolve: resolveSpecifier } = await import('import-meta-resolve')
      url = resolveSpecifier(spec, pathToFileURL(resolvePath(baseDir, 'noop.js')).href)
    } catch {
      throw Errors.UNKNOWN_PLUGIN(spec, path, builtinPlugins())
    }
  } else {
    throw Errors.UNKNOWN_PLUGIN(spec, path, builtinPlugins())
  }
  let mod: Record<string, unknown>
  try {
    mod = (await import(url)) as Record<string, unknown>
  } catch (err) {
    throw Errors.PLUGIN_LOAD(spec, describeError(err))
  }
  const plugin = mod.default ?? mod.plugin
  if (!isPlugin(plugin) || typeof plugin.name !== 'string') throw Errors.PLUGIN_SHAPE(spec)
  if (url.startsWith(PLUGINS_URL) && plugin.schema) trustSchema(plugin.schema)
  return plugin
}

export async function loadPlugins(entries: PluginEntry[], config: ResolvedConfig, where: string): Promise<LoadedPlugin[]> {
  const found = new ConfigProblems(where)
  const loaded = await checkPlugins(entries, config, where, found, false)
  found.throwIfAny()
  return loaded
}

/**
 * Loads every plugin and checks its options (schema, then the plugin's own `check`), recording
 * every problem in `found` with its `plugins[i].<name>.<option>` path; the entries that passed
 * are returned. `preflight` (config validate) also runs the checks start leaves to the sinks.
 */
export async function checkPlugins(
  entries: PluginEntry[],
  config: ResolvedConfig,
  where: string,
  found: ConfigProblems,
  preflight: boolean,
): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = []
  config = await withDeclaredCategories(entries, config)
  /** every plugin imported, valid options or not: what `requires` and `after` look at */
  const listed: Array<{ plugin: LogwardenPlugin; path: string }> = []
  for (const [i, entry] of entries.entries()) {
    try {
      const one = await loadEntry(entry, i, config, where, found, preflight, listed)
      if (one) loaded.push(one)
    } catch (err) {
      if (!(err instanceof LwError)) throw err
      found.add(err)
    }
  }
  // a config that forgets `redact` must not send secrets to files and chat channels: redaction is
  // on unless switched off explicitly. Loaded by name: the core imports no plugin.
  if (config.redact && !loaded.some((p) => p.plugin.name === REDACT)) {
    const plugin = await importPlugin(REDACT, config.baseDir, REDACT)
    const options = {}
    if (plugin.schema) validate(plugin.schema, options, where, REDACT)
    loaded.unshift({ plugin, options, path: REDACT })
    listed.unshift({ plugin, path: REDACT })
  }
  for (const err of checkOrder(listed)) found.add(err)
  return loaded
}

async function loadEntry(
  entry: PluginEntry,
  i: number,
  config: ResolvedConfig,
  where: string,
  found: ConfigProblems,
  preflight: boolean,
  listed: Array<{ plugin: LogwardenPlugin; path: string }>,
): Promise<LoadedPlugin | undefined> {
  const baseDir = config.baseDir
  const path = `plugins[${i}]`
  let plugin: LogwardenPlugin
  let options: unknown
  let optionsPath: string
  if (typeof entry === 'string') {
    plugin = await importPlugin(entry, baseDir, `${where}: ${path}`)
    options = {}
    optionsPath = `${path}${keyPath(entry)}`
  } else if (Array.isArray(entry)) {
    const [p, o] = entry
    plugin = isPlugin(p) ? p : await importPlugin(String(p), baseDir, `${where}: ${path}[0]`)
    options = o ?? {}
    optionsPath = `${path}[1]`
  } else if (isPlugin(entry)) {
    plugin = entry
    options = {}
    optionsPath = path
  } else {
    const keys = Object.keys(entry)
    if (keys.length !== 1) {
      found.invalid([`  ${where}: ${path}: must be a plugin name, or an object with exactly one key (the plugin name) whose value is its options`])
      return undefined
    }
    plugin = await importPlugin(keys[0]!, baseDir, `${where}: ${path}`)
    options = (entry as Record<string, unknown>)[keys[0]!] ?? {}
    optionsPath = `${path}${keyPath(keys[0]!)}`
  }
  const tooOld = checkVersion(plugin)
  if (tooOld) throw tooOld
  listed.push({ plugin, path: `${where}: ${optionsPath}` })
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    found.invalid([`  ${where}: ${optionsPath}: must be an object (the plugin's options)`])
    return undefined
  }
  // defaults are filled into a copy: the user's config object is never changed
  const copy = structuredCloneSafe(options)
  if (plugin.schema) {
    const lines = problems(plugin.schema, copy, where, optionsPath, baseDir)
    if (lines.length) {
      found.invalid(lines)
      return undefined
    }
  }
  if (plugin.check) {
    for (const p of plugin.check(copy, { config, preflight })) {
      const line = `${where}: ${p.path ? `${optionsPath}.${p.path}` : optionsPath}: ${p.message}`
      if (p.code && p.code !== Errors.CONFIG_INVALID.code) found.add(new LwError(p.code, line))
      else found.invalid([`  ${line}`])
    }
  }
  return { plugin, options: copy, path: optionsPath }
}

/**
 * The config as the plugins' checks must see it: with the categories every listed plugin declares
 * (an events pack listed after the sink that routes its category). A plugin that cannot be
 * imported is left to the entry's own check, which reports it.
 */
async function withDeclaredCategories(entries: PluginEntry[], config: ResolvedConfig): Promise<ResolvedConfig> {
  const plugins: LogwardenPlugin[] = []
  for (const entry of entries) {
    const ref =
      typeof entry === 'string'
        ? entry
        : Array.isArray(entry)
          ? entry[0]
          : isPlugin(entry)
            ? entry
            : Object.keys(entry).length === 1
              ? Object.keys(entry)[0]
              : undefined
    if (ref === undefined) continue
    try {
      plugins.push(isPlugin(ref) ? ref : await importPlugin(String(ref), config.baseDir, ''))
    } catch {
      // reported by loadEntry
    }
  }
  const added = contributedCategories(plugins).filter((c) => !config.categories.includes(c))
  return added.length ? Object.freeze({ ...config, categories: Object.freeze([...config.categories, ...added]) }) : config
}

/** `.sink-file`, or `["./my-sink.js"]` for names that are paths */
function keyPath(name: string): string {
  return /^[\w@-]+$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`
}

function structuredCloneSafe(v: object): object {
  try {
    return structuredClone(v)
  } catch {
    // options holding functions (a censor callback from a JS config) are used as given
    return { ...v }
  }
}
