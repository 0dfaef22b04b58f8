/**
 * The event catalog's shapes: what an event declaration holds, and the types a TypeScript catalog
 * (`defineEvents({...} as const)`) derives its fields from.
 */
import type { LevelInput } from '../levels.js'

/** One field's JSON schema: the usual keywords (type, enum, properties, items, minimum…). */
export type FieldSchema = Readonly<Record<string, unknown>>

/** `level` as a table, for YAML/JSON catalogs: the first `when` whose fields all equal `match` wins. */
export interface LevelRule {
  readonly default?: LevelInput
  readonly when: ReadonlyArray<{ readonly match: Readonly<Record<string, unknown>>; readonly level: LevelInput }>
}

/** An event declared once: where it goes, how loud it is, how it reads, what its fields are. */
export interface EventDef {
  /** the category its records are written in (declared by declaring the event) */
  readonly category: string
  /** default `info`; a function of the fields (TS catalogs) or a `when` table */
  readonly level?: LevelInput | LevelRule | ((fields: Record<string, unknown>) => LevelInput)
  /**
   * the record's message: `Order {order_id} filled at {price}` (`{a.b}` reaches into objects), or
   * in TS catalogs a function of the fields. Rendered from the fields after redaction.
   */
  readonly message?: string | ((fields: Record<string, unknown>) => string)
  /** a short human title for alerts and the CLI (default: the name, humanized) */
  readonly title?: string
  /** each field's JSON schema */
  readonly fields?: Readonly<Record<string, FieldSchema>>
  /** field names that must be present */
  readonly required?: readonly string[]
  /** default true: fields the declaration does not name are written as given */
  readonly additionalFields?: boolean
  /** what the event means, for the docs and the generated types */
  readonly description?: string
}

export type EventCatalog = Readonly<Record<string, EventDef>>

/** `validate: 'dev'` validates unless NODE_ENV is `production`. */
export type ValidateMode = 'on' | 'off' | 'dev'

// ---- field types from a catalog declared `as const`

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The TS type of one field schema (the common keywords; anything else is `unknown`). */
export type TypeOfSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly type: infer T }
      ? T extends readonly (infer U)[]
        ? TypeOfName<U, S>
        : TypeOfName<T, S>
      : unknown

type TypeOfName<T, S> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { readonly items: infer I }
            ? TypeOfSchema<I>[]
            : unknown[]
          : T extends 'object'
            ? S extends { readonly properties: infer P }
              ? ObjectOf<P, S extends { readonly required: readonly (infer R)[] } ? R : never, true>
              : Record<string, unknown>
            : unknown

type ObjectOf<P, R, Open extends boolean> = Simplify<
  { -readonly [K in keyof P as K extends R ? K : never]: TypeOfSchema<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: TypeOfSchema<P[K]>
  } & (Open extends true ? { [extra: string]: unknown } : unknown)
>

/** The fields of one declared event. */
export type FieldsOfEvent<D> = D extends { readonly fields: infer P }
  ? ObjectOf<P, D extends { readonly required: readonly (infer R)[] } ? R : never, D extends { readonly additionalFields: false } ? false : true>
  : Record<string, unknown>

/** event name → its fields, for a whole catalog */
export type FieldsOf<C> = { [N in keyof C]: FieldsOfEvent<C[N]> }

/**
 * Augment this interface to type `log.event` / `log.time` for a catalog (what `logwarden types`
 * generates, or `interface EventFieldsMap extends FieldsOf<typeof events> {}`). Empty: any name.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventFieldsMap {}

/** The names `log.event` accepts: the augmented map's, else any string. */
export type EventName = keyof EventFieldsMap extends never ? string : Extract<keyof EventFieldsMap, string>
/** The fields of `N` in the augmented map, else any fields. */
export type EventFields<N> = N extends keyof EventFieldsMap ? EventFieldsMap[N] : Record<string, unknown>
