/**
 * The plain builders give the JSON TypeBox gives, so a schema reads the same to ajv, the README
 * table and the build's precompiled validators whichever built it; and nothing logwarden loads at
 * start loads TypeBox.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Type as TypeBox } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { Default, Type, withDefaults } from './index.js'

const json = (v: unknown) => JSON.stringify(v)

describe('lib/options Type', () => {
  it('builds the same JSON as TypeBox for every form the plugins use', () => {
    const pairs: Array<[unknown, unknown]> = [
      [Type.String(), TypeBox.String()],
      [Type.String({ minLength: 1, description: 'd' }), TypeBox.String({ minLength: 1, description: 'd' })],
      [Type.Integer({ minimum: 0, maximum: 9 }), TypeBox.Integer({ minimum: 0, maximum: 9 })],
      [Type.Number({ minimum: 1 }), TypeBox.Number({ minimum: 1 })],
      [Type.Boolean({ description: 'b' }), TypeBox.Boolean({ description: 'b' })],
      [Type.Null(), TypeBox.Null()],
      [Type.Any(), TypeBox.Any()],
      [Type.Unknown({ description: 'u' }), TypeBox.Unknown({ description: 'u' })],
      [Type.Literal('*'), TypeBox.Literal('*')],
      [Type.Literal(false, { description: 'f' }), TypeBox.Literal(false, { description: 'f' })],
      [Type.Literal(3), TypeBox.Literal(3)],
      [Type.Array(Type.String(), { uniqueItems: true }), TypeBox.Array(TypeBox.String(), { uniqueItems: true })],
      [Type.Union([Type.Literal('a'), Type.Integer()], { errorMessage: 'e' }), TypeBox.Union([TypeBox.Literal('a'), TypeBox.Integer()], { errorMessage: 'e' })],
      [Type.Record(Type.String(), Type.Integer(), { docType: 'x' }), TypeBox.Record(TypeBox.String(), TypeBox.Integer(), { docType: 'x' })],
      [Type.Unsafe<string>({ type: 'string', enum: ['a', 'b'] }), TypeBox.Unsafe<string>({ type: 'string', enum: ['a', 'b'] })],
      [
        Type.Object({ a: Type.String(), b: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        TypeBox.Object({ a: TypeBox.String(), b: TypeBox.Optional(TypeBox.Integer()) }, { additionalProperties: false }),
      ],
      [Type.Object({ b: Type.Optional(Type.Integer()) }), TypeBox.Object({ b: TypeBox.Optional(TypeBox.Integer()) })],
      [Type.Object({ d: Default(Type.Integer(), 3) }), TypeBox.Object({ d: TypeBox.Optional({ ...TypeBox.Integer(), default: 3 }) })],
      [
        Type.Partial(Type.Object({ a: Type.String(), b: Type.Integer() }), { additionalProperties: false }),
        TypeBox.Partial(TypeBox.Object({ a: TypeBox.String(), b: TypeBox.Integer() }), { additionalProperties: false }),
      ],
      [
        Type.Object({ p: Type.Partial(Type.Object({ a: Type.String() })), q: Type.Array(Type.Object({ r: Type.String() })) }),
        TypeBox.Object({ p: TypeBox.Partial(TypeBox.Object({ a: TypeBox.String() })), q: TypeBox.Array(TypeBox.Object({ r: TypeBox.String() })) }),
      ],
    ]
    for (const [ours, theirs] of pairs) expect(json(ours)).toBe(json(theirs))
  })

  it('a property made optional by Partial is not required by an object holding it', () => {
    const inner = Type.Partial(Type.Object({ a: Type.String() }))
    expect(json(Type.Object({ x: inner.properties.a }))).toBe(json(TypeBox.Object({ x: TypeBox.Optional(TypeBox.String()) })))
  })

  it('withDefaults fills defaults as ajv does, nested objects included, into a copy', () => {
    const schema = Type.Object({
      a: Default(Type.Integer(), 1),
      b: Type.Optional(Type.String()),
      c: Default(Type.Array(Type.String()), ['x']),
      d: Default(Type.Object({ e: Default(Type.Integer(), 5), f: Type.Optional(Type.Integer()) }), {}),
    })
    const given = { d: { f: 2 } }
    const first = withDefaults(schema, given)
    expect(first).toEqual({ a: 1, c: ['x'], d: { e: 5, f: 2 } })
    expect(given).toEqual({ d: { f: 2 } })
    first.c.push('y')
    expect(withDefaults(schema).c).toEqual(['x'])
    expect(withDefaults(schema, { a: 3, d: { e: 0 } })).toEqual({ a: 3, c: ['x'], d: { e: 0 } })
  })

  it('no built-in plugin loads TypeBox when imported (it costs ~100 ms of every start)', () => {
    // a resolve hook that refuses TypeBox: importing every built plugin and the core must not need it
    const hooks = `export async function resolve(s, c, next) {
      if (s.startsWith('@sinclair/typebox')) throw new Error('TypeBox imported by ' + c.parentURL)
      return next(s, c)
    }`
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)})`
    const importAll = `import { readdirSync, existsSync } from 'node:fs'
      let n = 0
      for (const name of readdirSync('dist/plugins')) if (existsSync('dist/plugins/' + name + '/index.js')) { await import('./dist/plugins/' + name + '/index.js'); n++ }
      await import('./dist/core/index.js')
      process.stdout.write(String(n))`
    const root = fileURLToPath(new URL('../../', import.meta.url))
    const out = execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', importAll], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(Number(out)).toBeGreaterThanOrEqual(10)
  })
})
