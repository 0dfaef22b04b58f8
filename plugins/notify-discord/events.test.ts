/**
 * Declared events in alerts, end to end: the logger's catalog reaches the notifier's worker with
 * its options, and the embed is titled and described by the catalog (title, message template).
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { tempDir } from '../../test/helpers/sinks.js'
import { FakeDiscord } from '../notify-common/testing/fake-discord.js'
import { waitFor } from '../notify-common/testing/harness.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('notify-discord with an event catalog', () => {
  it('titles and describes an alert from the catalog entry of its event', async () => {
    const server = new FakeDiscord()
    await server.listen()
    cleanups.push(() => server.close())
    const webhookUrl = server.addWebhook('555555555555555555')
    const t = tempDir('lw-notify-events-')
    cleanups.push(t.cleanup)
    const log = await createLogger({
      config: {
        events: {
          // a title no humanized event name gives: only the catalog can have put it in the embed
          fill_slipped: { category: 'execution', level: 'warn', title: 'Slippage Alert', message: '{symbol} filled {slippage} ticks away from {expected}' },
        },
        plugins: [
          {
            'notify-discord': {
              webhookUrl,
              apiBaseUrl: server.apiBaseUrl,
              spool: { dir: join(t.dir, 'spool') },
              aggregate: { windowMs: 0 },
              routes: [{ categories: ['execution', 'audit'], minLevel: 'info' }],
            },
          },
          // listed after the notifier: its events still reach the notifier's worker
          'events-trading',
        ],
      },
    })
    cleanups.push(() => log.close())
    log.event('order_filled', { order_id: 'O1', symbol: 'MNQ', side: 'buy', quantity: 2, fill_price: 5040.25 })
    await waitFor(() => server.delivered.length === 1, 10_000, 'the first alert')
    log.event('fill_slipped', { symbol: 'ES', slippage: 3, expected: 6000 })
    await waitFor(() => server.delivered.length === 2, 10_000, 'the second alert')
    const [first, second] = server.messages.map((m) => m.embeds[0])
    expect(first.title).toMatch(/ Order Filled$/)
    expect(first.description).toBe('Order O1 filled: 2 MNQ at 5040.25')
    expect(second.title).toMatch(/ Slippage Alert$/)
    expect(second.description).toBe('ES filled 3 ticks away from 6000')
  })
})
