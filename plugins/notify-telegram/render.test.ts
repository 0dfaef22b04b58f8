import { describe, expect, it } from 'vitest'
import { buildAlert } from '../notify-common/alert.js'
import { makeRecord, positionClosed } from '../notify-common/testing/harness.js'
import { parseHtml, parseMarkdownV2 } from '../notify-common/testing/fake-telegram.js'
import { escapeHtml, escapeMarkdownV2, MARKDOWN_V2_RESERVED } from './escape.js'
import { renderTelegram, TELEGRAM_TEXT_LIMIT } from './render.js'

const fmt = { timezone: 'America/Chicago' }
const HOSTILE = `${MARKDOWN_V2_RESERVED} <b>x</b> &amp; & < > "' *bold* _it_ __u__ ~s~ ||sp|| [a](http://x) \`c\` \\ 😀🚨👨‍👩‍👧`

const visible = (text: string, mode: 'MarkdownV2' | 'HTML') => {
  const r = mode === 'MarkdownV2' ? parseMarkdownV2(text) : parseHtml(text)
  if ('error' in r) throw new Error(`${r.error}\n---\n${text.slice(0, 500)}`)
  return r.text
}

describe('Telegram layout (seed 001)', () => {
  it('MarkdownV2: the seed message with every reserved character escaped', () => {
    const { notification } = buildAlert(positionClosed({ level: 'critical' }), 'enforcement', fmt)
    const [text] = renderTelegram(notification, 'MarkdownV2')
    expect(text).toBe(
      [
        '🚨 *Position Closed \\- Unrealized Loss Limit*',
        '',
        'Account: ABC123 \\(TopstepX Main\\)',
        'Position: MNQ 2 contracts @ 5042\\.50',
        'Unrealized PnL: \\-$210\\.00',
        'Limit: \\-$200\\.00',
        'Action: Position closed automatically',
        '',
        'Time: 2025\\-10\\-15 10:23:45 CT',
      ].join('\n'),
    )
    expect(visible(text, 'MarkdownV2')).toBe(
      [
        '🚨 Position Closed - Unrealized Loss Limit',
        '',
        'Account: ABC123 (TopstepX Main)',
        'Position: MNQ 2 contracts @ 5042.50',
        'Unrealized PnL: -$210.00',
        'Limit: -$200.00',
        'Action: Position closed automatically',
        '',
        'Time: 2025-10-15 10:23:45 CT',
      ].join('\n'),
    )
  })

  it('HTML: bold title, < > & escaped', () => {
    const { notification } = buildAlert(positionClosed({ account_name: 'A<B> & C' }), 'enforcement', fmt)
    const [text] = renderTelegram(notification, 'HTML')
    expect(text.split('\n')[0]).toBe('ℹ️ <b>Position Closed - Unrealized Loss Limit</b>')
    expect(text).toContain('Account: ABC123 (A&lt;B&gt; &amp; C)')
    expect(visible(text, 'HTML')).toContain('Account: ABC123 (A<B> & C)')
  })

  it('escapes each reserved character exactly once', () => {
    for (const c of MARKDOWN_V2_RESERVED) expect(escapeMarkdownV2(c)).toBe(`\\${c}`)
    expect(escapeMarkdownV2('a😀b')).toBe('a😀b')
    expect(escapeHtml('<&>"')).toBe('&lt;&amp;&gt;"')
  })
})

describe('Telegram text with hostile values', () => {
  for (const mode of ['MarkdownV2', 'HTML'] as const) {
    it(`${mode}: every chunk parses, fits 4096, and together they hold every character`, () => {
      const long = `${HOSTILE}${'v'.repeat(5000)}${HOSTILE}`
      const rec = makeRecord({
        level: 'error',
        category: 'system',
        event: `${'t'.repeat(5000)}${HOSTILE}`,
        message: HOSTILE,
        account_id: HOSTILE,
        note: long,
        other: `line1 ${HOSTILE}\nline2 ${HOSTILE}`,
      })
      const { notification } = buildAlert(rec, 'system', fmt)
      const chunks = renderTelegram(notification, mode)
      expect(chunks.length).toBeGreaterThan(2)
      const shown = chunks.map((c) => {
        expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT)
        expect(c.trim()).not.toBe('')
        return visible(c, mode)
      })
      const all = shown.join('')
      // nothing truncated: the 5000-character value and the 5000-character title survive whole
      expect(all).toContain(`Note: ${long}`)
      expect(all.replace(/\n/g, '')).toContain(`T${'t'.repeat(4999)}`)
      expect(all).toContain(`line2 ${HOSTILE}`)
      // the bold title was split: each piece closes its own entity
      expect(chunks[0].startsWith(mode === 'HTML' ? '🚨 <b>' : '🚨 *')).toBe(true)
    })
  }

  it('splits on line boundaries when lines fit', () => {
    const fields = Array.from({ length: 200 }, (_, i) => ({ name: `F${i}`, value: 'x'.repeat(50) }))
    const chunks = renderTelegram({ severity: 'info', title: 'many', fields, timestamp: '' }, 'MarkdownV2')
    expect(chunks.length).toBe(3)
    const lines = chunks.flatMap((c) => c.split('\n')).filter((l) => l.startsWith('F'))
    expect(lines).toHaveLength(200)
    for (const l of lines) expect(l).toMatch(/^F\d+: x{50}$/)
  })
})
