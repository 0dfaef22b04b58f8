/**
 * Event catalogs in TypeScript: `defineEvents({...})` is a plugin (list it under `plugins`) that
 * declares its events and their categories, and carries their field types for `typedEvents`.
 */
import type { LogwardenPlugin } from '../plugin.js'
import { catalogCategories } from './contributions.js'
import type { EventCatalog, FieldsOf } from './types.js'
import type { EndTimer } from './write.js'

export interface EventPack<C extends EventCatalog = EventCatalog> extends LogwardenPlugin<Record<string, never>> {
  readonly events: C
  readonly categories: readonly string[]
}

export interface DefineEventsOptions {
  /** the plugin's name in `log.stats().plugins` and in errors (default `events`) */
  name?: string
  /** categories to declare besides those of the events */
  categories?: readonly string[]
}

/**
 * A catalog as a plugin. Declared with `const` inference, so `{ type: 'number' }` types its field
 * as a number without `as const`.
 */
export function defineEvents<const C extends EventCatalog>(events: C, options: DefineEventsOptions = {}): EventPack<C> {
  return Object.freeze({
    name: options.name ?? 'events',
    events,
    categories: Object.freeze([...new Set([...(options.categories ?? []), ...catalogCategories(events)])]),
    apply() {},
  })
}

/** `log.event` and `log.time` typed by one catalog's fields (name → fields). */
export interface TypedEvents<F> {
  event<N extends keyof F & string>(name: N, fields: F[N]): string | undefined
  time<N extends keyof F & string>(name: N, fields?: Partial<F[N]>): EndTimer<F[N]>
}

/** Anything with `event` and `time` (a Logger, a child, a category view). */
interface EventCalls {
  event(name: string, fields?: Record<string, unknown>): string | undefined
  time(name: string, fields?: Record<string, unknown>): EndTimer
}

/** The same logger, its event calls typed by `pack`'s catalog (no cost: it is the logger itself). */
export function typedEvents<C extends EventCatalog>(log: EventCalls, pack: EventPack<C> | C): TypedEvents<FieldsOf<C>> {
  void pack
  return log as unknown as TypedEvents<FieldsOf<C>>
}
