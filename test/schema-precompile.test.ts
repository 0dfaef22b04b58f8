import { describe, expect, it } from 'vitest'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import { configSchema } from '../core/config-schema.js'
import { AJV_OPTIONS, addKeywords, precompiledName } from '../core/validate.js'
import type { JsonSchema } from '../core/plugin.js'

const require = createRequire(import.meta.url)
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

async function shipped(): Promise<Array<[string, JsonSchema]>> {
  const out: Array<[string, JsonSchema]> = [['core config', configSchema as JsonSchema]]
  // the built plugins, as a user's config loads them
  const plugins = readdirSync(`${DIST}plugins`).filter((n) => existsSync(`${DIST}plugins/${n}/index.js`))
  expect(plugins.length).toBeGreaterThanOrEqual(9)
  for (const name of plugins) {
    const url = pathToFileURL(`${DIST}plugins/${name}/index.js`).href
    const schema = ((await import(/* @vite-ignore */ url)) as { default?: { schema?: JsonSchema } }).default?.schema
    if (schema) out.push([name, schema])
  }
  return out
}

/** What a message is made of; verbose mode's copies of the schema differ only in identity and key order. */
function plain(errors: ValidateFunction['errors']) {
  return errors?.map(({ schema: _s, parentSchema: _p, ...rest }) => rest) ?? null
}

/** Values of every kind for each option, so both validators meet wrong types, bounds and defaults. */
function inputs(schema: JsonSchema): unknown[] {
  const props = Object.keys((schema.properties ?? {}) as object)
  const odd: unknown[] = [0, -1, 1.5, 2 ** 40, '', 'x', '10MB', true, null, [], ['x'], {}, { a: 1 }]
  const out: unknown[] = [{}, { unknownOption: 1 }, [], 'x', null]
  for (const key of props) for (const v of odd) out.push({ [key]: v })
  out.push(Object.fromEntries(props.map((k, i) => [k, odd[i % odd.length]])))
  return out
}

describe('schemas compiled at build time', () => {
  it('exist in dist for the core config and every built-in plugin, and judge like ajv at runtime (errors, defaults)', async () => {
    let compiled = 0
    for (const [what, schema] of await shipped()) {
      const file = `${DIST}core/precompiled/${precompiledName(schema)}`
      compiled++
      expect(existsSync(file), `${what}: ${file} (run npm run build)`).toBe(true)
      const built = require(file) as ValidateFunction
      const runtime = addKeywords(new Ajv(AJV_OPTIONS)).compile(schema)
      for (const input of inputs(schema)) {
        const a = structuredClone(input)
        const b = structuredClone(input)
        const okBuilt = built(a)
        const okRuntime = runtime(b)
        expect({ what, ok: okBuilt, errors: plain(built.errors), data: a }).toEqual({ what, ok: okRuntime, errors: plain(runtime.errors), data: b })
      }
    }
    expect(compiled).toBeGreaterThanOrEqual(10)
  })

  it('are named by the schema text, so an edited schema never meets a stale validator', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(precompiledName(schema)).toBe(precompiledName(structuredClone(schema)))
    expect(precompiledName(schema)).not.toBe(precompiledName({ ...schema, additionalProperties: false }))
  })
})
