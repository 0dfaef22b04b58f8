import { describe, expect, it } from 'vitest'
import { createSerializer, isoTime, quote } from '../core/serialize.js'
import { jsonPath } from '../core/validate.js'
import { levelLabel, levelValue } from '../core/levels.js'
import type { LogRecord } from '../core/record.js'

const s = createSerializer({ maxStringLength: 50, maxDepth: 4, maxArrayLength: 3 })
const record = (fields: Record<string, unknown>, extra: Partial<LogRecord> = {}): LogRecord => ({
  time: Date.UTC(2026, 10, 23, 10, 23, 45, 123),
  level: 40,
  category: 'enforcement',
  message: 'm',
  eventId: 'e1',
  bindings: '',
  fields,
  ...extra,
})

describe('serializer', () => {
  it('writes the fixed keys first, then bindings, then fields, as one parseable line', () => {
    const line = s.line(record({ pnl: -210.5 }, { event: 'position_closed', correlationId: 'c1', bindings: ',"account_id":"ABC123"' }))
    expect(line).toBe(
      '{"timestamp":"2026-11-23T10:23:45.123Z","level":"warn","category":"enforcement","message":"m","event":"position_closed","event_id":"e1","correlation_id":"c1","account_id":"ABC123","pnl":-210.5}',
    )
  })

  it('keeps a record on one line whatever the strings hold', () => {
    const line = s.line(record({ text: 'a\nb\r\u2028"q"' }, { message: 'line1\nline2' }))
    expect(line.includes('\n')).toBe(false)
    expect(JSON.parse(line)).toMatchObject({ message: 'line1\nline2', text: 'a\nb\r\u2028"q"' })
  })

  it('caps arrays, Maps and depth with a note instead of dropping silently', () => {
    const out = JSON.parse(s.line(record({ arr: [1, 2, 3, 4, 5], deep: { a: { b: { c: { d: { e: 1 } } } } } })))
    expect(out.arr).toEqual([1, 2, 3, '…[2 more items]'])
    expect(out.deep).toEqual({ a: { b: { c: '[Object]' } } })
  })

  it('writes non-finite numbers as strings and repeated (non-circular) references in full', () => {
    const shared = { x: 1 }
    const out = JSON.parse(s.line(record({ nan: NaN, inf: -Infinity, a: shared, b: shared })))
    expect(out).toMatchObject({ nan: 'NaN', inf: '-Infinity', a: { x: 1 }, b: { x: 1 } })
  })

  it('serializes AggregateError members and custom error properties', () => {
    const err = Object.assign(new AggregateError([new Error('one')], 'many'), { retryable: true })
    const out = JSON.parse(s.line(record({ err })))
    expect(out.err).toMatchObject({ type: 'AggregateError', message: 'many', retryable: true, errors: [{ message: 'one' }] })
  })

  it('caches ISO time per millisecond', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(isoTime(1)).toBe('1970-01-01T00:00:00.001Z')
  })
})

describe('levels and paths', () => {
  it('maps names, aliases and numbers', () => {
    expect(levelValue('fatal')).toBe(60)
    expect(levelValue('WARNING')).toBe(40)
    expect(levelValue('loud')).toBeUndefined()
    expect(levelLabel(35)).toBe('info')
  })

  it('renders JSON pointers as config paths', () => {
    expect(jsonPath('', '/plugins/1/sink-file/dir')).toBe('plugins[1].sink-file.dir')
    expect(jsonPath('plugins[0].redact', '/paths/2')).toBe('plugins[0].redact.paths[2]')
    expect(jsonPath('', '')).toBe('(root)')
  })

  it('quotes every string exactly as JSON.stringify does, on the fast path and off it', () => {
    const samples = [
      '',
      'plain',
      'UnrealizedLoss',
      'x'.repeat(64),
      'x'.repeat(65),
      'tab\there',
      'q"uote',
      'back\\slash',
      '\u007f del',
      '\u2028\u2029',
      'é ü 中文',
      '😀 pair',
      'lone \ud800',
      'lone \udfff end',
      '\u001b[2J',
    ]
    for (let c = 0; c < 0x10000; c += 7) samples.push(`a${String.fromCharCode(c)}b`)
    for (const v of samples) expect(quote(v)).toBe(JSON.stringify(v))
  })
})
