import { describe, expect, it } from 'vitest'
import { checkRegex, compileFilter, compileMetaFilter, filterFromQuery, filterToQuery, parseWhere, FilterError, MAX_REGEX_LENGTH } from './filter.js'

const line = (o: Record<string, unknown>) => JSON.stringify({ timestamp: '2026-11-20T10:00:00.000Z', level: 'info', category: 'system', message: 'm', ...o })

describe('compileFilter', () => {
  it('filters by category, minimum level, field equality (dotted, typed) and text', () => {
    const f = compileFilter({ categories: ['enforcement'], minLevel: 'warn', where: parseWhere(['account_id=ABC123', 'details.qty=2']), grep: 'MNQ' })
    const ok = line({ category: 'enforcement', level: 'warn', account_id: 'ABC123', details: { qty: 2 }, message: 'MNQ closed' })
    expect(f(ok)).toBe(true)
    expect(f(ok, { category: 'enforcement', level: 40 })).toBe(true)
    expect(f(line({ category: 'system', level: 'warn', account_id: 'ABC123', details: { qty: 2 }, message: 'MNQ' }))).toBe(false)
    expect(f(line({ category: 'enforcement', level: 'info', account_id: 'ABC123', details: { qty: 2 }, message: 'MNQ' }))).toBe(false)
    expect(f(line({ category: 'enforcement', level: 'warn', account_id: 'XYZ789', details: { qty: 2 }, message: 'MNQ' }))).toBe(false)
    expect(f(line({ category: 'enforcement', level: 'warn', account_id: 'ABC123', details: { qty: 3 }, message: 'MNQ' }))).toBe(false)
    expect(f(line({ category: 'enforcement', level: 'warn', account_id: 'ABC123', details: { qty: 2 }, message: 'ES' }))).toBe(false)
  })

  it('uses the record meta instead of parsing when no field test needs the line parsed', () => {
    const f = compileFilter({ categories: ['audit'], minLevel: 30 })
    expect(f('not json at all', { category: 'audit', level: 30 })).toBe(true)
    expect(f('not json at all', { category: 'audit', level: 20 })).toBe(false)
    expect(f('not json at all')).toBe(false) // without meta a torn line is skipped
  })

  it('regex, and errors for bad input', () => {
    expect(compileFilter({ regex: 'acc(ount)?_id":"A' })(line({ account_id: 'ABC' }))).toBe(true)
    expect(() => compileFilter({ regex: '(' })).toThrow(FilterError)
    expect(() => compileFilter({ minLevel: 'loud' })).toThrow(/unknown level "loud"/)
    expect(() => parseWhere(['=ABC'])).toThrow(/key=value/)
    expect(() => parseWhere(['a b'])).toThrow(/key=value/)
    expect(parseWhere(['q=a=b'])).toEqual([['q', 'a=b']])
  })

  it('the meta filter checks category and level only, from what the core knows', () => {
    const m = compileMetaFilter({ categories: ['audit'], minLevel: 'warn', grep: 'ignored here', regex: 'x' })
    expect(m({ category: 'audit', level: 40 })).toBe(true)
    expect(m({ category: 'audit', level: 30 })).toBe(false)
    expect(m({ category: 'system', level: 60 })).toBe(false)
    expect(compileMetaFilter({ grep: 'g' })({ category: 'any', level: 10 })).toBe(true)
  })

  it('round-trips through a query string', () => {
    const spec = { categories: ['a', 'b'], minLevel: 'warn', where: [['x', '1'] as const], grep: 'g', regex: 'r' }
    const back = filterFromQuery(new URLSearchParams(filterToQuery(spec).toString()))
    expect(back).toEqual({ categories: ['a', 'b'], minLevel: 'warn', where: [['x', '1']], grep: 'g', regex: 'r' })
  })
})

describe('checkRegex', () => {
  it('compiles the regexes people filter logs with', () => {
    for (const ok of [
      'acc(ount)?_id":"A',
      '"level":"(warn|error)"',
      '\\d{4}-\\d{2}-\\d{2}T',
      'closed.*ABC123',
      '"rule":"[A-Za-z]+"',
      '^\\{"timestamp"',
      '[0-9a-f]{64}',
      '(?i)CLOSED',
    ]) {
      const re = checkRegex(ok)
      expect(re.source).toBe(ok)
    }
    expect(checkRegex('closed.*ABC').test('{"message":"closed for ABC123"}')).toBe(true)
    expect(checkRegex('closed.*ABC').test('{"message":"open for ABC123"}')).toBe(false)
  })

  it('runs in linear time: shapes that backtrack for seconds in V8 stay cheap on 16 KB lines', () => {
    const lines = Array.from({ length: 24 }, (_, i) => line({ message: `user input ${String.fromCharCode(97 + (i % 26)).repeat(16 * 1024)}` }))
    // what any filter pays per line anyway (compileFilter parses a line for `where`), here and now
    const t0 = performance.now()
    for (const l of lines) JSON.parse(l)
    const parseMs = performance.now() - t0
    // V8: `[^#]*#` took ~400 ms per 16 KB line, `(a+)+b` 13 s on 27 characters, `.*.*z` 15 s on 4 KB
    for (const source of ['[^#]*#', '(a+)+b', '(a|a)*b', '.*.*z', '\\w+=\\d+ .+', 'a{0,20}b{0,20}']) {
      const re = checkRegex(source)
      const t1 = performance.now()
      for (const l of lines) re.test(l)
      const ms = performance.now() - t1
      expect(ms, `${source}: ${ms.toFixed(1)} ms, JSON.parse ${parseMs.toFixed(1)} ms`).toBeLessThan(Math.max(1000, 50 * parseMs))
    }
  })

  it('refuses what RE2 cannot run in linear time (backreference, lookaround) and over-long patterns, naming RE2 and grep', () => {
    const refused: Record<string, RegExp> = {
      '(a)x\\1': /invalid regex/,
      'a(?=b)': /invalid regex/,
      '(?<!a)b': /invalid regex/,
      '(': /invalid regex/,
      [`x${'y'.repeat(MAX_REGEX_LENGTH)}`]: new RegExp(`${MAX_REGEX_LENGTH + 1} characters long; the limit is ${MAX_REGEX_LENGTH}`),
    }
    for (const [source, why] of Object.entries(refused)) {
      let err: unknown
      try {
        checkRegex(source)
      } catch (e) {
        err = e
      }
      expect(err, source).toBeInstanceOf(FilterError)
      expect((err as Error).message, source).toMatch(why)
      expect((err as Error).message).toMatch(/RE2 syntax .*use grep for a plain substring/)
      // the API and the CLI both reach it through compileFilter
      expect(() => compileFilter({ regex: source }), source).toThrow(FilterError)
    }
    expect(() => checkRegex('a'.repeat(MAX_REGEX_LENGTH))).not.toThrow()
  })
})
