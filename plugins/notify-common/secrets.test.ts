/**
 * The webhook URL and the bot token never appear in a log record, an error message, a stack, a
 * command result, the spool, or anything printed — even when the API echoes the URL back, undici
 * fails on it, or the configuration is wrong.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiscordNotifier } from '../notify-discord/worker.js'
import { createTelegramNotifier } from '../notify-telegram/worker.js'
import { DISCORD_SECRET_TOKEN, FakeDiscord } from './testing/fake-discord.js'
import { FakeTelegram, TELEGRAM_SECRET_TOKEN } from './testing/fake-telegram.js'
import { fastOptions, makeBatch, makeContext, makeRecord, positionClosed, tempDir, waitFor } from './testing/harness.js'

const printed: string[] = []
const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) }
const cleanups: Array<() => Promise<void>> = []

beforeEach(() => {
  printed.length = 0
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    printed.push(String(chunk))
    return (original.out as (...a: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    printed.push(String(chunk))
    return (original.err as (...a: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write
})
afterEach(async () => {
  process.stdout.write = original.out
  process.stderr.write = original.err
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function caught(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    const e = err as Error
    return `${e.message}\n${e.stack}\n${String(e.cause)}`
  }
  throw new Error('expected a rejection')
}

async function spoolText(dir: string): Promise<string> {
  const files = await readdir(dir)
  // a delivered alert's file may be deleted between the listing and the read: nothing left to leak
  const read = (f: string) =>
    readFile(join(dir, f), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return ''
      throw err
    })
  return (await Promise.all(files.map(read))).join('\n')
}

describe('secrets never leak', () => {
  it('Discord: config errors, echoed URLs, undici failures, test results, spool, forwarded records', async () => {
    const secret = DISCORD_SECRET_TOKEN
    const server = new FakeDiscord()
    await server.listen()
    cleanups.push(() => server.close())
    const webhookUrl = server.addWebhook('444444444444444444')
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const everything: string[] = []

    // a malformed URL that still carries the token
    everything.push(
      await caught(createDiscordNotifier({ webhookUrl: `https://discord.com/api/webhooks/not-an-id/${secret}`, spool: { enabled: false } }, makeContext().ctx)),
    )
    expect(everything[0]).toMatch(/LW_ERR_NOTIFY_CONFIG|is not a Discord webhook URL/)

    // an API that echoes the request URL in its errors (400, 5xx, 404)
    const t = makeContext('discord-secrets')
    const sink = await createDiscordNotifier(
      { webhookUrl, apiBaseUrl: server.apiBaseUrl, ...fastOptions(dir), retry: { tries: 2, baseDelayMs: 5, maxDelayMs: 10 } },
      t.ctx,
    )
    cleanups.push(async () => void (await sink.close!()))
    const echo = (status: number) => () => ({
      status,
      body: { message: `failed for ${server.apiBaseUrl}/webhooks/444444444444444444/${secret}?wait=true`, code: 1 },
    })
    server.respond(echo(400), 2)
    await sink.write(makeBatch([positionClosed()]))
    await sink.flush!()
    server.respond(echo(503), 2)
    await sink.write(makeBatch([positionClosed(), makeRecord({ category: 'system', level: 'error', message: `config dump: ${webhookUrl}`, url: webhookUrl })]))
    await waitFor(() => t.logs.some((l) => /503|failed after/.test(l.message)), 3000)
    await waitFor(() => server.delivered.length >= 2, 3000)
    server.respond(echo(404), 1)
    const test = await sink.testChannel('default')
    everything.push(JSON.stringify(test), JSON.stringify(sink.stats()))
    expect(test.ok).toBe(false)
    expect(test.error).toContain('https://discord.com/api/webhooks/…/[REDACTED]'.replace('https://discord.com/api', '')) // the echoed URL is there, scrubbed
    // proof that scrubbing happened (the server did echo the token)
    expect(server.requests.length).toBeGreaterThan(3)
    expect(t.transcript()).toContain('[REDACTED]')
    everything.push(t.transcript(), JSON.stringify(t.counters), await spoolText(dir))
    // a record quoting the webhook URL is forwarded without it
    everything.push(server.delivered.map((r) => r.raw).join('\n'))

    // undici failing: an invalid port in the URL, and a refused connection
    for (const apiBaseUrl of ['http://127.0.0.1:99999/api/v10', 'http://127.0.0.1:1/api/v10']) {
      const t2 = makeContext('discord-undici')
      const d2 = await tempDir()
      cleanups.push(d2.cleanup)
      const s2 = await createDiscordNotifier(
        {
          webhookUrl,
          apiBaseUrl,
          ...fastOptions(d2.dir),
          retry: { tries: 1, baseDelayMs: 5, maxDelayMs: 5 },
          breaker: { failures: 1, openMs: 10_000, maxOpenMs: 10_000 },
        },
        t2.ctx,
      )
      await s2.write(makeBatch([positionClosed()]))
      await waitFor(() => t2.logs.some((l) => /circuit open/.test(l.message)), 3000, `failure logged for ${apiBaseUrl}`)
      everything.push(t2.transcript(), JSON.stringify(await s2.testChannel()))
      await s2.close!()
    }

    const all = [...everything, ...printed].join('\n')
    expect(all).not.toContain(secret)
    expect(all).not.toContain(encodeURIComponent(secret))
  })

  it('Telegram: config errors, echoed URLs, undici failures, test results', async () => {
    const secret = TELEGRAM_SECRET_TOKEN
    const secretHalf = secret.split(':')[1]
    const server = new FakeTelegram()
    await server.listen()
    cleanups.push(() => server.close())
    const { dir, cleanup } = await tempDir()
    cleanups.push(cleanup)
    const everything: string[] = []

    everything.push(await caught(createTelegramNotifier({ botToken: `${secret} extra`, chatId: 1, spool: { enabled: false } }, makeContext().ctx)))
    expect(everything[0]).toMatch(/botToken is not a Telegram bot token/)
    everything.push(await caught(createTelegramNotifier({ botToken: secret, chatId: 1, timezone: 'Not/AZone', spool: { enabled: false } }, makeContext().ctx)))

    const t = makeContext('telegram-secrets')
    const sink = await createTelegramNotifier(
      { botToken: secret, chatId: '-1001234567890', apiBaseUrl: server.apiBaseUrl, ...fastOptions(dir), retry: { tries: 2, baseDelayMs: 5, maxDelayMs: 10 } },
      t.ctx,
    )
    cleanups.push(async () => void (await sink.close!()))
    const echo = (status: number) => (r: { path: string }) => ({
      status,
      body: { ok: false, error_code: status, description: `Bad: ${server.origin}${r.path} token ${secret}` },
    })
    server.respond(echo(400), 2)
    await sink.write(makeBatch([positionClosed()]))
    await sink.flush!()
    server.respond(echo(502), 2)
    await sink.write(makeBatch([makeRecord({ category: 'system', level: 'error', message: `token is ${secret}` })]))
    await waitFor(() => server.delivered.length >= 1, 3000)
    server.respond(echo(403), 1)
    everything.push(JSON.stringify(await sink.testChannel()))
    expect(t.transcript()).toContain('[REDACTED]')
    everything.push(t.transcript(), await spoolText(dir), server.delivered.map((r) => r.raw).join('\n'))

    const t2 = makeContext('telegram-undici')
    const d2 = await tempDir()
    cleanups.push(d2.cleanup)
    const s2 = await createTelegramNotifier(
      {
        botToken: secret,
        chatId: 1,
        apiBaseUrl: 'http://127.0.0.1:1',
        ...fastOptions(d2.dir),
        retry: { tries: 1, baseDelayMs: 5, maxDelayMs: 5 },
        breaker: { failures: 1, openMs: 10_000, maxOpenMs: 10_000 },
      },
      t2.ctx,
    )
    await s2.write(makeBatch([positionClosed()]))
    await waitFor(() => t2.logs.some((l) => /circuit open/.test(l.message)), 3000)
    everything.push(t2.transcript(), JSON.stringify(await s2.testChannel()))
    await s2.close!()

    const all = [...everything, ...printed].join('\n')
    expect(all).not.toContain(secret)
    expect(all).not.toContain(secretHalf)
  })
})
