import { describe, expect, it } from 'vitest'
import { shouldColor } from './colors.js'

describe('shouldColor', () => {
  it('explicit settings win; auto follows NO_COLOR, FORCE_COLOR, TTY and TERM', () => {
    expect(shouldColor(true, false, { NO_COLOR: '1' })).toBe(true)
    expect(shouldColor(false, true, { FORCE_COLOR: '1' })).toBe(false)
    expect(shouldColor('auto', true, {})).toBe(true)
    expect(shouldColor('auto', false, {})).toBe(false)
    expect(shouldColor('auto', true, { NO_COLOR: '1' })).toBe(false)
    expect(shouldColor('auto', true, { NO_COLOR: '' })).toBe(true)
    expect(shouldColor('auto', false, { FORCE_COLOR: '1' })).toBe(true)
    expect(shouldColor('auto', false, { FORCE_COLOR: '' })).toBe(true)
    expect(shouldColor('auto', true, { FORCE_COLOR: '0' })).toBe(false)
    expect(shouldColor('auto', true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false)
    expect(shouldColor('auto', true, { TERM: 'dumb' })).toBe(false)
  })
})
