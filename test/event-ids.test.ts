import { describe, expect, it } from 'vitest'
import { EventIds } from '../core/event-ids.js'

describe('event ids', () => {
  it('are the prefix and the counter in base 36, across the table boundaries (2,000,000 of them)', () => {
    const ids = new EventIds('Pfx')
    let mismatch: string | undefined
    for (let n = 0; n < 2_000_000 && mismatch === undefined; n++) {
      const id = ids.next()
      if (id !== `Pfx${n.toString(36)}`) mismatch = `${n}: ${id}`
    }
    expect(mismatch).toBeUndefined()
  })
})
