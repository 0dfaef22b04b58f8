import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  MAX_SILENCES,
  RETAIN_EXPIRED_MS,
  parseMatcher,
  prune,
  readSilences,
  silenceState,
  silencing,
  writeSilences,
  type AlertView,
  type Silence,
} from './index.js'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

function silence(id: string, matchers: string[], from: number, to: number): Silence {
  return {
    id,
    matchers: matchers.map((m) => parseMatcher(m)!),
    startsAt: iso(from),
    endsAt: iso(to),
    createdAt: iso(from),
    createdBy: 'ops',
    comment: 'test',
  }
}

const alert = (over: Partial<AlertView> = {}): AlertView => ({
  notifier: 'notify-discord',
  channel: 'default',
  rule: 'DailyLoss',
  event: 'lockout',
  account: 'ABC123',
  record: { account_id: 'ABC123', details: { symbol: 'MNQ' }, level: 50 },
  ...over,
})

describe('matching', () => {
  it('needs every matcher; rule is the rule, or the event when there is none', () => {
    const s = [silence('a', ['rule=DailyLoss', 'account=ABC123'], NOW - 1000, NOW + 1000)]
    expect(silencing(s, alert(), NOW)?.id).toBe('a')
    expect(silencing(s, alert({ account: 'XYZ789' }), NOW)).toBeUndefined()
    const byEvent = [silence('b', ['rule=threshold_exceeded'], NOW - 1000, NOW + 1000)]
    expect(silencing(byEvent, alert({ rule: undefined, event: 'threshold_exceeded' }), NOW)?.id).toBe('b')
    expect(silencing(byEvent, alert(), NOW)).toBeUndefined()
    // a metrics monitor's record: its rule's name, or its text
    const monitor = alert({ event: 'threshold_exceeded', rule: 'lw_dropped_total > 0', account: undefined, record: { name: 'drops' } })
    expect(silencing([silence('m', ['rule=drops'], NOW - 1, NOW + 1)], monitor, NOW)?.id).toBe('m')
    expect(silencing([silence('t', ['rule=lw_dropped_total > 0'], NOW - 1, NOW + 1)], monitor, NOW)?.id).toBe('t')
    expect(silencing([silence('n', ['rule=drops'], NOW - 1, NOW + 1)], alert({ record: { name: 'drops' } }), NOW)).toBeUndefined()
  })

  it('tests record fields by dotted path, notifier and channel; != inverts', () => {
    const at = (m: string[]) => silencing([silence('x', m, NOW - 1, NOW + 1)], alert(), NOW)?.id
    expect(at(['details.symbol=MNQ'])).toBe('x')
    expect(at(['details.symbol=ES'])).toBeUndefined()
    expect(at(['details.symbol!=ES'])).toBe('x')
    expect(at(['level=50', 'channel=default', 'notifier=notify-discord'])).toBe('x')
    expect(at(['channel=ops'])).toBeUndefined()
    // an object or a missing field is no value: = never holds, != always
    expect(at(['details=MNQ'])).toBeUndefined()
    expect(at(['missing!=1'])).toBe('x')
  })

  it('honours the window: pending before startsAt, expired from endsAt on', () => {
    const s = silence('w', ['account=ABC123'], NOW + 1000, NOW + 2000)
    expect(silenceState(s, NOW)).toBe('pending')
    expect(silencing([s], alert(), NOW)).toBeUndefined()
    expect(silencing([s], alert(), NOW + 1000)?.id).toBe('w')
    expect(silenceState(s, NOW + 2000)).toBe('expired')
    expect(silencing([s], alert(), NOW + 2000)).toBeUndefined()
  })

  it('parses key=value and key!=value; refuses the rest', () => {
    expect(parseMatcher('account=ABC=1')).toEqual({ name: 'account', op: '=', value: 'ABC=1' })
    expect(parseMatcher('details.rule != X')).toEqual({ name: 'details.rule', op: '!=', value: 'X' })
    for (const bad of ['account', 'account=', '=x', '1a=b']) expect(parseMatcher(bad)).toBeUndefined()
  })
})

describe('the file', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('round-trips through an atomic write, leaves no temp file, and refuses a damaged file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-sil-'))
    const file = join(dir, 'state', 'silences.json')
    expect(await readSilences(file)).toEqual([])
    const list = [silence('a', ['account=A'], NOW, NOW + 1)]
    await writeSilences(file, list)
    expect(await readSilences(file)).toEqual(list)
    expect(readdirSync(join(dir, 'state'))).toEqual(['silences.json'])
    writeFileSync(file, '{"silences": [')
    await expect(readSilences(file)).rejects.toThrow()
  })

  it('keeps expired silences for the retention, and at most MAX_SILENCES, dropping expired ones first', () => {
    const old = silence('old', ['account=A'], NOW - RETAIN_EXPIRED_MS - 2000, NOW - RETAIN_EXPIRED_MS - 1000)
    const recent = silence('recent', ['account=A'], NOW - 2000, NOW - 1000)
    const active = silence('active', ['account=A'], NOW - 1000, NOW + 1000)
    expect(prune([old, recent, active], NOW).map((s) => s.id)).toEqual(['recent', 'active'])
    const many = Array.from({ length: MAX_SILENCES }, (_, i) => silence(`s${i}`, ['account=A'], NOW - 1, NOW + 1000))
    const kept = prune([recent, ...many], NOW)
    expect(kept).toHaveLength(MAX_SILENCES)
    expect(kept.some((s) => s.id === 'recent')).toBe(false)
  })
})
