/**
 * The Discord notifier against a local server that behaves like Discord: real undici requests over
 * loopback, real spool files, real timers (short ones).
 */
import { readdir } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { NotifierSink } from '../notify-common/notifier.js'
import { FakeClock } from '../notify-common/testing/fake-clock.js'
import { DISCORD_SECRET_TOKEN, FakeDiscord, rateLimited } from '../notify-common/testing/fake-discord.js'
import {
  fastOptions,
  makeBatch,
  makeContext,
  makeRecord,
  positionClosed,
  sleep,
  tempDir,
  waitFor,
  watchRequestStarts,
  type TestContext,
} from '../notify-common/testing/harness.js'
import { createDiscordNotifier } from './worker.js'

interface Setup {
  server: FakeDiscord
  sink: NotifierSink
  t: TestContext
  dir: string
  webhookUrl: string
}

const teardowns: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const t of teardowns.splice(0).reverse()) await t()
})

async function setup(extra: Record<string, unknown> = {}, server?: FakeDiscord, deps: { clock?: FakeClock } = {}): Promise<Setup> {
  if (!server) {
    server = new FakeDiscord()
    await server.listen()
    const s = server
    teardowns.push(() => s.close())
  }
  const webhookUrl = server.addWebhook('111111111111111111')
  const { dir, cleanup } = await tempDir()
  teardowns.push(cleanup)
  const t = makeContext('discord-test')
  const base = fastOptions(dir)
  const spool = { ...(base.spool as object), ...(extra.spool as object | undefined) }
  const sink = await createDiscordNotifier({ webhookUrl, apiBaseUrl: server.apiBaseUrl, ...base, ...extra, spool }, t.ctx, deps)
  teardowns.push(async () => {
    await sink.close!()
  })
  return { server, sink, t, dir, webhookUrl }
}

const spooled = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.alert.json')).length
const closes = (n: number, account = 'ABC123') =>
  Array.from({ length: n }, (_, i) =>
    positionClosed({
      account_id: account,
      details: { position: { symbol: ['MNQ', 'ES', 'NQ', 'GC', 'CL'][i % 5], quantity: 1 }, action: 'close_position', reason: 'Daily loss limit exceeded' },
    }),
  )

