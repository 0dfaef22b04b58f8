/**
 * Build step (`npm run build` runs it after tsc): compiles the core config schema and every
 * built-in plugin's options schema into ajv standalone modules in dist/core/precompiled/, which
 * validate.ts loads instead of generating code at each start (ajv's code generation was half of
 * createLogger()'s main-thread time). A schema whose code cannot be generated (a keyword given as
 * a function) is left to runtime compilation, and said so.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { Ajv } from 'ajv'
import standalone from 'ajv/dist/standalone/index.js'
import { configSchema } from './config-schema.js'
import { builtinPlugins } from './plugin-loader.js'
import { AJV_OPTIONS, addKeywords, precompiledName } from './validate.js'
import type { JsonSchema } from './plugin.js'
import type { EventCatalog } from './events/types.js'
import { EVENT_AJV_OPTIONS, fieldsSchema, precompiledEventName } from './events/validator.js'

const OUT_DIR = fileURLToPath(new URL('./precompiled/', import.meta.url))
const PLUGINS_DIR = fileURLToPath(new URL('../plugins/', import.meta.url))

/** The schemas validate.ts trusts: the same objects config.ts and plugin-loader.ts pass it. */
async function shippedSchemas(): Promise<Array<[string, JsonSchema]>> {
  const out: Array<[string, JsonSchema]> = [['core config', configSchema as JsonSchema]]
  for (const name of builtinPlugins()) {
    const schema = (await builtin(name))?.schema
    if (schema) out.push([`plugin ${name}`, schema])
  }
  return out
}

async function builtin(name: string): Promise<{ schema?: JsonSchema; events?: EventCatalog } | undefined> {
  const mod = (await import(pathToFileURL(resolve(PLUGINS_DIR, name, 'index.js')).href)) as { default?: { schema?: JsonSchema; events?: EventCatalog } }
  return mod.default
}

/** The fields schemas of the built-in event packs (events-trading), for core/events/validator.ts. */
async function shippedEventSchemas(): Promise<Array<[string, JsonSchema]>> {
  const out: Array<[string, JsonSchema]> = []
  for (const name of builtinPlugins()) {
    for (const [event, def] of Object.entries((await builtin(name))?.events ?? {})) out.push([`${name} event ${event}`, fieldsSchema(def)])
  }
  return out
}

export async function precompileSchemas(): Promise<{ written: string[]; skipped: string[] }> {
  rmSync(OUT_DIR, { recursive: true, force: true })
  mkdirSync(OUT_DIR, { recursive: true })
  const written: string[] = []
  const skipped: string[] = []
  for (const [what, schema] of await shippedSchemas()) {
    // one instance per schema, so each module holds only its own code
    const ajv = addKeywords(new Ajv({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, source: true } }))
    try {
      const code = standalone.default(ajv, ajv.compile(schema))
      writeFileSync(resolve(OUT_DIR, precompiledName(schema)), code)
      written.push(what)
    } catch (err) {
      skipped.push(`${what}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  let events = 0
  for (const [what, schema] of await shippedEventSchemas()) {
    const ajv = new Ajv({ ...EVENT_AJV_OPTIONS, code: { source: true } })
    try {
      writeFileSync(resolve(OUT_DIR, precompiledEventName(schema)), standalone.default(ajv, ajv.compile(schema)))
      events++
    } catch (err) {
      skipped.push(`${what}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  if (events > 0) written.push(`${events} event validators`)
  return { written, skipped }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { written, skipped } = await precompileSchemas()
  process.stdout.write(`schemas compiled at build time: ${written.join(', ')}\n`)
  for (const s of skipped) process.stdout.write(`  left to runtime compilation: ${s}\n`)
}
