import { describe, expect, it } from 'vitest'
import { didYouMean, editDistance, suggest } from './suggest.js'

describe('suggest', () => {
  it('counts a swap of two letters as one edit', () => {
    expect(editDistance('stauts', 'status')).toBe(1)
    expect(editDistance('tail', 'tail')).toBe(0)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('offers the closest names first, and nothing for a word far from all of them', () => {
    const commands = ['status', 'tail', 'query', 'recent', 'login', 'verify']
    expect(suggest('stauts', commands)).toEqual(['status'])
    expect(suggest('qurey', commands)).toEqual(['query'])
    expect(suggest('tial', commands)).toEqual(['tail'])
    expect(suggest('zzzzzz', commands)).toEqual([])
  })

  it('treats a prefix as a likely meaning', () => {
    expect(suggest('enf', ['enforcement', 'trading', 'error'])).toEqual(['enforcement'])
  })

  it('phrases the hint, empty when there is none', () => {
    expect(didYouMean('--levl', ['--level', '--limit'])).toBe(' Did you mean "--level"?')
    expect(didYouMean('xyz', ['status'])).toBe('')
  })
})
