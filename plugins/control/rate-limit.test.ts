import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limit.js'

describe('RateLimiter', () => {
  it('allows max hits per window per key, then says how long to wait', () => {
    let now = 1_000_000
    const r = new RateLimiter(3, 60_000, () => now)
    expect([1, 2, 3].map(() => r.hit('a').ok)).toEqual([true, true, true])
    const refused = r.hit('a')
    expect(refused.ok).toBe(false)
    expect(refused.retryAfterS).toBe(60)
    expect(r.hit('b').ok).toBe(true) // another client is not affected
    now += 59_500
    expect(r.hit('a')).toMatchObject({ ok: false, retryAfterS: 1 })
    now += 600
    expect(r.hit('a').ok).toBe(true) // a new window
    expect(r.peek('a')).toMatchObject({ ok: true, remaining: 2 })
  })
})
