import { describe, expect, it } from 'vitest'
import { compileWhere } from './where.js'

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
