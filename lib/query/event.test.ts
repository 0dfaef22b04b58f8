/** The event criterion of the one record filter (control API /tail, CLI, readLogs). */
import { describe, expect, it } from 'vitest'
import { compileFilter, filterFromQuery, filterToQuery } from './index.js'

const line = (r: Record<string, unknown>) => JSON.stringify({ timestamp: '2026-11-30T10:00:00.000Z', level: 'info', category: 'execution', message: 'm', ...r })

describe('events in the record filter', () => {
  it('keeps records whose event is one of the names, and no other', () => {
    const f = compileFilter({ events: ['order_filled', 'order_cancelled'] })
    expect(f(line({ event: 'order_filled' }))).toBe(true)
    expect(f(line({ event: 'order_cancelled' }))).toBe(true)
    expect(f(line({ event: 'order_submitted' }))).toBe(false)
    expect(f(line({}))).toBe(false)
    // the name as a nested field or inside a string is not the record's event
    expect(f(line({ details: { event: 'order_filled' } }))).toBe(false)
    expect(f(line({ note: '"event":"order_filled"' }))).toBe(false)
  })

  it('takes comma-separated names and combines with the other criteria', () => {
    const f = compileFilter({ events: ['order_filled,risk_block'], categories: ['risk'] })
    expect(f(line({ event: 'risk_block', category: 'risk' }))).toBe(true)
    expect(f(line({ event: 'order_filled' }))).toBe(false)
  })

  it('round-trips through the query string', () => {
    const q = filterToQuery({ events: ['order_filled', 'risk_block'] })
    expect(q.getAll('event')).toEqual(['order_filled', 'risk_block'])
    expect(filterFromQuery(q).events).toEqual(['order_filled', 'risk_block'])
  })
})
