/**
 * End to end through the built package: createLogger with notify-discord in the config, worker
 * threads, the real pipeline, a local Discord-like server. Needs `npm run build`.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, type Logger } from 'logwarden'
import { appendSink, readLines, tempDir } from '../../test/helpers/sinks.js'
import { DISCORD_SECRET_TOKEN, FakeDiscord, rateLimited } from '../notify-common/testing/fake-discord.js'
import { waitFor } from '../notify-common/testing/harness.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(notifier: Record<string, unknown> = {}): Promise<{ log: Logger; server: FakeDiscord; file: string; webhookUrl: string }> {
  const server = new FakeDiscord()
  await server.listen()
  cleanups.push(() => server.close())
  const webhookUrl = server.addWebhook('555555555555555555')
  const t = tempDir('lw-notify-e2e-')
  cleanups.push(t.cleanup)
  const file = join(t.dir, 'all.log')
  const log = await createLogger({
    config: {
      level: 'info',
      plugins: [
        appendSink('all', { file }),
        {
          'notify-discord': {
            webhookUrl,
            apiBaseUrl: server.apiBaseUrl,
            username: 'Risk Manager',
            footer: 'Risk Manager Daemon',
            timezone: 'America/Chicago',
            spool: { dir: join(t.dir, 'spool') },
            aggregate: { windowMs: 0 },
            retry: { tries: 3, baseDelayMs: 20, maxDelayMs: 100 },
            ...notifier,
          },
        },
      ],
    },
  })
  cleanups.push(() => log.close())
  return { log, server, file, webhookUrl }
}

describe('notify-discord through createLogger', () => {
  it('log.enforcement() arrives as the seed embed; testChannel and stats work', async () => {
    const { log, server } = await setup()
    log.enforcement({
      level: 'critical',
      account_id: 'ABC123',
      account_name: 'TopstepX Main',
      rule: 'UnrealizedLoss',
      action: 'close_position',
      details: { position: { symbol: 'MNQ', quantity: 2, entry_price: 5042.5 }, unrealized_pnl: -210, limit: -200 },
    })
    log.category('audit').info('not routed: audit is not a notifier category')
    log.info('not routed: system info is below the system route level')
    await waitFor(() => server.delivered.length === 1, 5000, 'the alert')
    const embed = server.messages[0].embeds[0]
    expect(embed.title).toBe('🚨 Position Closed - Unrealized Loss Limit')
    expect(embed.color).toBe(0xff0000)
    expect(embed.fields!.slice(0, 5).map((f) => `${f.name}: ${f.value}`)).toEqual([
      'Account: ABC123 (TopstepX Main)',
      'Position: MNQ 2 contracts @ 5042.50',
      'Unrealized PnL: -$210.00',
      'Limit: -$200.00',
      'Action: Position closed automatically',
    ])
    expect(embed.fields!.at(-1)!.value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CT$/)
    expect(embed.footer!.text).toBe('Risk Manager Daemon')

    expect(await log.testChannel('notify-discord')).toEqual({ ok: true, status: 200 })
    expect(server.delivered).toHaveLength(2)
    const lane = log.stats().lanes.find((l) => l.name === 'notify-discord')!
    expect(lane.counters.sent).toBe(1)
  })

  it('a long 429 never holds logging back; the notifier reports it as a system record without secrets', async () => {
    const { log, server, file, webhookUrl } = await setup({ retryAfterCapMs: 60_000, flushTimeoutMs: 200 })
    server.respond(() => rateLimited(60))
    log.category('enforcement').warn('first alert', { account_id: 'A1', rule: 'MaxContracts', webhook: webhookUrl })
    await waitFor(() => server.requests.length === 1, 5000)
    const start = performance.now()
    for (let i = 0; i < 300; i++) log.category('enforcement').warn('burst', { account_id: `B${i}`, rule: 'MaxContracts' })
    await log.flush()
    // bounded by flushTimeoutMs plus spooling 300 alerts, far below the 60 s the API asked for
    expect(performance.now() - start).toBeLessThan(5000)
    await waitFor(() => readLines(file).some((r) => r.category === 'system' && /rate limited/.test(String(r.message))), 5000, 'the 429 notice')
    expect(server.requests).toHaveLength(1)
    // the app logged its webhook URL in a field (the redact plugin's business in its own logs);
    // the notifier neither forwards it to Discord nor repeats it in its own records
    const notices = readLines(file).filter((r) => r.category === 'system' || r.category === 'error')
    expect(notices.length).toBeGreaterThan(0)
    const everything = JSON.stringify(notices) + JSON.stringify(log.stats()) + server.requests.map((r) => r.raw).join('')
    expect(everything).not.toContain(DISCORD_SECRET_TOKEN)
  })

  it('a malformed webhook URL rejects createLogger without showing the token', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const err = await createLogger({
      config: { plugins: [{ 'notify-discord': { webhookUrl: `https://discord.com/api/webhooks/x/${DISCORD_SECRET_TOKEN}`, spool: { dir: t.dir } } }] },
    }).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(err).toBeInstanceOf(Error)
    expect(err!.message).toMatch(/webhookUrl is not a Discord webhook URL/)
    expect(`${err!.message}${err!.stack}`).not.toContain(DISCORD_SECRET_TOKEN)
  })
})
