/**
 * One ajv instance; errors rendered as `file: path: message` lines a person can act on. The
 * schemas shipped in this package are compiled at build time (core/schema-precompile.ts), so a
 * start does not pay ajv's code generation; any other schema is compiled here on first use.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv'
import { Errors } from './errors.js'
import type { JsonSchema } from './plugin.js'

// checking a schema against the JSON Schema meta-schema compiles the meta-schema first, which cost
// most of createLogger()'s start; schemas shipped in this package skip that check (see trustSchema)
export const AJV_OPTIONS: Options = { allErrors: true, useDefaults: true, strict: false, validateSchema: false, code: { optimize: false } }
const require = createRequire(import.meta.url)
let ajv: Ajv | undefined
const cache = new WeakMap<JsonSchema, ValidateFunction>()
const trusted = new WeakSet<JsonSchema>()

/** A schema shipped with logwarden (core's, a built-in plugin's): its tests check it, not each start. */
export function trustSchema(schema: JsonSchema): void {
  trusted.add(schema)
}

/** Where the build puts a schema's validator: named by the hash of the schema's JSON text. */
export function precompiledName(schema: JsonSchema): string {
  return `${createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 24)}.cjs`
}

/**
 * The build's validator for exactly this schema (the name changes with any edit), or undefined:
 * running from source, or a schema the build could not generate code for.
 */
function precompiled(schema: JsonSchema): ValidateFunction | undefined {
  try {
    return require(`./precompiled/${precompiledName(schema)}`) as ValidateFunction
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined
    throw err
  }
}

/** ajv itself is loaded only when a schema was not compiled at build time. */
export function runtimeAjv(): Ajv {
  if (!ajv) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
    ajv = new AjvClass(AJV_OPTIONS)
  }
  return ajv
}

function compile(schema: JsonSchema): ValidateFunction {
  let fn = cache.get(schema)
  if (!fn) {
    if (trusted.has(schema)) fn = precompiled(schema)
    // throws "schema is invalid: …", as compile did when it checked every schema
    else void runtimeAjv().validateSchema(schema, true)
    fn ??= runtimeAjv().compile(schema)
    cache.set(schema, fn)
  }
  return fn
}

/** `/plugins/1/sink-file/dir` → `plugins[1].sink-file.dir` */
export function jsonPath(prefix: string, pointer: string): string {
  let out = prefix
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part
  }
  return out || '(root)'
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown option "${(e.params as { additionalProperty: string }).additionalProperty}"`
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return e.message ?? e.keyword
  }
}

/**
 * Validates (and fills defaults into) `data`; throws Errors.CONFIG_INVALID naming every problem.
 * `anyOf` noise is folded: only the most specific errors are shown.
 */
export function validate(schema: JsonSchema, data: unknown, where: string, prefix: string): void {
  const fn = compile(schema)
  if (fn(data)) return
  const errors = (fn.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
  const lines = [...new Set((errors.length ? errors : fn.errors ?? []).map((e) => {
    const path = jsonPath(prefix, e.instancePath + (e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : ''))
    return `  ${where}: ${path}: ${e.keyword === 'required' ? 'is required' : describe(e)}`
  }))]
  throw Errors.CONFIG_INVALID(where, lines.join('\n'))
}
