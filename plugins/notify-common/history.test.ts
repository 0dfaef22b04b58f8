import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertHistoryEntry } from '../../lib/control-api/index.js'
import { AlertHistory, HISTORY_FILE, HISTORY_OLD_FILE } from './history.js'

const entry = (i: number, over: Partial<AlertHistoryEntry> = {}): AlertHistoryEntry => ({
  time: new Date(Date.parse('2026-12-01T12:00:00Z') + i * 1000).toISOString(),
  notifier: 'notify-discord',
  channel: i % 2 ? 'ops' : 'default',
  outcome: i % 3 ? 'sent' : 'failed',
  id: `e${i}`,
  title: `Position Closed ${i}`,
  account: 'ABC123',
  ...over,
})

let dir: string | undefined
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

describe('alert history', () => {
  it('reads back newest first, filtered by channel, outcome and time, across a new instance (a restart)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-hist-'))
    const errors: unknown[] = []
    const h = new AlertHistory(dir, 1024 * 1024, (e) => errors.push(e))
    for (let i = 0; i < 10; i++) h.append(entry(i))
    await h.settled()
    const again = new AlertHistory(dir, 1024 * 1024, (e) => errors.push(e))
    expect((await again.read({ n: 3 })).map((e) => e.id)).toEqual(['e9', 'e8', 'e7'])
    expect((await again.read({ n: 100, channel: 'notify-discord/ops' })).map((e) => e.id)).toEqual(['e9', 'e7', 'e5', 'e3', 'e1'])
    expect((await again.read({ n: 100, channel: 'ops', outcome: ['failed'] })).map((e) => e.id)).toEqual(['e9', 'e3'])
    expect((await again.read({ n: 100, since: Date.parse(entry(8).time) })).map((e) => e.id)).toEqual(['e9', 'e8'])
    expect(errors).toEqual([])
  })

  it('never holds more than maxBytes in its two files, however the appends are batched', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-hist-'))
    const max = 8192
    const h = new AlertHistory(dir, max, () => undefined)
    for (let round = 0; round < 20; round++) {
      // bursts of appends between awaits: several lines per write
      for (let i = 0; i < 13; i++) h.append(entry(round * 13 + i, { error: 'x'.repeat(i * 7) }))
      await h.settled()
      const sizes = [HISTORY_FILE, HISTORY_OLD_FILE].map((f) => {
        try {
          return statSync(join(dir!, f)).size
        } catch {
          return 0
        }
      })
      for (const s of sizes) expect(s).toBeLessThanOrEqual(max / 2)
    }
    // the newest entries survive, every line whole
    const newest = await h.read({ n: 1 })
    expect(newest[0]!.id).toBe(`e${20 * 13 - 1}`)
    for (const f of [HISTORY_FILE, HISTORY_OLD_FILE]) for (const line of readFileSync(join(dir, f), 'utf8').trim().split('\n')) JSON.parse(line)
  })

  it('without a directory keeps the newest entries in memory', async () => {
    const h = new AlertHistory(undefined, 0, () => undefined)
    for (let i = 0; i < 1005; i++) h.append(entry(i))
    const all = await h.read({ n: 5000 })
    expect(all).toHaveLength(1000)
    expect(all[0]!.id).toBe('e1004')
  })
})
