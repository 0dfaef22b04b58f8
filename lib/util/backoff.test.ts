import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'

describe('backoffDelay', () => {
  it('doubles from the base per failure and stops at the cap', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000])
  })

  it('has no cap unless given one', () => {
    expect(backoffDelay(12, 100)).toBe(409_600)
  })

  it('jitters into [d/2, d]', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 100, 1000, () => 0))).toEqual([50, 100, 200, 400, 500])
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000])
  })

  it('stays finite for absurd failure counts', () => {
    expect(backoffDelay(5000, 50, 30_000)).toBe(30_000)
    expect(backoffDelay(5000, 0)).toBe(0)
  })
})
