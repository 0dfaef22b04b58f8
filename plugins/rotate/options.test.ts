import { describe, expect, it } from 'vitest'
import { normalizeOptions, policyFor } from './options.js'
import { nextBoundary } from './schedule.js'

const iso = (t: number) => new Date(t).toISOString()

describe('rotate: schedule', () => {
  it('finds the next UTC midnight and hour', () => {
    expect(iso(nextBoundary(Date.parse('2026-11-23T10:17:00Z'), 'daily'))).toBe('2026-11-24T00:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-11-23T10:17:00Z'), 'hourly'))).toBe('2026-11-23T11:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-11-24T00:00:00Z'), 'daily'))).toBe('2026-11-25T00:00:00.000Z') // strictly after
    expect(iso(nextBoundary(Date.parse('2026-12-31T23:59:59.999Z'), 'daily'))).toBe('2027-01-01T00:00:00.000Z')
  })

  it('follows the time zone, its half-hour offsets and its DST changes', () => {
    expect(iso(nextBoundary(Date.parse('2026-11-23T10:17:00Z'), 'daily', 'America/Chicago'))).toBe('2026-11-24T06:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-07-01T10:17:00Z'), 'daily', 'America/Chicago'))).toBe('2026-07-02T05:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-11-23T10:17:00Z'), 'hourly', 'Asia/Kolkata'))).toBe('2026-11-23T10:30:00.000Z')
    // spring forward: 02:00 does not exist in Chicago on 2026-03-08; after 01:30 CST comes 03:00 CDT
    expect(iso(nextBoundary(Date.parse('2026-03-08T07:30:00Z'), 'hourly', 'America/Chicago'))).toBe('2026-03-08T08:00:00.000Z')
    // fall back: 01:00 happens twice on 2026-11-01; both are boundaries
    expect(iso(nextBoundary(Date.parse('2026-11-01T06:30:00Z'), 'hourly', 'America/Chicago'))).toBe('2026-11-01T07:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-11-01T07:30:00Z'), 'hourly', 'America/Chicago'))).toBe('2026-11-01T08:00:00.000Z')
    // the day of the change is 23 or 25 hours long
    expect(iso(nextBoundary(Date.parse('2026-03-08T06:00:00Z'), 'daily', 'America/Chicago'))).toBe('2026-03-09T05:00:00.000Z')
    expect(iso(nextBoundary(Date.parse('2026-11-01T05:00:00Z'), 'daily', 'America/Chicago'))).toBe('2026-11-02T06:00:00.000Z')
  })
})

describe('rotate: options', () => {
  it('normalizes to numbers, with defaults and per-category overrides', () => {
    const o = normalizeOptions({
      maxSize: '10MB',
      maxAge: '7d',
      maxTotalSize: '1GB',
      categories: { audit: { maxSize: false, maxAge: false, interval: 'daily' } },
    })
    expect(policyFor(o, 'system')).toEqual({
      maxSize: 10 * 1024 ** 2,
      interval: false,
      timezone: 'UTC',
      maxFiles: 10,
      compress: 'gzip',
      compressLevel: 6,
      maxAge: 7 * 86_400_000,
    })
    expect(policyFor(o, 'audit')).toMatchObject({ maxSize: 0, maxAge: 0, interval: 'daily', maxFiles: 10 })
    expect(o.maxTotalSize).toBe(1024 ** 3)
    expect(o.minFreeDisk).toBe(0)
    expect(normalizeOptions(o)).toEqual(o) // idempotent: the worker normalizes again
    expect(policyFor(normalizeOptions({}), 'x')).toMatchObject({ maxSize: 50 * 1024 ** 2, maxFiles: 10, maxAge: 90 * 86_400_000, compress: 'gzip' })
  })

  it('rejects sizes, durations and zones it cannot read, naming the option', () => {
    expect(() => normalizeOptions({ maxSize: 'huge' })).toThrow(/maxSize = "huge"/)
    expect(() => normalizeOptions({ categories: { audit: { maxAge: 'forever' } } })).toThrow(/categories\.audit\.maxAge/)
    expect(() => normalizeOptions({ timezone: 'Mars/Olympus' })).toThrow(expect.objectContaining({ code: 'LW_ERR_ROTATE_OPTION' }))
    expect(() => normalizeOptions({ minFreeDisk: '1 bucket' })).toThrow(/minFreeDisk/)
  })
})
