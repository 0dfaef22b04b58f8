import { describe, expect, it } from 'vitest'
import { RecentBuffer } from './recent.js'

describe('RecentBuffer', () => {
  it('keeps the last N per category, so a chatty category does not push another out', () => {
    const b = new RecentBuffer(3)
    b.push('enforcement', 40, 'e1')
    for (let i = 0; i < 100; i++) b.push('system', 20, `s${i}`)
    b.push('enforcement', 40, 'e2')
    expect(b.last(10, (e) => e.category === 'enforcement').map((e) => e.line)).toEqual(['e1', 'e2'])
    expect(b.last(10, () => true).map((e) => e.line)).toEqual(['e1', 's97', 's98', 's99', 'e2'])
    expect(b.last(2, () => true).map((e) => e.line)).toEqual(['s99', 'e2'])
  })

  it('resizes, keeping the newest', () => {
    const b = new RecentBuffer(5)
    for (let i = 0; i < 5; i++) b.push('c', 30, `l${i}`)
    b.resize(2)
    expect(b.last(10, () => true).map((e) => e.line)).toEqual(['l3', 'l4'])
    b.push('c', 30, 'l5')
    expect(b.last(10, () => true).map((e) => e.line)).toEqual(['l4', 'l5'])
  })
})
