import { describe, expect, it } from 'vitest'
import { compileWhere, whereHints } from './where.js'
import { parseWhere, whereText } from './filter.js'

describe('compileWhere', () => {
  const match = compileWhere([
    ['sym', 'MNQ'],
    ['account_id', 'A1'],
    ['sym', 'ES'],
  ])

  it('ORs the values of a repeated key', () => {
    expect(match({ sym: 'MNQ', account_id: 'A1' })).toBe(true)
    expect(match({ sym: 'ES', account_id: 'A1' })).toBe(true)
    expect(match({ sym: 'NQ', account_id: 'A1' })).toBe(false)
  })

  it('ANDs different keys', () => {
    expect(match({ sym: 'MNQ', account_id: 'A2' })).toBe(false)
    expect(match({ sym: 'MNQ' })).toBe(false)
  })

  it('matches dotted paths and typed values as one --where does', () => {
    const nested = compileWhere([
      ['details.qty', '2'],
      ['details.qty', '3'],
    ])
    expect(nested({ details: { qty: 3 } })).toBe(true)
    expect(nested({ details: { qty: 4 } })).toBe(false)
  })

  it('matches everything without pairs', () => {
    expect(compileWhere([])({})).toBe(true)
  })
})

describe('where operators', () => {
  it('parses each operator; the first one after the key splits', () => {
    expect(parseWhere(['qty>=2', 'qty>2', 'qty<=2', 'qty<2', 'sym!=ES', 'note=a>b', 'stop', '!stop'])).toEqual([
      ['qty', '2', '>='],
      ['qty', '2', '>'],
      ['qty', '2', '<='],
      ['qty', '2', '<'],
      ['sym', 'ES', '!='],
      ['note', 'a>b'],
      ['stop', undefined, 'exists'],
      ['stop', undefined, 'missing'],
    ])
    for (const t of ['qty>=2', 'sym!=ES', 'stop', '!stop', 'a=b']) expect(whereText(parseWhere([t])[0]!)).toBe(t)
  })

  it('compares numbers as numbers, other values as text, and tests presence', () => {
    const m = (t: string, r: Record<string, unknown>) => compileWhere(parseWhere([t]))(r)
    expect(m('qty>2', { qty: 10 })).toBe(true) // not '10' < '2' as text
    expect(m('qty>2', { qty: 2 })).toBe(false)
    expect(m('qty>=2', { qty: 2 })).toBe(true)
    expect(m('qty<2', { qty: 1.5 })).toBe(true)
    expect(m('qty<2', {})).toBe(false) // absent: no order holds
    expect(m('timestamp<2026-11-20', { timestamp: '2026-11-19T23:00:00.000Z' })).toBe(true)
    expect(m('sym!=ES', { sym: 'MNQ' })).toBe(true)
    expect(m('sym!=ES', { sym: 'ES' })).toBe(false)
    expect(m('details.stop', { details: { stop: 0 } })).toBe(true)
    expect(m('!details.stop', { details: {} })).toBe(true)
    expect(m('!details.stop', { details: { stop: 1 } })).toBe(false)
  })

  it('gives the raw-line hints only for equality, and none for a value JSON escapes', () => {
    expect(whereHints(parseWhere(['sym=MNQ', 'sym=ES', 'qty>2', 'account_id=A1']))).toEqual([['MNQ', 'ES'], ['A1']])
    expect(whereHints(parseWhere(['note=say "hi"']))).toEqual([])
  })
})
