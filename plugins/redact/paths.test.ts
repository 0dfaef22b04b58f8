import { describe, expect, it } from 'vitest'
import { LwError } from '../../core/errors.js'
import { ANY, childOf, compilePaths, parsePath, type PathNode } from './paths.js'

/** Follows keys through the matcher; true when the last key lands on a censored node. */
function censors(root: PathNode | undefined, ...keys: string[]): boolean {
  let node = root
  for (const k of keys) {
    if (node?.terminal) return true
    node = childOf(node, k)
  }
  return node?.terminal === true
}

describe('parsePath', () => {
  it('parses each path form', () => {
    expect(parsePath('apiKey')).toEqual(['apiKey'])
    expect(parsePath('headers.authorization')).toEqual(['headers', 'authorization'])
    expect(parsePath('headers.x-api-key')).toEqual(['headers', 'x-api-key'])
    expect(parsePath('*.password')).toEqual([ANY, 'password'])
    expect(parsePath('orders[*].card')).toEqual(['orders', ANY, 'card'])
    expect(parsePath('orders[ * ].card')).toEqual(['orders', ANY, 'card'])
    expect(parsePath('orders[0].card')).toEqual(['orders', '0', 'card'])
    expect(parsePath('orders[007]')).toEqual(['orders', '7'])
    expect(parsePath('["x.y"].z')).toEqual(['x.y', 'z'])
    expect(parsePath("a['b c']['*']")).toEqual(['a', 'b c', '*'])
    expect(parsePath('a["q\\"uote"]')).toEqual(['a', 'q"uote'])
    expect(parsePath('matrix[*][*].pin')).toEqual(['matrix', ANY, ANY, 'pin'])
  })

  it.each([
    ['', 'empty'],
    ['a..b', 'empty segment'],
    ['.a', 'empty segment'],
    ['a.', 'ends with'],
    ['a[', 'missing "]"'],
    ['a[*', 'missing "]"'],
    ['a[b]', 'quoted key'],
    ['a["b]', 'unterminated'],
    ['a["b"x]', 'missing "]"'],
    ['a[0]b', 'expected "." or "["'],
    ['pass*', 'whole segment'],
    ['a b', 'expected "." or "["'],
    ['a. b', 'unexpected'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(() => parsePath(path)).toThrow(reason)
  })
})

describe('compilePaths', () => {
  it('returns undefined for no paths', () => {
    expect(compilePaths([])).toBeUndefined()
  })

  it('matches literal, wildcard and index paths', () => {
    const root = compilePaths(['apiKey', '*.password', 'headers.authorization', 'orders[*].card', 'legs[1].pin'])
    expect(censors(root, 'apiKey')).toBe(true)
    expect(censors(root, 'apikey')).toBe(false) // paths are case-sensitive
    expect(censors(root, 'db', 'password')).toBe(true)
    expect(censors(root, 'password')).toBe(false) // *.password needs one level above
    expect(censors(root, 'a', 'b', 'password')).toBe(false) // * is exactly one segment
    expect(censors(root, 'headers', 'authorization')).toBe(true)
    expect(censors(root, 'headers', 'accept')).toBe(false)
    expect(censors(root, 'orders', '0', 'card')).toBe(true)
    expect(censors(root, 'orders', '17', 'card')).toBe(true)
    expect(censors(root, 'orders', '17', 'id')).toBe(false)
    expect(censors(root, 'legs', '1', 'pin')).toBe(true)
    expect(censors(root, 'legs', '0', 'pin')).toBe(false)
  })

  it('merges wildcard and literal branches so both apply on one walk', () => {
    const root = compilePaths(['*.password', 'headers.authorization'])
    // `headers` has its own branch, and the wildcard's `password` must still apply under it
    expect(censors(root, 'headers', 'authorization')).toBe(true)
    expect(censors(root, 'headers', 'password')).toBe(true)
    expect(censors(root, 'other', 'authorization')).toBe(false)
  })

  it('a shorter path censors the whole subtree', () => {
    const root = compilePaths(['a.b', 'a'])
    expect(root!.children.get('a')!.terminal).toBe(true)
  })

  it('throws LW_ERR_REDACT_PATH naming the option path', () => {
    let err: unknown
    try {
      compilePaths(['ok', 'bad..path'], 'redact.paths')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LwError)
    expect((err as LwError).code).toBe('LW_ERR_REDACT_PATH')
    expect((err as LwError).message).toContain('redact.paths[1]')
    expect((err as LwError).message).toContain('"bad..path"')
  })
})
