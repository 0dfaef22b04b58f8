/**
 * What plugins add to the config: the categories they declare and their event catalogs. Merged
 * into the resolved config before the pipeline is built, so routes, sinks and checks see them.
 */
import { Errors } from '../errors.js'
import type { ResolvedConfig } from '../config-schema.js'
import type { LogwardenPlugin } from '../plugin.js'
import type { EventCatalog } from './types.js'

type Contributor = Pick<LogwardenPlugin, 'name' | 'categories' | 'events'>

/** The categories of a catalog's events, in order of first use. */
export function catalogCategories(catalog: EventCatalog | undefined): string[] {
  return catalog ? [...new Set(Object.values(catalog).map((d) => d.category))] : []
}

/** The categories plugins declare, their events' included. */
export function contributedCategories(plugins: readonly Contributor[]): string[] {
  return plugins.flatMap((p) => [...(p.categories ?? []), ...catalogCategories(p.events)])
}

/**
 * The config with every plugin's categories and events. Two plugins declaring the same event
 * differently are refused; the config's own `events` may redeclare a plugin's (a level, a
 * template of your own), and win.
 */
export function withContributions(config: ResolvedConfig, plugins: readonly Contributor[]): ResolvedConfig {
  if (!plugins.some((p) => p.categories?.length || p.events)) return config
  const events: Record<string, EventCatalog[string]> = {}
  const owner = new Map<string, string>()
  for (const p of plugins) {
    for (const [name, def] of Object.entries(p.events ?? {})) {
      const before = owner.get(name)
      if (before !== undefined && events[name] !== def) throw Errors.EVENT_DUPLICATE(name, before, p.name)
      events[name] = def
      owner.set(name, p.name)
    }
  }
  Object.assign(events, config.events)
  const categories = [...new Set([...config.categories, ...contributedCategories(plugins)])]
  return Object.freeze({ ...config, categories: Object.freeze(categories), events: Object.freeze(events) })
}
