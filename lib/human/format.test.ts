import { describe, expect, it } from 'vitest'
import { createFormatter, formatLine } from './format.js'
import { sanitize } from './sanitize.js'

const base = {
  timestamp: '2025-10-15T10:23:45.123Z',
  level: 'info',
  category: 'enforcement',
  message: 'Position closed due to unrealized loss limit exceeded',
  event_id: 'abc1',
}

describe('formatLine', () => {
  it('renders the admin view: time, padded level, category, account, message', () => {
    expect(formatLine({ ...base, account_id: 'ABC123' }, { timezone: 'UTC', fields: false })).toBe(
      '[10:23:45.123] INFO  | enforcement | ABC123 | Position closed due to unrealized loss limit exceeded',
    )
  })

  it('omits the account segment when the record has none', () => {
    expect(
      formatLine({ ...base, category: 'risk_engine', level: 'debug', message: 'Evaluating UnrealizedLoss rule' }, { timezone: 'UTC', fields: false }),
    ).toBe('[10:23:45.123] DEBUG | risk_engine | Evaluating UnrealizedLoss rule')
  })

  it('labels every level in five columns', () => {
    const labels = ['trace', 'debug', 'info', 'warn', 'error', 'critical'].map((level) =>
      formatLine({ ...base, level }, { timezone: 'UTC', fields: false }).slice(15, 20),
    )
    expect(labels).toEqual(['TRACE', 'DEBUG', 'INFO ', 'WARN ', 'ERROR', 'CRIT '])
  })

  it('appends other fields as key=value, quoting what is not one plain token', () => {
    const line = formatLine(
      {
        ...base,
        account_id: 'ABC123',
        event: 'position_closed',
        rule: 'UnrealizedLoss',
        pnl: -210.5,
        ok: true,
        note: 'two words',
        position: { symbol: 'MNQ', quantity: 2 },
        none: null,
      },
      { timezone: 'UTC' },
    )
    expect(line).toBe(
      '[10:23:45.123] INFO  | enforcement | ABC123 | Position closed due to unrealized loss limit exceeded' +
        ' event=position_closed rule=UnrealizedLoss pnl=-210.5 ok=true note="two words" position={"symbol":"MNQ","quantity":2} none=null',
    )
  })

  it('shows a serialized error as one summary, and its stack below only with stacks', () => {
    const err = { type: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at f (a.js:1:2)' }
    expect(formatLine({ ...base, err }, { timezone: 'UTC' })).toBe(
      '[10:23:45.123] INFO  | enforcement | Position closed due to unrealized loss limit exceeded err="TypeError: x is not a function"',
    )
    const withStack = formatLine({ ...base, err }, { timezone: 'UTC', fields: false, stacks: true })
    expect(withStack.split('\n')).toEqual([
      '[10:23:45.123] INFO  | enforcement | Position closed due to unrealized loss limit exceeded',
      '    TypeError: x is not a function',
      '    at f (a.js:1:2)',
    ])
  })

  it('converts the time to the configured zone (DST aware)', () => {
    // 10:23:45Z on 15 Oct 2025 is 05:23:45 CDT; on 15 Jan it is 04:23:45 CST
    expect(formatLine(base, { timezone: 'America/Chicago', fields: false }).slice(0, 14)).toBe('[05:23:45.123]')
    expect(formatLine({ ...base, timestamp: '2025-01-15T10:23:45.007Z' }, { timezone: 'America/Chicago', fields: false }).slice(0, 14)).toBe('[04:23:45.007]')
    expect(formatLine({ ...base, timestamp: '2025-01-15T00:00:00.000Z' }, { timezone: 'Asia/Kolkata', fields: false }).slice(0, 14)).toBe('[05:30:00.000]')
  })

  it('local time by default', () => {
    const d = new Date(base.timestamp)
    const hh = String(d.getHours()).padStart(2, '0')
    expect(formatLine(base, { fields: false }).slice(0, 4)).toBe(`[${hh}:`)
  })

  it('an unparsable timestamp does not break the line', () => {
    expect(formatLine({ ...base, timestamp: 'nope' }, { fields: false }).startsWith('[--:--:--.---] INFO')).toBe(true)
  })

  it('colors by level only when asked', () => {
    const plain = formatLine({ ...base, level: 'error' }, { timezone: 'UTC', colors: false })
    const colored = formatLine({ ...base, level: 'error' }, { timezone: 'UTC', colors: true })
    expect(plain).not.toContain('\u001b[')
    expect(colored).toContain('\u001b[31mERROR\u001b[39m')
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain)
  })

  it('escapes control characters: no terminal injection, no line splitting', () => {
    const line = formatLine({ ...base, message: 'bad\u001b[2Jthing\nsecond line', who: 'a\u0007b' }, { timezone: 'UTC' })
    expect(line).not.toMatch(/[\u0000-\u001f]/)
    expect(line).toContain('bad\\u001b[2Jthing\\nsecond line')
    expect(sanitize('plain')).toBe('plain')
  })

  it('reuses the clock string within a second and recomputes across seconds', () => {
    const f = createFormatter({ timezone: 'UTC', fields: false })
    const at = (ts: string) => f({ ...base, timestamp: ts }).slice(0, 14)
    expect([at('2025-10-15T10:23:45.001Z'), at('2025-10-15T10:23:45.999Z'), at('2025-10-15T10:23:46.000Z'), at('2025-10-15T10:23:45.500Z')]).toEqual([
      '[10:23:45.001]',
      '[10:23:45.999]',
      '[10:23:46.000]',
      '[10:23:45.500]',
    ])
  })
})
