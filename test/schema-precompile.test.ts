import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import { configSchema } from '../core/config-schema.js'
import { builtinPlugins } from '../core/plugin-loader.js'
import { AJV_OPTIONS, precompiledName } from '../core/validate.js'
import type { JsonSchema } from '../core/plugin.js'

const require = createRequire(import.meta.url)
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

async function shipped(): Promise<Array<[string, JsonSchema]>> {
  const out: Array<[string, JsonSchema]> = [['core config', configSchema as JsonSchema]]
  for (const name of builtinPlugins()) {
    const schema = ((await import(`../plugins/${name}/index.js`)) as { default?: { schema?: JsonSchema } }).default?.schema
    if (schema) out.push([name, schema])
  }
  return out
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
    for (const [what, schema] of await shipped()) {
      const file = `${DIST}core/precompiled/${precompiledName(schema)}`
      expect(existsSync(file), `${what}: ${file} (run npm run build)`).toBe(true)
      const built = require(file) as ValidateFunction
      const runtime = new Ajv(AJV_OPTIONS).compile(schema)
      for (const input of inputs(schema)) {
        const a = structuredClone(input)
        const b = structuredClone(input)
        const okBuilt = built(a)
        const okRuntime = runtime(b)
        expect({ what, ok: okBuilt, errors: built.errors ?? null, data: a }).toEqual({ what, ok: okRuntime, errors: runtime.errors ?? null, data: b })
      }
    }
  })

  it('are named by the schema text, so an edited schema never meets a stale validator', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(precompiledName(schema)).toBe(precompiledName(structuredClone(schema)))
    expect(precompiledName(schema)).not.toBe(precompiledName({ ...schema, additionalProperties: false }))
  })
})
