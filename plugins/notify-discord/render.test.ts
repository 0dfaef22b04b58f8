import { describe, expect, it } from 'vitest'
import { buildAlert } from '../notify-common/alert.js'
import { buildSummary } from '../notify-common/summary.js'
import { discordViolations } from '../notify-common/testing/fake-discord.js'
import { makeRecord, positionClosed } from '../notify-common/testing/harness.js'
import type { AlertEvent, Notification } from '../notify-common/types.js'
import { DISCORD_LIMITS, embedLength, renderDiscord, renderEmbeds, type DiscordPayload } from './render.js'

const fmt = { timezone: 'America/Chicago', footer: 'Risk Manager Daemon' }
const RESERVED = '_*[]()~`>#+-=|{}.!\\<>&"\'@everyone <@&123> ||spoiler|| ```code``` 😀🚨👨‍👩‍👧 \u0000\u0007 \ud800'

function payloads(n: Notification, plain = false): DiscordPayload[] {
  return renderDiscord(n, { username: 'Risk Manager' }, plain).map((p) => JSON.parse(p.body) as DiscordPayload)
}

describe('Discord embed (seed 001)', () => {
  it('renders the position-closed alert as the seed shows it', () => {
    const { notification } = buildAlert(positionClosed({ level: 'critical' }), 'enforcement', fmt)
    const [p] = payloads(notification)
    expect(p.username).toBe('Risk Manager')
    expect(p.allowed_mentions).toEqual({ parse: [] })
    expect(p.embeds).toHaveLength(1)
    const e = p.embeds![0]
    expect(e.title).toBe('🚨 Position Closed - Unrealized Loss Limit')
    expect(e.color).toBe(0xff0000)
    expect(e.fields!.map((f) => [f.name, f.value])).toEqual([
      ['Account', 'ABC123 (TopstepX Main)'],
      ['Position', 'MNQ 2 contracts @ 5042.50'],
      ['Unrealized PnL', '-$210.00'],
      ['Limit', '-$200.00'],
      ['Action', 'Position closed automatically'],
      ['Time', '2025-10-15 10:23:45 CT'],
    ])
    expect(e.footer).toEqual({ text: 'Risk Manager Daemon' })
    expect(e.timestamp).toBe('2025-10-15T15:23:45.123Z')
  })

  it('colors by severity: info blue, warning amber, critical red', () => {
    const color = (level: string) => payloads(buildAlert(positionClosed({ level }), 'enforcement', fmt).notification)[0].embeds![0].color
    expect([color('info'), color('warn'), color('error')]).toEqual([0x3498db, 0xffbf00, 0xff0000])
  })

  it('renders the seed summary', () => {
    const events = ['MNQ', 'ES', 'NQ', 'GC', 'CL'].map((symbol, i) => {
      const b = buildAlert(
        positionClosed({ level: 'critical', details: { position: { symbol }, reason: 'Daily loss limit exceeded', action: 'flatten_account' } }),
        'enforcement',
        fmt,
      )
      return { id: String(i), channel: 'default', created: i, seq: i, ...b } as AlertEvent
    })
    const e = payloads(buildSummary(events, 'Risk Manager Daemon'))[0].embeds![0]
    expect(e.title).toBe('🚨 Multiple Enforcement Actions (5 positions closed)')
    expect(e.fields!.find((f) => f.name === 'Positions closed')?.value).toBe('MNQ, ES, NQ, GC, CL')
    expect(e.fields!.find((f) => f.name === 'Reason')?.value).toBe('Daily loss limit exceeded')
  })
})

describe('Discord limits with hostile input', () => {
  const huge = 'x'.repeat(5000)
  const hostile = makeRecord({
    level: 'critical',
    category: 'system',
    message: `${RESERVED} ${'m'.repeat(5000)}`,
    event: `${'e'.repeat(300)}${RESERVED}`,
    account_id: `${RESERVED}${huge}`,
    ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field_${i}_${RESERVED}${'k'.repeat(300)}`, `${RESERVED}${huge}`])),
  })

  it('never produces a payload Discord rejects, and splits instead of dropping fields', () => {
    const { notification } = buildAlert(hostile, 'system', { ...fmt, footer: 'f'.repeat(3000) })
    const ps = payloads(notification)
    expect(ps.length).toBeGreaterThan(1)
    for (const p of ps) {
      expect(discordViolations(p)).toEqual([])
      expect(p.embeds!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds)
      expect(p.embeds!.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.total)
    }
    const first = ps[0].embeds![0]
    expect(first.title!.length).toBe(256)
    expect(first.title!.endsWith('…')).toBe(true)
    expect(first.description!.endsWith('…')).toBe(true)
    // every field made it into some message (truncated, never lost)
    const shown = ps.flatMap((p) => p.embeds!.flatMap((e) => e.fields ?? []))
    expect(shown.length).toBe(notification.fields.length)
    for (const f of shown) expect(f.value.length).toBeLessThanOrEqual(1024)
    expect(shown.some((f) => f.value.includes('😀🚨'))).toBe(true)
    // no lone surrogates or control characters survive
    const text = JSON.stringify(ps)
    expect(text).not.toMatch(/\\u0000|\\u0007|\\ud800/)
    // the footer is on the last embed only
    expect(ps.at(-1)!.embeds!.at(-1)!.footer!.text.length).toBe(2048)
  })

  it('keeps more than 25 fields by continuing in another embed', () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ name: `F${i}`, value: `v${i}` }))
    const embeds = renderEmbeds({ severity: 'info', title: 'many', fields, timestamp: new Date().toISOString() })
    expect(embeds.map((e) => e.fields!.length)).toEqual([25, 25, 10])
    expect(embeds[1].title).toBe('ℹ️ many (continued)')
    const [p] = payloads({ severity: 'info', title: 'many', fields, timestamp: new Date().toISOString() })
    expect(p.embeds).toHaveLength(3)
    expect(discordViolations(p)).toEqual([])
  })

  it('plain fallback: content only, each at most 2000 characters, mentions disabled', () => {
    const { notification } = buildAlert(hostile, 'system', fmt)
    const ps = payloads(notification, true)
    expect(ps.length).toBeGreaterThan(1)
    for (const p of ps) {
      expect(p.embeds).toBeUndefined()
      expect(p.content!.length).toBeLessThanOrEqual(2000)
      expect(p.allowed_mentions).toEqual({ parse: [] })
      expect(discordViolations(p)).toEqual([])
    }
  })
})
