/**
 * End to end through the built package: createLogger with notify-telegram, worker threads, a local
 * Bot-API-like server. Needs `npm run build`.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from 'logwarden'
import { tempDir } from '../../test/helpers/sinks.js'
import { FakeTelegram } from '../notify-common/testing/fake-telegram.js'
import { waitFor } from '../notify-common/testing/harness.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('notify-telegram through createLogger', () => {
  it('a critical system event arrives as MarkdownV2 the API accepts; testChannel works', async () => {
    const server = new FakeTelegram()
    await server.listen()
    cleanups.push(() => server.close())
    const t = tempDir('lw-notify-tg-e2e-')
    cleanups.push(t.cleanup)
    const log = await createLogger({
      config: {
        plugins: [
          {
            'notify-telegram': {
              name: 'phone',
              botToken: server.token,
              chatId: '-1001234567890',
              apiBaseUrl: server.apiBaseUrl,
              spool: { dir: join(t.dir, 'spool') },
            },
          },
        ],
      },
    })
    cleanups.push(() => log.close())
    log.systemEvent('connection_lost', { level: 'critical', message: 'Broker connection lost (retrying in 5s…)', broker: 'topstep-x.prod' })
    await waitFor(() => server.sent.length === 1, 5000, 'the alert')
    const [m] = server.sent
    expect(m.parse_mode).toBe('MarkdownV2')
    expect(m.disable_notification).toBeUndefined()
    expect(m.visible.split('\n')[0]).toBe('🚨 Connection Lost')
    expect(m.visible).toContain('Broker connection lost (retrying in 5s…)')
    expect(m.visible).toContain('Broker: topstep-x.prod')
    expect(await log.testChannel('phone')).toEqual({ ok: true, status: 200 })
  })
})
