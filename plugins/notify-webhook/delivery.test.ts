/**
 * notify-webhook against loopback stand-ins of Slack and Teams that enforce their documented
 * limits, and a plain JSON endpoint with a body template; through the real logger (worker pool).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LoopbackServer, runPlugin, waitFor, type PluginRun } from 'logwarden/testing'
import webhook from 'logwarden/plugins/notify-webhook'
import { SlackStandIn, TeamsStandIn } from './testing/stand-ins.js'

let cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

const FAST = {
  retry: { tries: 3, baseDelayMs: 20, maxDelayMs: 100 },
  aggregate: { windowMs: 0 },
  breaker: { failures: 5, openMs: 200, maxOpenMs: 1000 },
  timeoutMs: 2000,
  routes: [{ categories: ['enforcement', 'system'], minLevel: 'warn' }],
}

async function run(options: Record<string, unknown>): Promise<PluginRun> {
  const r = await runPlugin(webhook, { ...FAST, ...options })
  cleanup.push(() => r.close())
  return r
}

describe('notify-webhook', () => {
  it('preset slack: paced to 1 msg/s even when the config allows more; alerts waiting meanwhile arrive as one summary', async () => {
    // a 0.5 s margin for arrival jitter; an unpaced sender would come within milliseconds
    const slack = new SlackStandIn(500)
    await slack.listen()
    cleanup.push(() => slack.close())
    // the user asks for more than Slack allows: the preset caps it to one message a second
    const r = await run({ url: slack.url, preset: 'slack', rateLimit: { max: 100, intervalMs: 1000 } })
    const enforcement = r.log.category('enforcement')
    enforcement.warn('limit hit 0', { account_id: 'A0' })
    await waitFor(() => slack.delivered.length >= 1, 10_000, 'the first Slack message')
    enforcement.warn('limit hit 1', { account_id: 'A1' })
    await waitFor(() => slack.delivered.length >= 2, 10_000, 'the second Slack message')
    // the stand-in answers 429 to anything under 0.5 s after the last accepted message: none came
    expect(slack.requests.map((q) => q.status)).toEqual([200, 200])
    expect(slack.delivered[1]!.at - slack.delivered[0]!.at).toBeGreaterThan(500)
    for (let i = 2; i < 5; i++) enforcement.warn(`limit hit ${i}`, { account_id: `A${i}` })
    await waitFor(() => slack.delivered.length >= 3, 10_000, 'the summary')
    await r.log.flush()
    const texts = slack.messages.map((m) => m.text)
    for (let i = 0; i < 5; i++) expect(texts.join('\n')).toContain(`A${i}`)
    expect(slack.requests.filter((q) => q.status !== 200)).toEqual([])
    expect(r.stats().lanes.find((l) => l.name === 'notify-webhook')).toMatchObject({ role: 'notifier' })
  }, 30_000)

  it('preset slack: a 429 waits Retry-After and loses nothing; text over 40,000 characters is cut to fit', async () => {
    const slack = new SlackStandIn()
    await slack.listen()
    cleanup.push(() => slack.close())
    const r = await run({ url: slack.url, preset: 'slack' })
    slack.respond(() => ({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }), 1)
    r.log.category('enforcement').warn('huge', { account_id: 'H1', details: 'x'.repeat(50_000) })
    await waitFor(() => slack.delivered.length >= 1, 15_000, 'a Slack message after the 429')
    const [limited, ok] = slack.requests
    expect([limited!.status, ok!.status]).toEqual([429, 200])
    expect(ok!.at - limited!.at).toBeGreaterThan(900)
    expect(slack.messages[0]!.text.length).toBeLessThanOrEqual(40_000)
    expect(slack.messages[0]!.text).toContain('H1')
  }, 30_000)

  it('preset slack: mentions in a record cannot ping a channel', async () => {
    const slack = new SlackStandIn()
    await slack.listen()
    cleanup.push(() => slack.close())
    const r = await run({ url: slack.url, preset: 'slack' })
    r.log.category('enforcement').warn('<!channel> hello & bye')
    await waitFor(() => slack.delivered.length >= 1, 10_000, 'a Slack message')
    expect(slack.messages[0]!.text).toContain('&lt;!channel&gt; hello &amp; bye')
  })

  it('preset teams: a huge alert still fits 28 KB; a 429 is waited out, not dropped', async () => {
    const teams = new TeamsStandIn()
    await teams.listen()
    cleanup.push(() => teams.close())
    const r = await run({ url: teams.url, preset: 'teams' })
    teams.respond(() => ({ status: 429, headers: { 'retry-after': '1' }, body: 'Too many requests' }), 1)
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`field_${i}`, 'é'.repeat(3000)]))
    r.log.category('enforcement').critical('meltdown '.repeat(5000), many)
    await waitFor(() => teams.delivered.length >= 1, 15_000, 'a Teams card')
    expect(teams.requests.map((q) => q.status)).toEqual([429, 200])
    expect(Buffer.byteLength(teams.delivered[0]!.raw)).toBeLessThanOrEqual(28 * 1024)
    expect(teams.cards[0]).toMatchObject({ '@type': 'MessageCard', themeColor: 'D93F0B' })
  }, 30_000)

  it('preset json: method, headers and the body template', async () => {
    const api = new LoopbackServer()
    await api.listen()
    cleanup.push(() => api.close())
    const r = await run({
      url: `${api.origin}/hooks/alerts`,
      method: 'PUT',
      headers: { authorization: 'Bearer sekret-token-123' },
      body: { summary: '[{{severity}}] {{title}}', data: { fields: '{{fields}}', at: '{{timestamp}}' } },
    })
    r.log.category('enforcement').warn('Position closed', { account_id: 'ABC123' })
    await waitFor(() => api.delivered.length >= 1, 10_000, 'a webhook call')
    const req = api.delivered[0]!
    expect(req.method).toBe('PUT')
    expect(req.headers.authorization).toBe('Bearer sekret-token-123')
    const body = req.body as { summary: string; data: { fields: Array<{ name: string; value: string }>; at: string } }
    expect(body.summary).toMatch(/^\[warning\] /)
    expect(body.data.fields.some((f) => f.value.includes('ABC123'))).toBe(true)
    expect(Date.parse(body.data.at)).not.toBeNaN()
  })

  it('refuses an unknown placeholder and a non-URL at start, without quoting the URL', async () => {
    await expect(runPlugin(webhook, { url: 'https://hooks.example/x', body: { t: '{{titel}}' } })).rejects.toMatchObject({
      message: expect.stringContaining('unknown placeholders {{titel}}'),
    })
    await expect(runPlugin(webhook, { url: 'not a url with secret-abc' })).rejects.toSatisfy(
      (e: Error) => e.message.includes('plugins[0][1].url: must be an http:// or https:// URL') && !e.message.includes('secret-abc'),
    )
  })
})
