/**
 * Field validation for events: one ajv validator per event, compiled on the event's first call
 * (a catalog of fifty events costs nothing at start for the ones never logged). Its own ajv
 * instance: no defaults filled in (the caller's object is never changed), every problem reported.
 */
import { createRequire } from 'node:module'
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import type { EventDef } from './types.js'
import { jsonPath } from '../validate.js'

const require = createRequire(import.meta.url)
let ajv: Ajv | undefined

function instance(): Ajv {
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
    // lwPath and other annotations of ours are not events' business, but must not fail a compile
    ajv = new AjvClass({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false, validateSchema: false })
  }
  return ajv
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
    fn = instance().compile(fieldsSchema(def))
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
  if (e.keyword === 'enum') return `${jsonPath('', e.instancePath)}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  return `${jsonPath('', e.instancePath)}: ${e.message ?? e.keyword}`
}
