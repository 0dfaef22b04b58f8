/**
 * The part of TypeBox's `Type` builder that option schemas use, as plain objects. TypeBox itself
 * takes about 100 ms to load, which every `createLogger()` paid because plugins build their
 * schemas when imported; here TypeBox is imported for its types only (erased at build), so the
 * options keep their `Static` types and the running process never loads it.
 *
 * Each builder returns the JSON TypeBox would (same keys, same order; type.test.ts compares them),
 * without TypeBox's symbol keys, which neither ajv nor logwarden reads. Only the forms listed here
 * are supported: `Record` with a string key, `Partial` of an object, `Optional` without its flag.
 */
import type { Type as TypeBox } from '@sinclair/typebox'

type Builder = Pick<
  typeof TypeBox,
  | 'Object'
  | 'Optional'
  | 'Union'
  | 'Literal'
  | 'Array'
  | 'String'
  | 'Integer'
  | 'Number'
  | 'Boolean'
  | 'Null'
  | 'Any'
  | 'Unknown'
  | 'Record'
  | 'Partial'
  | 'Unsafe'
>

type Json = Record<string, unknown>
type Props = Record<string, Json>

// TypeBox marks an optional property with this symbol; kept so `Object` knows what is required
const OPTIONAL = Symbol('lw.optional')

const isOptional = (s: Json) => (s as Record<symbol, unknown>)[OPTIONAL] === true

function object(properties: Props, options: Json = {}): Json {
  const required = Object.keys(properties).filter((k) => !isOptional(properties[k]!))
  return required.length ? { ...options, type: 'object', required, properties } : { ...options, type: 'object', properties }
}

const literalType = (v: unknown) => (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'boolean' : 'number')

const builder = {
  Object: object,
  Optional: (schema: Json) => ({ ...schema, [OPTIONAL]: true }),
  Union: (anyOf: Json[], options: Json = {}) => ({ ...options, anyOf }),
  Literal: (value: unknown, options: Json = {}) => ({ ...options, const: value, type: literalType(value) }),
  Array: (items: Json, options: Json = {}) => ({ ...options, type: 'array', items }),
  String: (options: Json = {}) => ({ ...options, type: 'string' }),
  Integer: (options: Json = {}) => ({ ...options, type: 'integer' }),
  Number: (options: Json = {}) => ({ ...options, type: 'number' }),
  Boolean: (options: Json = {}) => ({ ...options, type: 'boolean' }),
  Null: (options: Json = {}) => ({ ...options, type: 'null' }),
  Any: (options: Json = {}) => ({ ...options }),
  Unknown: (options: Json = {}) => ({ ...options }),
  Record: (_key: Json, value: Json, options: Json = {}) => ({ ...options, type: 'object', patternProperties: { '^(.*)$': value } }),
  Partial: (schema: Json, options: Json = {}) => {
    const properties: Props = {}
    for (const [k, v] of Object.entries(schema.properties as Props)) properties[k] = { ...v, [OPTIONAL]: true }
    const { required: _required, properties: _properties, ...rest } = schema
    return { ...rest, properties, ...options }
  },
  Unsafe: (options: Json = {}) => ({ ...options }),
}

export const Type = builder as unknown as Builder