describe('Discord delivery', () => {
  it('posts the embed to the versioned webhook path with wait=true, counts it, and clears the spool', async () => {
    const { server, sink, t, dir, webhookUrl } = await setup({ username: 'Risk Manager', threadId: '42' })
    await sink.write(makeBatch([positionClosed({ level: 'critical' })]))
    await sink.flush!()
    expect(server.delivered).toHaveLength(1)
    const req = server.delivered[0]
    // the id and token of the URL the user configured, moved onto apiBaseUrl's versioned path
    const [id, token] = new URL(webhookUrl).pathname.split('/').slice(-2)
    expect([id, token]).toEqual(['111111111111111111', DISCORD_SECRET_TOKEN])
    expect(req.path).toBe(`/api/v10/webhooks/${id}/${token}`)
    expect(req.query.get('wait')).toBe('true')
    expect(req.query.get('thread_id')).toBe('42')
    expect(server.messages[0].embeds[0].title).toBe('🚨 Position Closed - Unrealized Loss Limit')
    expect(t.counters.sent).toBe(1)
    expect(t.counters.spooled).toBe(1)
    await waitFor(() => sink.stats().default.backlog === 0)
    await sink.flush!() // also waits for the spool deletions started by the delivery
    expect(await spooled(dir)).toBe(0)
  })

  it('only notifies routed records (category, level, account preferences)', async () => {
    const { server, sink } = await setup({
      routes: [{ categories: ['enforcement'], minLevel: 'warn' }],
      accounts: [{ account_id: 'MUTED', channels: { discord: { enabled: false } } }],
    })
    await sink.write(
      makeBatch([
        positionClosed({ level: 'info' }),
        positionClosed({ level: 'warn', account_id: 'MUTED' }),
        makeRecord({ category: 'audit', level: 'critical' }),
        positionClosed({ level: 'warn', account_id: 'LOUD' }),
      ]),
    )
    await sink.flush!()
    expect(server.delivered).toHaveLength(1)
    expect(server.messages[0].embeds[0].fields![0].value).toBe('LOUD (TopstepX Main)')
  })

  it('delivers an event once even when the same batch arrives twice (dedupe by event id)', async () => {
    const { server, sink } = await setup()
    const batch = makeBatch([positionClosed(), positionClosed()])
    await sink.write(batch)
    await sink.write(batch)
    await sink.flush!()
    expect(server.delivered).toHaveLength(2)
  })

  it("honors a 429: waits the body's retry_after, then sends once", async () => {
    const { server, sink, t } = await setup()
    server.respond(() => rateLimited(0.4), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => server.delivered.length === 1, 5000, 'delivery after 429')
    const [first, second] = server.requests
    expect(first.status).toBe(429)
    expect(second.at - first.at).toBeGreaterThanOrEqual(390)
    expect(t.counters['rate-limited']).toBe(1)
    expect(t.logs.some((l) => l.category === 'system' && l.level === 'warn' && /429/.test(l.message))).toBe(true)
  })

  it('honors header-only 429s (Retry-After / X-RateLimit-Reset-After) and caps the wait', async () => {
    const { server, sink } = await setup({ retryAfterCapMs: 300 })
    // a Cloudflare-style 429: HTML body, only Retry-After (30 s, capped to 300 ms)
    server.respond(() => ({ status: 429, headers: { 'retry-after': '30', 'content-type': 'text/html' }, body: '<html>429</html>' }), 1)
    // then a Discord 429 with only the precise reset header
    server.respond(() => ({ status: 429, headers: { 'x-ratelimit-reset-after': '0.250', 'x-ratelimit-remaining': '0' } }), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => server.delivered.length === 1, 5000)
    const [a, b, c] = server.requests
    expect(b.at - a.at).toBeGreaterThanOrEqual(290)
    expect(b.at - a.at).toBeLessThan(3000) // capped: far from the 30 s asked for
    expect(c.at - b.at).toBeGreaterThanOrEqual(240)
  })

  it('a 429 on one channel does not hold back another channel', async () => {
    const server = new FakeDiscord()
    await server.listen()
    teardowns.push(() => server.close())
    const ops = server.addWebhook('222222222222222222')
    const { sink, t } = await setup(
      {
        channels: { ops: { webhookUrl: ops } },
        routes: [{ categories: ['enforcement'] }, { channel: 'ops', categories: ['system'], minLevel: 'warn' }],
      },
      server,
    )
    // the default channel must wait a minute: anything arriving within the 10 s below was not held back
    server.respond((r) => (r.path.includes('111111111111111111') ? rateLimited(60) : undefined), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => t.counters['rate-limited'] === 1, 5000, 'the 429 taken in')
    await sink.write(makeBatch([makeRecord({ category: 'system', level: 'critical', message: 'broker down' })]))
    await waitFor(() => server.delivered.length === 1, 10_000, 'ops delivery')
    expect(server.delivered[0].path).toContain('222222222222222222')
    // delivered while the default channel still waits out its 429: one request, its alert held
    expect(server.requests.filter((r) => r.path.includes('111111111111111111')).map((r) => r.status)).toEqual([429])
    expect(sink.stats().default.backlog).toBe(1)
  })

  it('a global 429 pauses every channel of the notifier', async () => {
    const server = new FakeDiscord()
    await server.listen()
    teardowns.push(() => server.close())
    const ops = server.addWebhook('222222222222222222')
    const { sink, t } = await setup(
      {
        channels: { ops: { webhookUrl: ops } },
        routes: [{ categories: ['enforcement'] }, { channel: 'ops', categories: ['system'], minLevel: 'warn' }],
      },
      server,
    )
    server.respond(() => rateLimited(0.5, true), 1)
    await sink.write(makeBatch([positionClosed()]))
    // the pause starts once the client has the 429; the server's timestamp of it comes earlier still
    await waitFor(() => t.counters['rate-limited'] === 1, 5000, 'the global 429 taken in')
    await sink.write(makeBatch([makeRecord({ category: 'system', level: 'critical', message: 'broker down' })]))
    await waitFor(() => server.delivered.length === 2, 3000)
    const [limited, ...rest] = server.requests
    for (const r of rest) expect(r.at - limited.at).toBeGreaterThanOrEqual(480)
  })

  it('hostile records (reserved characters, emoji, 5,000-character values, 40 fields) never get a 400', async () => {
    const { server, sink, t } = await setup()
    const hostile = '_*[]()~`>#+-=|{}.!\\ <b>&amp; @everyone <@&1> 😀🚨👨‍👩‍👧 \u0000 '
    await sink.write(
      makeBatch([
        makeRecord({
          category: 'system',
          level: 'critical',
          message: hostile + 'm'.repeat(5000),
          event: hostile + 'e'.repeat(400),
          account_id: hostile + 'a'.repeat(5000),
          ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}${hostile}`, hostile + 'v'.repeat(5000)])),
        }),
      ]),
    )
    await sink.flush!()
    expect(server.requests.length).toBeGreaterThan(1)
    expect(server.requests.every((r) => r.status === 200)).toBe(true)
    expect(t.counters.sent).toBe(1)
    expect(JSON.stringify(server.messages)).toContain('😀🚨👨‍👩‍👧')
  })

  it('paces from X-RateLimit-Remaining so a Discord-like bucket never answers 429', async () => {
    const { server, sink } = await setup()
    server.bucket = { limit: 2, windowMs: 300 }
    await sink.write(makeBatch(closes(6).map((r, i) => ({ ...r, account_id: `A${i}` }))))
    await waitFor(() => server.delivered.length === 6, 5000, 'six deliveries')
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(0)
  })

  it('retries 5xx and connection resets with growing backoff, then delivers', async () => {
    const { server, sink, t } = await setup({ retry: { tries: 4, baseDelayMs: 60, maxDelayMs: 1000 } })
    server.respond(() => ({ status: 502, body: { message: 'Bad Gateway' } }), 2)
    server.respond(() => ({ status: 0, reset: true }), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => server.delivered.length === 1, 5000)
    expect(server.requests.map((r) => r.status)).toEqual([502, 502, 0, 200])
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i].at)
    expect(gaps[0]).toBeGreaterThanOrEqual(25) // 60 ms * [0.5, 1]
    expect(gaps[2]).toBeGreaterThanOrEqual(110) // 240 ms * [0.5, 1]
    await waitFor(() => t.counters.sent === 1, 1000, 'sent counted')
    expect(t.counters.retried).toBe(3)
  })

  it('times out a slow response and retries', async () => {
    const { server, sink, t } = await setup({ timeoutMs: 600 })
    server.respond(() => ({ status: 200, body: {}, delayMs: 1500 }), 1)
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => t.counters.sent === 1, 5000)
    expect(t.counters.retried).toBe(1)
  })

  it('a 400 is not retried: one plain-text attempt, then the alert is counted as dropped with a system record', async () => {
    const { server, sink, t } = await setup()
    server.respond(
      () => ({
        status: 400,
        body: {
          message: 'Invalid Form Body',
          code: 50035,
          errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] } } } },
        },
      }),
      1,
    )
    await sink.write(makeBatch([positionClosed()]))
    await sink.flush!()
    expect(server.delivered).toHaveLength(1)
    expect((server.delivered[0].body as { content?: string }).content).toContain('Position Closed')

    server.respond(() => ({ status: 400, body: { message: 'Invalid Form Body', code: 50035 } }), 2)
    await sink.write(makeBatch([positionClosed({ account_id: 'SECRETACCT' })]))
    await sink.flush!()
    expect(server.requests).toHaveLength(4)
    expect(t.counters.dropped).toBe(1)
    const rec = t.logs.find((l) => l.level === 'error' && /rejected/.test(l.message))!
    expect(rec.message).toContain('Invalid Form Body (code 50035)')
    // the payload is described (sizes), never included
    expect(JSON.stringify(rec)).not.toContain('SECRETACCT')
    expect(String(rec.fields?.payload)).toMatch(/plain content \(\d+ chars/)
  })

  it('a 404 unknown webhook disables the channel with a critical system record', async () => {
    const server = new FakeDiscord()
    await server.listen()
    teardowns.push(() => server.close())
    const { sink, t, dir } = await setup({}, server)
    server.webhooks.clear()
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => sink.stats().default.disabled, 2000)
    await sink.write(makeBatch([positionClosed()]))
    await sleep(100)
    expect(server.requests).toHaveLength(1)
    const crit = t.logs.find((l) => l.level === 'critical')!
    expect(crit.category).toBe('system')
    expect(crit.message).toMatch(/disabled: Unknown Webhook \(code 10015\)/)
    // nothing is lost: both alerts wait in the spool for a fixed config
    expect(await spooled(dir)).toBe(2)
  })

  it('rate limit: over the limit, alerts are folded into one summary (seed 001), nothing silently dropped', async () => {
    // the bucket on a manual clock: a slow spool fsync or a slow request must not refill it meanwhile
    const clock = new FakeClock(Date.now())
    const { server, sink, t } = await setup({ rateLimit: { max: 2, intervalMs: 400 } }, undefined, { clock })
    const starts = watchRequestStarts(server.origin)
    teardowns.push(async () => starts.stop())
    await sink.write(makeBatch([makeRecord({ category: 'system', level: 'error', message: 'first' })]))
    await sink.write(makeBatch(closes(5)))
    await waitFor(() => server.delivered.length === 2, 3000, 'two messages')
    // one token left and five waiting: all five become the seed's summary
    expect(server.messages[0].embeds[0].title).toContain('first')
    expect(server.messages[1].embeds[0].title).toBe('ℹ️ Multiple Enforcement Actions (5 positions closed)')
    const fields = Object.fromEntries(server.messages[1].embeds[0].fields!.map((f) => [f.name, f.value]))
    expect(fields['Positions closed']).toBe('MNQ, ES, NQ, GC, CL')
    expect(fields.Account).toBe('ABC123 (TopstepX Main)')
    expect(fields.Reason).toBe('Daily loss limit exceeded')
    expect(fields.Actions).toBe('Position closed automatically')
    await waitFor(() => t.counters.aggregated === 5, 1000, 'aggregated counted')

    // the bucket refills (2 per 400 ms): with two tokens and three waiting, one goes alone, two are folded
    await sleep(450)
    clock.advance(450)
    await sink.write(makeBatch(closes(3, 'XYZ')))
    await waitFor(() => server.delivered.length === 4, 3000, 'four messages')
    expect(server.messages[2].embeds[0].title).toBe('ℹ️ Position Closed - Unrealized Loss')
    expect(server.messages[3].embeds[0].title).toBe('ℹ️ Multiple Enforcement Actions (2 positions closed)')
    // never more than max per interval: timed where the requests start (the client), since a
    // request delayed on its way would shorten the gap the server sees
    const times = starts.times
    expect(times).toHaveLength(4)
    for (let i = 2; i < times.length; i++) expect(times[i] - times[i - 2]).toBeGreaterThanOrEqual(190)
    // accounted: 9 alerts = 2 sent alone + 7 in summaries, 0 dropped
    await waitFor(() => t.counters.sent === 4, 1000, 'sent counted')
    expect(t.counters.aggregated).toBe(7)
    expect(t.counters.dropped ?? 0).toBe(0)
  })

  it('similar events inside the aggregation window: the first at once, the rest as one summary', async () => {
    const { server, sink, t } = await setup({ aggregate: { windowMs: 300 } })
    const starts = watchRequestStarts(server.origin)
    teardowns.push(async () => starts.stop())
    const written = performance.now() // the window cannot open before the alerts arrive
    await sink.write(makeBatch(closes(5)))
    await waitFor(() => server.delivered.length === 2, 5000, 'the alert and the summary')
    expect(server.messages[0].embeds[0].title).toBe('ℹ️ Position Closed - Unrealized Loss')
    expect(server.messages[1].embeds[0].title).toBe('ℹ️ Multiple Enforcement Actions (4 positions closed)')
    // the summary left only once the window was over (a late sender only makes this later)
    expect(starts.times).toHaveLength(2)
    expect(starts.times[1]! - written).toBeGreaterThanOrEqual(290)
    await waitFor(() => t.counters.aggregated === 4, 1000, 'aggregated counted')
  })

  it('the circuit breaker stops a failing channel and probes it later', async () => {
    const { server, sink, t } = await setup({ retry: { tries: 1, baseDelayMs: 10, maxDelayMs: 20 }, breaker: { failures: 2, openMs: 1200, maxOpenMs: 2000 } })
    server.respond(() => ({ status: 503, body: { message: 'down' } }))
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => t.logs.some((l) => /circuit open/.test(l.message)), 2000, 'circuit open')
    const n = server.requests.length
    expect(n).toBe(2)
    // the failure records name their event, and the channel keeps its last error for `status`
    expect(t.logs.find((l) => /circuit open/.test(l.message))?.fields).toMatchObject({ event: 'notify_circuit_open', channel: 'default' })
    const last = sink.stats().default.lastError
    expect(last?.message).toMatch(/503|down/)
    expect(Date.parse(last!.at)).toBeGreaterThan(Date.now() - 60_000)
    await sleep(300)
    expect(server.requests.length).toBe(n) // open: no requests
    server.clearResponders()
    await waitFor(() => server.delivered.length === 1, 4000, 'probe delivers')
    await waitFor(() => t.logs.some((l) => /delivers again/.test(l.message)), 1000, 'recovery notice')
    expect(t.logs.find((l) => /delivers again/.test(l.message))?.fields).toMatchObject({ event: 'notify_recovered' })
  })

  it('write() returns at once while a channel waits out a long 429; flush() is bounded', async () => {
    const { server, sink, t } = await setup({ flushTimeoutMs: 300 })
    server.respond(() => rateLimited(60))
    await sink.write(makeBatch([positionClosed()]))
    await waitFor(() => t.counters['rate-limited'] === 1, 5000, 'the 429 taken in')
    // bounds far above what the calls need, and far below the 60 s the channel waits
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) await sink.write(makeBatch([positionClosed()]))
    expect(performance.now() - t0).toBeLessThan(10_000)
    const t1 = performance.now()
    await sink.flush!()
    expect(performance.now() - t1).toBeLessThan(3000)
    expect(sink.stats().default.backlog).toBe(21)
    expect(server.requests).toHaveLength(1)
  })

  it('the backlog is bounded: the oldest are dropped, counted, and reported', async () => {
    const server = new FakeDiscord()
    await server.listen()
    teardowns.push(() => server.close())
    server.respond(() => ({ status: 0, reset: true })) // Discord unreachable: every connection is reset
    const { sink, t, dir } = await setup({ spool: { maxFiles: 5 }, breaker: { failures: 1, openMs: 5000, maxOpenMs: 5000 } }, server)
    await sink.write(makeBatch(closes(3).map((r, i) => ({ ...r, account_id: `A${i}` }))))
    await sink.write(makeBatch(closes(5).map((r, i) => ({ ...r, account_id: `B${i}` }))))
    expect(t.counters.dropped).toBe(3)
    expect(await spooled(dir)).toBe(5)
    expect(t.logs.some((l) => l.level === 'error' && /dropped the 3 oldest/.test(l.message))).toBe(true)
    // five wait for Discord, none arrived
    expect(sink.stats().default.backlog).toBe(5)
    expect(server.delivered).toHaveLength(0)
  })

  it('alerts spooled while Discord is down are delivered after a restart, exactly once', async () => {
    // one server throughout, so its port is never free for another process to take
    const server = new FakeDiscord()
    await server.listen()
    teardowns.push(() => server.close())
    server.respond(() => ({ status: 0, reset: true })) // Discord down: every connection is reset
    const first = await setup({ breaker: { failures: 1, openMs: 5000, maxOpenMs: 5000 } }, server)
    const records = closes(4).map((r, i) => ({ ...r, account_id: `R${i}` }))
    await first.sink.write(makeBatch(records))
    await waitFor(() => server.requests.length > 0, 5000, 'an attempt while Discord is down')
    await first.sink.close!()
    expect(await spooled(first.dir)).toBe(4)
    expect(server.delivered).toHaveLength(0)

    server.clearResponders() // Discord is back
    const t = makeContext('discord-test')
    const again = await createDiscordNotifier({ webhookUrl: first.webhookUrl, apiBaseUrl: server.apiBaseUrl, ...fastOptions(first.dir) }, t.ctx)
    teardowns.push(async () => {
      await again.close!()
    })
    // the host re-sends nothing here, but if it re-sent the batch, dedupe would keep it single
    await again.write(makeBatch(records))
    await waitFor(() => server.delivered.length === 4, 3000)
    await sleep(100)
    expect(server.delivered).toHaveLength(4)
    const accounts = server.messages.map((m) => m.embeds[0].fields![0].value.split(' ')[0]).sort()
    expect(accounts).toEqual(['R0', 'R1', 'R2', 'R3'])
    await waitFor(() => again.stats().default.backlog === 0)
    await again.flush!()
    expect(await spooled(first.dir)).toBe(0)
  })

  it("testChannel reports the API's answer", async () => {
    const { server, sink } = await setup()
    expect(await sink.command!('test', { channel: 'default' })).toEqual({ ok: true, status: 200 })
    expect(server.messages[0].embeds[0].title).toBe('ℹ️ logwarden test message')
    server.webhooks.clear()
    expect(await sink.testChannel('default')).toEqual({ ok: false, status: 404, error: 'Unknown Webhook (code 10015)' })
    expect((await sink.testChannel('nope')).error).toMatch(/no channel named "nope"/)
  })
})
