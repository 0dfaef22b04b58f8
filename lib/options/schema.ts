/**
 * Builders for plugin option schemas, so that one schema gives the options' type, their defaults
 * (filled by the core's ajv) and the README table (npm run docs:options). TypeBox's types, plain
 * objects at run time (type.ts): TypeBox itself is never loaded.
 */
import type { Static, TObject, TOptional, TSchema, SchemaOptions } from '@sinclair/typebox'
import { Type } from './type.js'
import { DURATION_EXPECTED, DURATION_PATTERN, SIZE_EXPECTED, SIZE_PATTERN } from '../util/index.js'

/** The largest delay setTimeout honours; a longer one fires at once. */
import { MAX_TIMER_MS } from '../util/index.js'
export { MAX_TIMER_MS }

declare const defaulted: unique symbol
/** An optional property whose default the core fills in: present in the resolved options type. */
export type TDefault<T extends TSchema> = TOptional<T> & { readonly [defaulted]: true }

export function Default<T extends TSchema>(schema: T, value: Static<T>): TDefault<T> {
  return Type.Optional({ ...schema, default: value }) as unknown as TDefault<T>
}

type DefaultedKeys<P> = { [K in keyof P]: P[K] extends { readonly [defaulted]: true } ? K : never }[keyof P]

/** A defaulted value as filled: an object's own defaults filled too. */
type Filled<S> = S extends TObject ? Resolved<S> : S extends TSchema ? Exclude<Static<S>, undefined> : never

/** The options as `apply` receives them: validated, with every default filled in (in nested objects too). */
export type Resolved<T extends TObject> = Static<T> & { [K in DefaultedKeys<T['properties']> & keyof Static<T>]-?: Filled<T['properties'][K]> }

/** Bytes, or a string such as '50MB' (lib/util/units.ts spells out the units). */
export function Size(options: SchemaOptions = {}) {
  return Type.Union([Type.String({ pattern: SIZE_PATTERN }), Type.Integer({ minimum: 0 })], { errorMessage: `must be ${SIZE_EXPECTED}`, ...options })
}

/** Milliseconds, or a string such as '90d'. */
export function Duration(options: SchemaOptions = {}) {
  return Type.Union([Type.String({ pattern: DURATION_PATTERN }), Type.Integer({ minimum: 0 })], { errorMessage: `must be ${DURATION_EXPECTED}`, ...options })
}

/** A delay in ms that a timer will wait: bounded by what setTimeout can honour. */
export function TimerMs(options: SchemaOptions & { minimum?: number } = {}) {
  return Type.Integer({ minimum: 0, maximum: MAX_TIMER_MS, ...options })
}

/**
 * A path option: the core resolves it against the config file's directory and refuses one that
 * exists but is the other kind (core/validate.ts, keyword `lwPath`).
 */
export function PathOption(kind: 'dir' | 'file', options: SchemaOptions = {}) {
  return Type.String({ minLength: 1, lwPath: kind, ...options })
}

/** One of these strings: a plain `enum`, so a mistake reads "must be one of …" rather than a list of `const` failures. */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/** A level name or number, as the core's `level` takes it. */
export function Level(options: SchemaOptions = {}) {
  return Type.Union([StringEnum(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'critical', 'fatal']), Type.Integer({ minimum: 0 })], {
    errorMessage: 'must be a level name (trace, debug, info, warn, error, critical, fatal) or a number',
    ...options,
  })
}

/**
 * A copy of `value` with the schema's defaults filled in, in nested objects too, as the core's
 * ajv (`useDefaults`) fills them: for code handed options without the core in between (a sink
 * created directly). Followed: `properties`, and the values of a `Type.Record`
 * (`patternProperties`) or of an object schema's `additionalProperties`. `R`: the resolved type
 * when the plugin spells out what `Resolved` does not follow (a record's values' defaults).
 */
export function withDefaults<T extends TObject, R = Resolved<T>>(schema: T, value: unknown = {}): R {
  return fill(schema, structuredClone(value)) as R
}

interface Fillable {
  properties?: Record<string, { default?: unknown }>
  patternProperties?: Record<string, unknown>
  additionalProperties?: unknown
}

function fill(schema: unknown, value: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const { properties: props = {}, patternProperties, additionalProperties } = schema as Fillable
  const obj = value as Record<string, unknown>
  for (const [key, sub] of Object.entries(props)) {
    if (obj[key] === undefined && 'default' in sub) obj[key] = structuredClone(sub.default)
    if (obj[key] !== undefined) obj[key] = fill(sub, obj[key])
  }
  const others = patternProperties?.['^(.*)$'] ?? additionalProperties
  if (others !== undefined) for (const key of Object.keys(obj)) if (!(key in props)) obj[key] = fill(others, obj[key])
  return obj
}
