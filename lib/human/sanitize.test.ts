import { describe, expect, it } from 'vitest'
import { sanitize } from './sanitize.js'

describe('sanitize', () => {
  it('escapes every C0 and C1 control character and DEL', () => {
    const all =
      Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') +
      '\u007f' +
      Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)).join('')
    const out = sanitize(all)
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    expect(out).toContain('\\u001b')
    expect(out).toContain('\\u009b') // CSI in one byte: ESC [ to a VT220-style terminal
  })

  it('keeps newline, return and tab readable', () => {
    expect(sanitize('a\nb\rc\td')).toBe('a\\nb\\rc\\td')
  })

  it('escapes line separators and bidirectional overrides', () => {
    expect(sanitize('x\u2028y\u2029z\u202ew\u2066v')).toBe('x\\u2028y\\u2029z\\u202ew\\u2066v')
  })

  it('leaves other text alone, emoji and accents included', () => {
    expect(sanitize('Position closed ⚠️ café')).toBe('Position closed ⚠️ café')
  })
})
