/**
 * What a plugin declares about its neighbours, checked once the config's plugins are loaded:
 * the logwarden versions it works with (`logwarden`), the plugins it needs (`requires`) and the
 * ones that must be listed before it (`after`). Each broken rule is a coded error naming both
 * config paths, so the fix is a move or an addition in "plugins", not a reading of prose.
 */
import { packageVersion } from '../lib/util/index.js'
import { Errors, type LwError } from './errors.js'
import type { LogwardenPlugin } from './plugin.js'
import { satisfies } from './version-range.js'

interface Placed {
  plugin: LogwardenPlugin
  /** config path of the entry, for messages */
  path: string
}

function names(plugin: LogwardenPlugin, key: 'requires' | 'after'): string[] | LwError {
  const v = plugin[key]
  if (v === undefined) return []
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string')) return Errors.PLUGIN_META(plugin.name, `"${key}" that is not a list of plugin names`)
  return v
}

/** The version check alone: run as each plugin is imported, before its options are looked at. */
export function checkVersion(plugin: LogwardenPlugin, version = packageVersion()): LwError | undefined {
  if (plugin.logwarden === undefined) return undefined
  if (typeof plugin.logwarden !== 'string') return Errors.PLUGIN_META(plugin.name, '"logwarden" that is not a version range string')
  const ok = satisfies(version, plugin.logwarden)
  if (ok === undefined) return Errors.PLUGIN_META(plugin.name, `"logwarden": "${plugin.logwarden}", which is not a version range such as ">=0.1 <1"`)
  return ok ? undefined : Errors.PLUGIN_VERSION(plugin.name, plugin.logwarden, version)
}

/** Every `requires` and `after` rule the list breaks, in list order. */
export function checkOrder(list: readonly Placed[]): LwError[] {
  const out: LwError[] = []
  const index = new Map<string, number>()
  for (const [i, p] of list.entries()) if (!index.has(p.plugin.name)) index.set(p.plugin.name, i)
  for (const [i, { plugin, path }] of list.entries()) {
    const requires = names(plugin, 'requires')
    const after = names(plugin, 'after')
    for (const bad of [requires, after]) if (!Array.isArray(bad)) out.push(bad)
    if (Array.isArray(requires)) for (const needed of requires) if (!index.has(needed)) out.push(Errors.PLUGIN_REQUIRES(plugin.name, path, needed))
    if (Array.isArray(after))
      for (const before of after) {
        const j = index.get(before)
        if (j !== undefined && j > i) out.push(Errors.PLUGIN_ORDER(plugin.name, path, before, list[j]!.path))
      }
  }
  return out
}
