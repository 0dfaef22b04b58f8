import { describe, expect, it } from 'vitest'
import { formatSize, parseDuration, parseSize } from './units.js'

describe('units', () => {
  it('parses sizes with binary units', () => {
    expect(parseSize('50MB')).toBe(50 * 1024 * 1024)
    expect(parseSize('512 KB')).toBe(512 * 1024)
    expect(parseSize('512KiB')).toBe(512 * 1024)
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3)
    expect(parseSize('2048')).toBe(2048)
    expect(parseSize(4096)).toBe(4096)
    expect(parseSize('50 furlongs')).toBeUndefined()
    expect(parseSize('-1MB')).toBeUndefined()
    expect(formatSize(50 * 1024 * 1024)).toBe('50MB')
    expect(formatSize(1536)).toBe('1.5KB')
  })

  it('parses durations', () => {
    expect(parseDuration('90d')).toBe(90 * 86_400_000)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration('15 min')).toBe(900_000)
    expect(parseDuration('1w')).toBe(7 * 86_400_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration(1000)).toBe(1000)
    expect(parseDuration('soon')).toBeUndefined()
    expect(parseDuration('2026-11-23')).toBeUndefined()
  })

  // case-insensitive units made rotate's maxAge '6M' six minutes; ambiguous spellings are refused
  it('refuses ambiguous or mis-cased units', () => {
    for (const bad of ['6M', '6m', '10 mins', '1H', '2D', '3sec', '1wk']) expect(parseDuration(bad), bad).toBeUndefined()
    for (const bad of ['10M', '512 kb', '1mb', '50XB', '1Kb', '2g']) expect(parseSize(bad), bad).toBeUndefined()
  })
})

describe('unit patterns for option schemas', () => {
  it('accept exactly what the parsers accept', async () => {
    const { SIZE_PATTERN, DURATION_PATTERN } = await import('./units.js')
    const samples = ['50MB', '1.5GiB', '2048', '10M', '512 kb', '50XB', '90d', '15min', '6M', '6m', '250ms', '1w', 'soon', '3 h']
    for (const s of samples) {
      expect(new RegExp(SIZE_PATTERN).test(s), s).toBe(parseSize(s) !== undefined)
      expect(new RegExp(DURATION_PATTERN).test(s), s).toBe(parseDuration(s) !== undefined)
    }
  })
})
