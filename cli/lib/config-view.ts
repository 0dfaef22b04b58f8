/**
 * The config as the daemon would run it — validated, defaults filled in — with its secrets
 * hidden: values that came from `${env:NAME}` are shown as that reference again, and whatever
 * still looks secret (key names, webhook URLs, tokens) is censored by the redact plugin's rules.
 */
import { readFileSync } from 'node:fs'
import { loadConfig, type LoadedConfig } from '../../core/config.js'
import { loadPlugins, type LoadedPlugin } from '../../core/plugin-loader.js'
import { levelLabel } from '../../core/levels.js'
import { createRedactor } from '../../plugins/redact/index.js'

export interface CheckedConfig {
  loaded: LoadedConfig
  plugins: LoadedPlugin[]
  file: string | undefined
}

/** Loads and validates like createLogger() does, short of starting anything. */
export async function checkConfig(file: string | undefined): Promise<CheckedConfig> {
  const loaded = await loadConfig(file ? { configFile: file } : {})
  const plugins = await loadPlugins(loaded.plugins, loaded.resolved, loaded.where)
  return { loaded, plugins, file: loaded.resolved.configFile }
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g

function envRefs(file: string | undefined): Array<[string, string]> {
  if (!file) return []
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const names = new Set([...text.matchAll(ENV_REF)].map((m) => m[1]!))
  return [...names].map((n) => [n, process.env[n] ?? ''] as [string, string]).filter(([, v]) => v.length >= 3)
}

function restoreRefs(value: unknown, refs: Array<[string, string]>): unknown {
  if (typeof value === 'string') {
    let s = value
    for (const [name, v] of refs) if (s.includes(v)) s = s.split(v).join(`\${env:${name}}`)
    return s
  }
  if (Array.isArray(value)) return value.map((v) => restoreRefs(v, refs))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreRefs(v, refs)]))
  return value
}

export function printableConfig(c: CheckedConfig): Record<string, unknown> {
  const r = c.loaded.resolved
  const view = {
    file: c.file ?? null,
    level: levelLabel(r.level),
    categories: r.categories,
    errorCopies: r.errorCopies,
    queue: r.queue,
    batch: r.batch,
    workers: r.workers,
    exit: r.exit,
    record: r.record,
    plugins: c.plugins.map((p) => ({ [p.plugin.name]: p.options })),
  }
  const restored = restoreRefs(JSON.parse(JSON.stringify(view)), envRefs(c.file))
  return createRedactor({}).redactValue(restored) as Record<string, unknown>
}
