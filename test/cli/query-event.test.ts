/** `logwarden query --event`: records of the named events only, with the catalog's message. */
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { tempDir } from '../helpers/sinks.js'
import { run } from './helpers.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

describe('logwarden query --event', () => {
  it('prints only the named events, as JSON and as people read them', async () => {
    const t = tempDir()
    cleanup.push(t.cleanup)
    const log = await createLogger({ config: { plugins: ['events-trading', { 'sink-file': { dir: t.dir } }] } })
    log.event('order_submitted', { order_id: 'O1', symbol: 'MNQ', side: 'buy', quantity: 2 })
    log.event('order_filled', { order_id: 'O1', symbol: 'MNQ', quantity: 2, fill_price: 5040.25 })
    log.event('risk_block', { action: 'trade', reason: 'Max leverage' })
    await log.close()

    const json = await run(['query', '--dir', t.dir, '--event', 'order_filled', '--json'])
    expect(json.code).toBe(0)
    const records = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.map((r) => [r.event, r.message])).toEqual([['order_filled', 'Order O1 filled: 2 MNQ at 5040.25']])

    const human = await run(['query', '--dir', t.dir, '--event', 'order_filled,risk_block'])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('Order O1 filled: 2 MNQ at 5040.25')
    expect(human.stdout).toContain('Blocked trade on {symbol}: Max leverage')
    expect(human.stdout).not.toContain('submitted')
  })
})
