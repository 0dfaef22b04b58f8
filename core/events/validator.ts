/**
 * Field validation for events: one ajv validator per event. The built-in packs' validators are
 * generated at build time (core/schema-precompile.ts), so loading one is a require of a small
 * module and ajv itself is never loaded for them; any other catalog's are compiled here, after
 * the logger started (EventRegistry.warm) or, at the latest, on the event's first call. Its own
 * ajv options: no defaults filled in (the caller's object is never changed), every problem reported.
 */
import { createRequire } from 'node:module'
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv'
import type { EventDef } from './types.js'
import { jsonPath, precompiledName } from '../validate.js'

const require = createRequire(import.meta.url)
let ajv: Ajv | undefined

export const EVENT_AJV_OPTIONS: Options = { allErrors: true, strict: false, useDefaults: false, coerceTypes: false, validateSchema: false }

function instance(): Ajv {
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
    ajv = new AjvClass(EVENT_AJV_OPTIONS)
  }
  return ajv
}

/** Where the build puts an event's validator: `event-` and the hash of its fields schema. */
export function precompiledEventName(schema: Record<string, unknown>): string {
  return `event-${precompiledName(schema)}`
}

function precompiled(schema: Record<string, unknown>): ValidateFunction | undefined {
  try {
    return require(`../precompiled/${precompiledEventName(schema)}`) as ValidateFunction
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined
    throw err
  }
}

/** The JSON schema of an event's fields object. */
export function fieldsSchema(def: EventDef): Record<string, unknown> {
  return {
    type: 'object',
    properties: def.fields ?? {},
    ...(def.required?.length ? { required: def.required } : {}),
    additionalProperties: def.additionalFields !== false,
  }
}

/** Compiles an event's schema; a schema ajv refuses becomes a validator reporting that, once per call. */
export function compileFields(def: EventDef): (fields: Record<string, unknown>) => string[] | undefined {
  let fn: ValidateFunction
  try {
    const schema = fieldsSchema(def)
    fn = precompiled(schema) ?? instance().compile(schema)
  } catch (err) {
    const problem = `the event's declared fields are not a valid JSON schema: ${(err as Error).message}`
    return () => [problem]
  }
  return (fields) => (fn(fields) ? undefined : (fn.errors ?? []).map(describe))
}

/** `price: must be number`, `order_id: is required` — names and rules, never the value (it may be secret). */
function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return `${jsonPath('', `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`)}: is required`
  if (e.keyword === 'additionalProperties')
    return `${jsonPath('', `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`)}: is not a declared field`
  if (e.keyword === 'enum')
    return `${jsonPath('', e.instancePath)}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  return `${jsonPath('', e.instancePath)}: ${e.message ?? e.keyword}`
}
