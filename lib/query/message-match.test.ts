import { describe, expect, it } from 'vitest'
import { compileFilter } from './filter.js'
import { compileMessageGrep, compileMessageRegex } from './message-match.js'

const rec = (message: string, extra: Record<string, unknown> = {}) => ({ level: 'info', category: 'system', message, ...extra })
const line = (message: string, extra: Record<string, unknown> = {}) => JSON.stringify(rec(message, extra))

describe('message matching (--grep, --regex)', () => {
  it('tests the message, not key names or other fields', () => {
    const g = compileMessageGrep('account')
    expect(g.test(rec('closed', { account_id: 'A1' }))).toBe(false)
    expect(g.test(rec('Account locked'))).toBe(true)
  })

  it('smart case: lowercase ignores case, an uppercase letter makes it exact', () => {
    expect(compileMessageGrep('mnq').test(rec('MNQ closed'))).toBe(true)
    expect(compileMessageGrep('MNQ').test(rec('mnq closed'))).toBe(false)
    expect(compileMessageRegex('position (closed|reduced)').test(rec('Position Reduced by 2'))).toBe(true)
    expect(compileMessageRegex('Position (closed)').test(rec('position closed'))).toBe(false)
  })

  it('the raw-line hint refuses only lines that cannot match', () => {
    const g = compileMessageGrep('lock')
    expect(g.lineHint!(line('Account LOCKED'))).toBe(true)
    expect(g.lineHint!(line('fill'))).toBe(false)
    // a quote is escaped in JSON: no hint, the parsed test decides
    expect(compileMessageGrep('say "hi"').lineHint).toBeUndefined()
  })

  it('is what compileFilter does with message and messageRegex', () => {
    const f = compileFilter({ message: 'closed', messageRegex: 'MNQ|ES' })
    expect(f(line('MNQ closed'))).toBe(true)
    expect(f(line('NQ closed'))).toBe(false)
    expect(f(line('MNQ open', { note: 'closed' }))).toBe(false)
  })
})
