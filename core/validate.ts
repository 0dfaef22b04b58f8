/**
 * One ajv instance; errors rendered as `file: path: message` lines a person can act on. The
 * schemas shipped in this package are compiled at build time (core/schema-precompile.ts), so a
 * start does not pay ajv's code generation; any other schema is compiled here on first use.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isAbsolute, resolve } from 'node:path'
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv'
import { Errors } from './errors.js'
import type { JsonSchema } from './plugin.js'

/** The largest delay setTimeout honours; a longer one fires at once (Node clamps it to 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1

// verbose: messages quote the offending value (numbers, unit strings) and the schema's wording
// checking a schema against the JSON Schema meta-schema compiles the meta-schema first, which cost
// most of createLogger()'s start; schemas shipped in this package skip that check (see trustSchema)
// verbose: messages quote the offending value (numbers, unit strings) and the schema's wording
export const AJV_OPTIONS: Options = { allErrors: true, useDefaults: true, strict: false, verbose: true, validateSchema: false, code: { optimize: false } }
const require = createRequire(import.meta.url)
let ajv: Ajv | undefined

/** Directory relative paths resolve against during the current (synchronous) validate call. */
let baseDir = process.cwd()

/**
 * `lwPath: 'dir' | 'file'` marks a string option as a path: the core resolves it against the
 * config file's directory (docs/config.md) for every plugin, and refuses a path that exists
 * but is the other kind (`exit.crashFile` naming a directory). To ajv it is only an annotation,
 * so every shipped schema can still be compiled at build time; `resolvePaths` does the work.
 */
export function addKeywords(instance: Ajv): Ajv {
  instance.addKeyword({ keyword: 'lwPath', schemaType: 'string' })
  return instance
}

interface PathSchema {
  lwPath?: unknown
  properties?: Record<string, unknown>
  items?: unknown
  anyOf?: unknown[]
  oneOf?: unknown[]
  allOf?: unknown[]
}

/** Resolves every `lwPath` string under holder[key] in place; a path of the wrong kind becomes an error. */
function resolvePaths(schema: unknown, holder: Record<string | number, unknown>, key: string | number, pointer: string, out: ErrorObject[]): void {
  if (!schema || typeof schema !== 'object') return
  const s = schema as PathSchema
  const value = holder[key]
  if ((s.lwPath === 'dir' || s.lwPath === 'file') && typeof value === 'string') {
    const abs = isAbsolute(value) ? value : resolve(baseDir, value)
    holder[key] = abs
    const st = statOrUndefined(abs)
    if (st && (s.lwPath === 'dir' ? !st.isDirectory() : st.isDirectory())) {
      const message = s.lwPath === 'dir' ? `must be a directory (${abs} is a file)` : `must be a file (${abs} is a directory)`
      out.push({ keyword: 'lwPath', instancePath: pointer, schemaPath: '#/lwPath', params: { kind: s.lwPath }, message })
    }
    return
  }
  // an absolute path resolves to itself, so a path reached through two branches is harmless
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) resolvePaths(sub, holder, key, pointer, out)
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    if (s.items) for (let i = 0; i < value.length; i++) resolvePaths(s.items, value as unknown as Record<number, unknown>, i, `${pointer}/${i}`, out)
  } else if (s.properties) {
    const obj = value as Record<string, unknown>
    for (const [k, sub] of Object.entries(s.properties))
      if (k in obj) resolvePaths(sub, obj, k, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out)
  }
}

/** ENOENT, and ENOTDIR under a file, both mean "not there"; whether it can be created is another check. */
function statOrUndefined(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}

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
    ajv = addKeywords(new AjvClass(AJV_OPTIONS))
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
    case 'maximum':
      if ((e.params as { limit: number }).limit === MAX_TIMER_MS) return `must be <= ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node runs)`
      return e.message ?? e.keyword
    default:
      // `errorMessage` in a schema words what a value should look like ("a size such as …")
      return (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage ?? e.message ?? e.keyword
  }
}

/**
 * Validates (and fills defaults into, and resolves `lwPath` options in) `data`; returns one
 * `file: path: message` line per problem, none when valid. `anyOf` noise is folded: an `anyOf`
 * that says what it expects (`errorMessage`) is reported once with that text, otherwise only its
 * most specific branch errors are shown.
 */
export function problems(schema: JsonSchema, data: unknown, where: string, prefix: string, base?: string): string[] {
  const fn = compile(schema)
  baseDir = base ?? process.cwd()
  const valid = fn(data)
  // after the defaults are in, so a default path is resolved too
  const pathErrors: ErrorObject[] = []
  resolvePaths(schema, { root: data }, 'root', '', pathErrors)
  if (valid && pathErrors.length === 0) return []
  const all = [...(fn.errors ?? []), ...pathErrors]
  // a worded anyOf replaces the errors of its branches at the same place
  const worded = all.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && (e.parentSchema as { errorMessage?: string }).errorMessage)
  const hidden = (e: ErrorObject) => worded.some((w) => w !== e && e.instancePath === w.instancePath && e.schemaPath.startsWith(w.schemaPath))
  const errors = all.filter((e) => (worded.includes(e) || (e.keyword !== 'anyOf' && e.keyword !== 'oneOf')) && !hidden(e))
  return [
    ...new Set(
      (errors.length ? errors : all).map((e) => {
        const path = jsonPath(prefix, e.instancePath + (e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : ''))
        return `  ${where}: ${path}: ${e.keyword === 'required' ? 'is required' : describe(e)}${got(e)}`
      }),
    ),
  ]
}

/** The offending value only when it cannot be a secret: a number, a boolean, or a unit-like string ("50XB"). */
function got(e: ErrorObject): string {
  const v = e.data
  if (e.keyword === 'additionalProperties' || e.keyword === 'required') return ''
  if (typeof v === 'number' || typeof v === 'boolean') return ` (got ${v})`
  if (typeof v === 'string' && /^\d+(?:\.\d+)? ?[A-Za-z]{0,4}$/.test(v)) return ` (got ${JSON.stringify(v)})`
  return ''
}

/** Like `problems`, but throws Errors.CONFIG_INVALID naming every problem. */
export function validate(schema: JsonSchema, data: unknown, where: string, prefix: string, base?: string): void {
  const lines = problems(schema, data, where, prefix, base)
  if (lines.length) throw Errors.CONFIG_INVALID(where, lines.join('\n'))
}
