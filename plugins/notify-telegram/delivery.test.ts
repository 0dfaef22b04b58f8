/**
 * The Telegram notifier against a local server that behaves like the Bot API (strict MarkdownV2 /
 * HTML parsing, 4096 limit, 429 with parameters.retry_after, supergroup migration).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { NotifierSink } from '../notify-common/notifier.js'
import { FakeTelegram, telegramRateLimited } from '../notify-common/testing/fake-telegram.js'
import { fastOptions, makeBatch, makeContext, makeRecord, positionClosed, tempDir, waitFor, type TestContext } from '../notify-common/testing/harness.js'
import { MARKDOWN_V2_RESERVED } from './escape.js'
import { createTelegramNotifier } from './worker.js'

const CHAT = '-1001234567890'
const teardowns: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const t of teardowns.splice(0).reverse()) await t()
})

async function setup(
  extra: Record<string, unknown> = {},
  opts: { server?: FakeTelegram; dir?: string } = {},
): Promise<{ server: FakeTelegram; sink: NotifierSink; t: TestContext; dir: string }> {
  let server = opts.server
  if (!server) {
    server = new FakeTelegram()
    await server.listen()
    const s = server
    teardowns.push(() => s.close())
  }
  let dir = opts.dir
  if (!dir) {
    const tmp = await tempDir()
    teardowns.push(tmp.cleanup)
    dir = tmp.dir
  }
  const t = makeContext('telegram-test')
  const sink = await createTelegramNotifier({ botToken: server.token, chatId: CHAT, apiBaseUrl: server.apiBaseUrl, ...fastOptions(dir), ...extra }, t.ctx)
  teardowns.push(async () => {
    await sink.close!()
  })
  return { server, sink, t, dir }
}

describe('Telegram delivery', () => {
  it('sends the seed layout in MarkdownV2; info is silent, critical rings', async () => {
    const { server, sink, t } = await setup({ messageThreadId: 7, timezone: 'America/Chicago' })
    await sink.write(makeBatch([positionClosed({ level: 'info' }), positionClosed({ level: 'critical' })]))
    await sink.flush!()
    expect(server.sent).toHaveLength(2)
    const [info, crit] = server.sent
    expect(server.delivered[0].path).toBe(`/bot${server.token}/sendMessage`)
    expect(info.parse_mode).toBe('MarkdownV2')
    expect(info.message_thread_id).toBe(7)
    expect(info.disable_notification).toBe(true)
    expect(crit.disable_notification).toBeUndefined()
    expect(crit.visible).toBe(
      '🚨 Position Closed - Unrealized Loss Limit\n\nAccount: ABC123 (TopstepX Main)\nPosition: MNQ 2 contracts @ 5042.50\nUnrealized PnL: -$210.00\nLimit: -$200.00\nAction: Position closed automatically\n\nTime: 2025-10-15 10:23:45 CT',
    )
    expect(t.counters.sent).toBe(2)
  })

  for (const format of ['MarkdownV2', 'HTML'] as const) {
    it(`${format}: hostile values (every reserved character, emoji, 5,000 characters) are accepted by the API`, async () => {
      const { server, sink, t } = await setup({ format })
      const hostile = `${MARKDOWN_V2_RESERVED} <i>&amp;</i> & < > 😀🚨 *a* _b_`
      await sink.write(
        makeBatch([
          makeRecord({ category: 'system', level: 'critical', message: hostile, event: 'x', payload: hostile + 'z'.repeat(5000), account_id: hostile }),
        ]),
      )
      await sink.flush!()
      expect(server.requests.every((r) => r.status === 200)).toBe(true)
      expect(server.sent.length).toBeGreaterThan(1)
      expect(server.sent.map((m) => m.visible).join('')).toContain(`Payload: ${hostile}${'z'.repeat(5000)}`)
      expect(t.counters.dropped ?? 0).toBe(0)
    })
  }

  it('honors 429 parameters.retry_after', async () => {
    const { server, sink, t } = await setup()
    server.respond(() => telegramRateLimited(1), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => server.delivered.length === 1, 4000)
    const [a, b] = server.requests
    expect(a.status).toBe(429)
    expect(b.at - a.at).toBeGreaterThanOrEqual(990)
    expect(t.counters['rate-limited']).toBe(1)
  })

  it('follows a group upgraded to a supergroup, says so, and keeps the new id after a restart', async () => {
    const server = new FakeTelegram()
    await server.listen()
    teardowns.push(() => server.close())
    server.chats.add('-100999')
    server.migrated.set('-4242', '-100999')
    const first = await setup({ chatId: '-4242' }, { server })
    await first.sink.write(makeBatch([positionClosed()]))
    await first.sink.flush!()
    expect(server.requests.map((r) => [(r.body as { chat_id: unknown }).chat_id, r.status])).toEqual([
      ['-4242', 400],
      [-100999, 200],
    ])
    const notice = first.t.logs.find((l) => /supergroup/.test(l.message))!
    expect(notice.category).toBe('system')
    expect(notice.message).toContain('now sending to chat -100999')
    await first.sink.close!()

    const again = await setup({ chatId: '-4242' }, { server, dir: first.dir })
    await again.sink.write(makeBatch([positionClosed()]))
    await again.sink.flush!()
    expect((server.requests.at(-1)!.body as { chat_id: unknown }).chat_id).toBe(-100999)
    expect(server.requests).toHaveLength(3)
  })

  it('a rejected MarkdownV2 message is sent again as plain text', async () => {
    const { server, sink } = await setup()
    server.respond(
      () => ({ status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities: Character '.' is reserved" } }),
      1,
    )
    await sink.write(makeBatch([positionClosed()]))
    await sink.flush!()
    expect(server.sent).toHaveLength(1)
    expect(server.sent[0].parse_mode).toBeUndefined()
    expect(server.sent[0].text).toContain('Position: MNQ 2 contracts @ 5042.50')
  })

  it('a wrong token (401) disables the channel with a critical system record', async () => {
    const server = new FakeTelegram('1234567890:AAwrongwrongwrongwrongwrongwrongwr')
    await server.listen()
    teardowns.push(() => server.close())
    const { sink, t } = await setup({ botToken: '1234567890:AAHdifferentTokenValue_0123456789ab' }, { server })
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => sink.stats().default.disabled, 2000)
    expect(t.logs.find((l) => l.level === 'critical')!.message).toMatch(/disabled: Unauthorized \(HTTP 401\)/)
  })

  it('routes accounts to their own chats (seed per-account channels)', async () => {
    const server = new FakeTelegram()
    await server.listen()
    teardowns.push(() => server.close())
    server.chats.add('555')
    const { sink } = await setup(
      {
        accounts: [{ account_id: 'ABC123', channels: { telegram: { enabled: true, chat_id: '555', severity_levels: ['warning', 'critical'] } } }],
      },
      { server },
    )
    await sink.write(makeBatch([positionClosed({ level: 'warn' }), positionClosed({ level: 'info' }), positionClosed({ level: 'warn', account_id: 'OTHER' })]))
    await sink.flush!()
    expect(server.sent.map((m) => String(m.chat_id)).sort()).toEqual(['-1001234567890', '555'])
    expect(Object.keys(sink.stats()).sort()).toEqual(['account:ABC123', 'default'])
  })

  it('testChannel sends a test message and reports the result', async () => {
    const { server, sink } = await setup()
    expect(await sink.command!('test', 'default')).toEqual({ ok: true, status: 200 })
    expect(server.sent[0].visible).toContain('logwarden test message')
    server.chats.clear()
    expect(await sink.testChannel()).toEqual({ ok: false, status: 400, error: 'Bad Request: chat not found' })
  })
})
